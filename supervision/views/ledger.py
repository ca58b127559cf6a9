"""The rectification ledger (整改台账): the list (printed and exported), a department's
ledger, one item with the department's rectification and the office's check, and the
evidence files.

A department's head or contact sees its own items only; a reviewer assigned to an
application of the unit reads that unit's items (to follow what the application
attached). What the user may not see is 404.
"""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.files import stored_file_response
from core.lists import list_page
from core.permissions import get_object_for_user_or_404
from core.upload_limits import MULTIPART_ALLOWANCE, upload_body_limited
from core.uploads import EVIDENCE_KINDS
from core.views import acts, run_action
from departments.models import Department
from supervision import selectors
from supervision.forms import CloseForm, RectifyForm, SendBackForm
from supervision.lists import LedgerFilter, LedgerTable, timeliness
from supervision.models import LedgerEvidence, LedgerItem
from supervision.rules import CHECK_ITEM, RECTIFY_ITEM, VIEW_ITEM, reads_ledger_of, sees_all
from supervision.services import ledger as services

from .visits import require_reader


def _url(item):
    return reverse("supervision:item", args=[item.pk])


def item_for_user_or_404(user, pk, *, may=None):
    """The item ``pk`` if ``user`` may see it (else 404) and, given ``may``, holds that
    permission on it too (else 403)."""
    item = get_object_for_user_or_404(
        LedgerItem.objects.select_related(
            "unit__head", "responsible__department", "visit", "recorded_by", "closed_by"
        ),
        user,
        perms=[VIEW_ITEM],
        pk=pk,
    )
    if may is not None and not user.has_perm(may, item):
        raise PermissionDenied
    return item


@login_required
def ledger(request):
    """The ledger: every item for the offices, the leading group and the party committee;
    a department's own for its head or contact. Prints, and exports with ``?export=xlsx``."""
    require_reader(request.user)
    return list_page(
        request,
        rows=selectors.ledger_rows(request.user),
        table_class=LedgerTable,
        filterset_class=LedgerFilter,
        template="supervision/ledger.html",
        title=_("整改台账"),
        export_name=_("整改台账"),
        context={"sees_all": sees_all(request.user), "counts": selectors.ledger_counts()}
        if sees_all(request.user)
        else {"sees_all": False},
    )


@login_required
def unit_ledger(request, pk):
    """One department's ledger: the records a reviewer follows from an application."""
    unit = get_object_or_404(Department.objects.select_related("head"), pk=pk)
    if not reads_ledger_of(request.user, unit):
        raise Http404
    return list_page(
        request,
        rows=selectors.unit_ledger_rows(unit),
        table_class=LedgerTable,
        template="supervision/unit_ledger.html",
        title=_("%(unit)s整改台账") % {"unit": unit.name},
        export_name=_("%(unit)s整改台账") % {"unit": unit.name},
        context={"unit": unit},
    )


def _detail(request, item, *, rectify_form=None, close_form=None, send_back_form=None):
    user = request.user
    today = timezone.localdate()
    item.overdue = item.is_overdue(today)
    return render(
        request,
        "supervision/item_detail.html",
        {
            "item": item,
            "timeliness": timeliness(item),
            "rectifications": item.rectifications.select_related("submitted_by").prefetch_related(
                "evidence"
            ),
            "history": item.events.select_related("actor"),
            # Each form: the workflow takes the step now, and the rule lets this person.
            "may_rectify": services.takes_rectification(item) and user.has_perm(RECTIFY_ITEM, item),
            "may_check": item.state == "rectified" and user.has_perm(CHECK_ITEM, item),
            "rectify_form": rectify_form or RectifyForm(initial={"submission_key": uuid.uuid4()}),
            "close_form": close_form or CloseForm(),
            "send_back_form": send_back_form or SendBackForm(),
            "max_mb": services.MAX_EVIDENCE_BYTES // 1024 // 1024,
            "max_bytes": services.MAX_EVIDENCE_BYTES,
            "max_files": services.MAX_EVIDENCE_FILES,
            "allowed_kinds": "、".join(str(kind.label) for kind in EVIDENCE_KINDS),
        },
    )


@login_required
def item_detail(request, pk):
    return _detail(request, item_for_user_or_404(request.user, pk))


def _limits():
    body = services.MAX_EVIDENCE_FILES * services.MAX_EVIDENCE_BYTES + MULTIPART_ALLOWANCE
    return body, services.MAX_EVIDENCE_BYTES


def _too_large(request, pk):
    """An oversized upload, refused unread: the files never reach the service."""
    item = item_for_user_or_404(request.user, pk)
    messages.error(
        request,
        _("文件过大，未上传：每个佐证文件不超过 %(size)s MB，最多 %(count)s 个。")
        % {
            "size": services.MAX_EVIDENCE_BYTES // 1024 // 1024,
            "count": services.MAX_EVIDENCE_FILES,
        },
    )
    return redirect(_url(item))


@acts()
@upload_body_limited(limits=_limits, refuse=_too_large)
def item_rectify(request, pk):
    item = item_for_user_or_404(request.user, pk, may=RECTIFY_ITEM)
    form = RectifyForm(request.POST)
    return run_action(
        request,
        lambda: services.ledger_rectify(
            item=item,
            by=request.user,
            text=form.cleaned_data["text"],
            uploads=request.FILES.getlist("evidence"),
            submission_key=form.cleaned_data["submission_key"],
        ),
        form=form,
        page=lambda: _detail(request, item_for_user_or_404(request.user, pk), rectify_form=form),
        success_url=_url,
        success_message=_("整改情况已提交，等待党办和纪检监察室核查。"),
    )


def _checked_item(request, pk):
    """404 for who may not see the item, before the check's rule is asked (403)."""
    return item_for_user_or_404(request.user, pk, may=CHECK_ITEM)


@acts(CHECK_ITEM)
def item_close(request, pk):
    item = _checked_item(request, pk)
    form = CloseForm(request.POST)
    return run_action(
        request,
        lambda: services.ledger_close(item=item, by=request.user, note=form.cleaned_data["note"]),
        form=form,
        page=lambda: _detail(request, item_for_user_or_404(request.user, pk), close_form=form),
        success_url=_url(item),
        success_message=_("核查通过，已销号。"),
    )


@acts(CHECK_ITEM)
def item_send_back(request, pk):
    item = _checked_item(request, pk)
    form = SendBackForm(request.POST)
    return run_action(
        request,
        lambda: services.ledger_send_back(
            item=item, by=request.user, reason=form.cleaned_data["reason"]
        ),
        form=form,
        page=lambda: _detail(request, item_for_user_or_404(request.user, pk), send_back_form=form),
        success_url=_url(item),
        success_message=_("已退回，已通知该科室重新整改。"),
    )


@login_required
def evidence_file(request, pk, file_pk):
    item = item_for_user_or_404(request.user, pk)
    evidence = get_object_or_404(LedgerEvidence, pk=file_pk, rectification__item=item)
    return stored_file_response(evidence)
