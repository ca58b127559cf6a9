"""A holder's list: the page (the version in force, the one being written, the earlier
ones), writing items, signing, the party office's scan, corrections and progress."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.files import stored_file_response
from core.views import run_action
from responsibility import selectors
from responsibility.enums import ListState, filing_due_on
from responsibility.forms import ItemForm, ProgressForm, ReviseForm, ScanForm
from responsibility.rules import EDIT, MANAGE, MARK_PROGRESS, RECORD_SCAN, SIGN
from responsibility.services import lists as services

from .access import holder_to, holder_to_read, item_to, version_to_read


@login_required
def mine(request):
    """The user's own entries in the sets of holders, newest year first; for a head, the
    way to the holders of their units."""
    return render(
        request,
        "responsibility/mine.html",
        {
            "holdings": selectors.holdings_of(request.user),
            # A head reads the lists of the holders of the units they head.
            "heads_units": selectors.units_headed_by(request.user).exists(),
        },
    )


def _list_page(request, holder, *, revise_form=None, scan_form=None, progress_forms=None):
    user = request.user
    versions = list(selectors.versions(holder))
    signed = next((v for v in versions if v.state == ListState.SIGNED), None)
    draft = next((v for v in versions if v.state == ListState.DRAFT), None)
    standing = holder.removed_on is None
    today = timezone.localdate()
    may_progress = standing and user.has_perm(MARK_PROGRESS, holder)
    if signed is not None and may_progress:
        # One form per item, each with its own prefix (and so its own field ids).
        for item in signed.items.all():
            item.progress_form = (progress_forms or {}).get(item.pk) or ProgressForm(
                prefix=f"p{item.pk}", initial={"on": today, "done": "1"}
            )
    return render(
        request,
        "responsibility/list.html",
        {
            "holder": holder,
            "unit": selectors.holder_unit(holder),
            "versions": versions,
            "in_force": signed,
            "draft": draft,
            "earlier": [v for v in versions if v is not signed and v is not draft],
            "due_on": filing_due_on(holder.year, holder.added_on),
            "today": today,
            "may_edit": standing and user.has_perm(EDIT, holder),
            "may_sign": standing and user.has_perm(SIGN, holder),
            "may_scan": standing and user.has_perm(RECORD_SCAN, holder),
            "may_progress": may_progress,
            "may_manage": standing and user.has_perm(MANAGE),
            "revise_form": revise_form or ReviseForm(),
            "scan_form": scan_form or ScanForm(),
        },
    )


@login_required
def list_detail(request, pk):
    return _list_page(request, holder_to_read(request, pk))


def _item_page(request, holder, form, item=None):
    return render(
        request,
        "responsibility/form.html",
        {
            "form": form,
            "title": _("修改清单事项") if item else _("添加清单事项"),
            "cancel": reverse("responsibility:list", args=[holder.pk]),
            "holder": holder,
        },
    )


@login_required
def item_add(request, pk):
    holder = holder_to(request, pk, EDIT)
    if request.method != "POST":
        return _item_page(request, holder, ItemForm())
    form = ItemForm(request.POST)
    return run_action(
        request,
        lambda: services.item_add(holder=holder, by=request.user, **form.cleaned_data),
        form=form,
        page=lambda: _item_page(request, holder, form),
        success_url=reverse("responsibility:list", args=[holder.pk]),
        success_message=_("已添加事项。"),
    )


@login_required
def item_edit(request, pk):
    item = item_to(request, pk, EDIT)
    holder = item.list.holder
    if request.method != "POST":
        form = ItemForm(
            initial={
                "kind": item.kind,
                "text": item.text,
                "measures": item.measures,
                "due_on": item.due_on,
            }
        )
        return _item_page(request, holder, form, item)
    form = ItemForm(request.POST)
    return run_action(
        request,
        lambda: services.item_change(item=item, by=request.user, **form.cleaned_data),
        form=form,
        page=lambda: _item_page(request, holder, form, item),
        success_url=reverse("responsibility:list", args=[holder.pk]),
        success_message=_("已修改事项。"),
    )


@login_required
@require_POST
def item_remove(request, pk):
    item = item_to(request, pk, EDIT)
    holder = item.list.holder
    return run_action(
        request,
        lambda: services.item_remove(item=item, by=request.user),
        success_url=reverse("responsibility:list", args=[holder.pk]),
        success_message=_("已删除事项。"),
    )


@login_required
@require_POST
def list_sign(request, pk):
    holder = holder_to(request, pk, SIGN)
    return run_action(
        request,
        lambda: services.list_sign(holder=holder, by=request.user),
        success_url=reverse("responsibility:list", args=[holder.pk]),
        success_message=_("已签名，清单已报党办备案。"),
    )


@login_required
@require_POST
def list_scan(request, pk):
    holder = holder_to(request, pk, RECORD_SCAN)
    form = ScanForm(request.POST, request.FILES)
    return run_action(
        request,
        lambda: services.list_scan_record(
            holder=holder, by=request.user, upload=form.cleaned_data["scan"]
        ),
        form=form,
        page=lambda: _list_page(request, holder_to_read(request, pk), scan_form=form),
        success_url=reverse("responsibility:list", args=[holder.pk]),
        success_message=_("已上传签名扫描件，清单已备案。"),
    )


@login_required
@require_POST
def list_revise(request, pk):
    holder = holder_to(request, pk, EDIT)
    form = ReviseForm(request.POST)
    return run_action(
        request,
        lambda: services.list_revise(holder=holder, by=request.user, **form.cleaned_data),
        form=form,
        page=lambda: _list_page(request, holder_to_read(request, pk), revise_form=form),
        success_url=reverse("responsibility:list", args=[holder.pk]),
        success_message=_("已开始修订，原版本保留。修改后请重新签名。"),
    )


@login_required
@require_POST
def item_progress(request, pk):
    item = item_to(request, pk, MARK_PROGRESS)
    holder = item.list.holder
    form = ProgressForm(request.POST, prefix=f"p{item.pk}")
    return run_action(
        request,
        lambda: services.item_progress(item=item, by=request.user, **form.cleaned_data),
        form=form,
        page=lambda: _list_page(
            request, holder_to_read(request, holder.pk), progress_forms={item.pk: form}
        ),
        success_url=reverse("responsibility:list", args=[holder.pk]) + f"#item-{item.pk}",
        success_message=_("已记录进展。"),
    )


@login_required
def scan_file(request, pk):
    version = version_to_read(request, pk)
    scan = getattr(version, "scan", None)
    if scan is None:
        raise Http404
    return stored_file_response(scan, inline=True)
