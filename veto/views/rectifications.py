"""Rectification pages: the offices' list, one rectification (the department
uploads its report, the party committee accepts or extends), a department's
own view of its confirmed events, and the revocations for the cadre meeting."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from core.files import stored_file_response
from core.lists import list_page
from core.permissions import get_object_for_user_or_404
from core.upload_limits import MULTIPART_ALLOWANCE, upload_body_limited
from core.views import acts, run_action
from departments.models import Department
from documents.enums import DocumentKind
from documents.models import OfficialDocument
from documents.services import document_key
from veto import exports, selectors
from veto.enums import VetoEventState
from veto.forms import (
    AcceptForm,
    ExtendForm,
    RectificationReportForm,
    RevocationFilterForm,
)
from veto.lists import RectificationFilter, RectificationTable
from veto.models import Rectification, RectificationReport
from veto.rules import (
    DECIDE_RECTIFICATION,
    REPORT_RECTIFICATION,
    VIEW_RECTIFICATION,
    sees_supervision_of,
)
from veto.services import rectifications as services

# The party office and the party committee (both may view titles) read the revocations.
VIEW_REVOCATIONS = "appraisal.view_title"


def notice_of(rectification):
    """The stored rectification notice (None until the workflow asked for it)."""
    return OfficialDocument.objects.filter(
        key=document_key(DocumentKind.RECTIFICATION, rectification)
    ).first()


def rectification_for_user_or_404(user, pk, *, may=None):
    """The rectification ``pk`` if ``user`` may see it (else 404), and, given ``may``
    (a permission on it), holds that too (else 403)."""
    rectification = get_object_for_user_or_404(
        Rectification.objects.select_related("unit__head", "title", "event", "accepted_by"),
        user,
        perms=[VIEW_RECTIFICATION],
        pk=pk,
    )
    if may is not None and not user.has_perm(may, rectification):
        raise PermissionDenied
    return rectification


def _url(rectification):
    return reverse("veto:rectification", args=[rectification.pk])


@login_required
@permission_required(VIEW_RECTIFICATION, raise_exception=True)
def rectification_list(request):
    return list_page(
        request,
        rows=selectors.rectification_rows(),
        table_class=RectificationTable,
        filterset_class=RectificationFilter,
        template="veto/rectification_list.html",
        title=_("整改"),
        export_name=_("整改"),
        context={"counts": selectors.rectification_counts()},
        table_kwargs={} if request.GET else {"empty_text": _("没有整改记录。")},
    )


def _detail(request, rectification, *, report_form=None, accept_form=None, extend_form=None):
    user = request.user
    event = rectification.event
    return render(
        request,
        "veto/rectification_detail.html",
        {
            "rectification": rectification,
            # A department sees only what was confirmed; the rectification exists
            # only after a confirmation, but the guard keeps the rule visible.
            "event": event if event.state == VetoEventState.CONFIRMED else None,
            "notice": notice_of(rectification),
            "reports": rectification.reports.select_related("uploaded_by"),
            "history": rectification.events.select_related("actor"),
            "latest_end": services.latest_end(rectification),
            # Each button: the workflow takes the step now, and the rule lets this person.
            "may_report": services.takes_reports(rectification)
            and user.has_perm(REPORT_RECTIFICATION, rectification),
            "may_decide": can_proceed(rectification.accept)
            and user.has_perm(DECIDE_RECTIFICATION, rectification),
            "report_form": report_form or RectificationReportForm(),
            "accept_form": accept_form or AcceptForm(),
            "extend_form": extend_form or ExtendForm(),
        },
    )


@login_required
def rectification_detail(request, pk):
    return _detail(request, rectification_for_user_or_404(request.user, pk))


def _report_limits():
    return services.MAX_REPORT_BYTES + MULTIPART_ALLOWANCE, services.MAX_REPORT_BYTES


def _report_too_large(request, pk):
    """An oversized report, refused unread: the file never reaches the service."""
    rectification = rectification_for_user_or_404(request.user, pk)
    messages.error(
        request,
        _("文件过大，未上传：整改报告不超过 %(size)s MB。请压缩或拆分后重新上传。")
        % {"size": services.MAX_REPORT_BYTES // 1024 // 1024},
    )
    return redirect("veto:rectification", pk=rectification.pk)


@acts()
@upload_body_limited(limits=_report_limits, refuse=_report_too_large)
def rectification_report(request, pk):
    rectification = rectification_for_user_or_404(request.user, pk, may=REPORT_RECTIFICATION)
    form = RectificationReportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("请选择要上传的整改报告文件。"))
        return redirect(_url(rectification))
    return run_action(
        request,
        lambda: services.rectification_report_add(
            rectification=rectification,
            by=request.user,
            upload=form.cleaned_data["file"],
            note=form.cleaned_data["note"],
        ),
        success_url=_url(rectification),
        success_message=lambda report: (
            _("已提交整改报告「%(name)s」，党办和纪检监察室已收到通知。")
            % {"name": report.original_name}
        ),
    )


def _decider_rectification(request, pk):
    """Accept and extend: who may not see the rectification gets 404 before the
    decision's rule is asked (403), so the rule is asked of the object, here."""
    return rectification_for_user_or_404(request.user, pk, may=DECIDE_RECTIFICATION)


@acts()
def rectification_accept(request, pk):
    rectification = _decider_rectification(request, pk)
    form = AcceptForm(request.POST)
    return run_action(
        request,
        lambda: services.rectification_accept(
            rectification=rectification, by=request.user, note=form.cleaned_data["note"]
        ),
        form=form,
        page=lambda: _detail(request, rectification, accept_form=form),
        success_url=_url(rectification),
        success_message=_("已验收通过，已通知该科室可重新申报。"),
    )


@acts()
def rectification_extend(request, pk):
    rectification = _decider_rectification(request, pk)
    form = ExtendForm(request.POST)
    return run_action(
        request,
        lambda: services.rectification_extend(
            rectification=rectification,
            by=request.user,
            reason=form.cleaned_data["reason"],
            ends_on=form.cleaned_data["ends_on"],
        ),
        form=form,
        page=lambda: _detail(request, rectification, extend_form=form),
        success_url=_url(rectification),
        success_message=_("已延长整改期，整改通知书正在重新生成。"),
    )


@login_required
def report_file(request, pk, report_pk):
    """A report's file, to those who may see the rectification, never served directly."""
    rectification = rectification_for_user_or_404(request.user, pk)
    return stored_file_response(
        get_object_or_404(RectificationReport, pk=report_pk, rectification=rectification)
    )


@login_required
def unit_supervision(request, pk):
    """A department's own page: its confirmed veto events and its rectifications."""
    unit = get_object_or_404(Department.objects.select_related("head"), pk=pk)
    if not sees_supervision_of(request.user, unit):
        raise Http404
    events, rectifications = selectors.unit_supervision(unit)
    return render(
        request,
        "veto/unit_supervision.html",
        {"unit": unit, "events": events, "rectifications": rectifications},
    )


def _revocation_filter(request):
    form = RevocationFilterForm(request.GET or None)
    if form.is_valid():
        return form, {
            "revoked_from": form.cleaned_data["revoked_from"],
            "revoked_to": form.cleaned_data["revoked_to"],
        }
    return form, {}


@login_required
@permission_required(VIEW_REVOCATIONS, raise_exception=True)
def revocations(request):
    """Every revoked title, for the mid-level cadre meeting (中层干部会议通报)."""
    form, dates = _revocation_filter(request)
    return render(
        request,
        "veto/revocations.html",
        {
            "form": form,
            "titles": selectors.revoked_titles(**dates),
            "query": request.GET.urlencode(),
        },
    )


@login_required
@permission_required(VIEW_REVOCATIONS, raise_exception=True)
def revocations_export(request):
    _form, dates = _revocation_filter(request)
    response = HttpResponse(
        exports.revocations_workbook(selectors.revoked_titles(**dates)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="revocations-{stamp}.xlsx"'
    response["Cache-Control"] = "private, no-store"
    return response
