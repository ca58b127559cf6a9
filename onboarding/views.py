import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.files import private_file_response
from core.lists import list_page
from core.permissions import get_object_for_user_or_404
from core.views import acts, run_action
from departments.models import Person

from . import selectors, services
from .forms import AccountOpeningForm, PasswordResetForm
from .lists import BatchFilter, BatchTable, EntryFilter, EntryTable
from .models import AccountBatch
from .rules import CREATE_ACCOUNTS, DOWNLOAD_SLIPS, RESET_PASSWORD, VIEW_BATCHES
from .slips import SLIPS_KEPT_SECONDS, kept_slips, slips_by_department, slips_pdf, slips_xlsx

# A PDF of more slips than this takes WeasyPrint too long for one request (some
# 5 ms a slip): a larger batch is downloaded department by department.
WHOLE_PDF_AT_MOST = 1000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require(request, perm, obj=None):
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def _accounts_page(request, form):
    return render(
        request,
        "onboarding/accounts.html",
        {
            "form": form,
            "totals": selectors.account_totals(),
            "departments": selectors.department_account_counts(),
            "batches": selectors.batch_list()[:5],
        },
    )


def _opened(batch):
    message = ngettext("已为 %(size)s 人开通账号。", "已为 %(size)s 人开通账号。", batch.size) % {
        "size": batch.size
    }
    if batch.skipped:
        message += " " + ngettext(
            "%(skipped)s 人已有账号，已跳过，其账号和密码未作任何更改。",
            "%(skipped)s 人已有账号，已跳过，其账号和密码未作任何更改。",
            batch.skipped,
        ) % {"skipped": batch.skipped}
    return message + " " + _("请立即下载并打印开通通知单：初始密码只显示这一次。")


@login_required
def accounts(request):
    """Who still lacks an account, by department, and the form that opens them."""
    _require(request, CREATE_ACCOUNTS)
    if request.method != "POST":
        return _accounts_page(request, AccountOpeningForm())
    form = AccountOpeningForm(request.POST)
    return run_action(
        request,
        lambda: services.accounts_open(by=request.user, **form.cleaned_data),
        form=form,
        page=lambda: _accounts_page(request, form),
        success_url=lambda batch: reverse("onboarding:batch", args=[batch.pk]),
        success_message=_opened,
    )


@login_required
def batch_list(request):
    """Every account opening and password reset, newest first."""
    _require(request, VIEW_BATCHES)
    return list_page(
        request,
        rows=selectors.batch_list(),
        table_class=BatchTable,
        filterset_class=BatchFilter,
        template="onboarding/batch_list.html",
        title=_("开通记录"),
        export_name=_("开通记录"),
        table_kwargs={} if request.GET else {"empty_text": _("还没有开通记录。")},
    )


def _batch(request, pk):
    _require(request, VIEW_BATCHES)
    return get_object_or_404(
        AccountBatch.objects.select_related("created_by", "department", "roster_import").defer(
            "roster_import__preview"
        ),
        pk=pk,
    )


@login_required
def batch_detail(request, pk):
    """A batch: who made it, for whom; its slips, to its creator while they are kept; its
    people as a list (sorted, filtered, exported: never a password, see onboarding/lists.py).
    """
    batch = _batch(request, pk)
    may_download = request.user.has_perm(DOWNLOAD_SLIPS, batch)
    # Only the page reads the slips; the list's export and its htmx part do not.
    slips = kept_slips(batch) if may_download and not request.GET.get("export") else None
    return list_page(
        request,
        rows=selectors.batch_entries(batch),
        table_class=EntryTable,
        filterset_class=EntryFilter,
        template="onboarding/batch_detail.html",
        title=_("人员"),
        export_name=_("开通人员-%(number)s") % {"number": batch.pk},
        context={
            "batch": batch,
            "may_download": may_download,
            "slips_available": slips is not None,
            "slip_departments": [
                (pk, name, len(items)) for pk, name, items in slips_by_department(slips or [])
            ],
            "kept_minutes": SLIPS_KEPT_SECONDS // 60,
            "whole_pdf": batch.size <= WHOLE_PDF_AT_MOST,
        },
    )


def _slips_for_download(request, pk):
    """The batch's kept slips for its creator (403 for anyone else), or None when gone."""
    batch = _batch(request, pk)
    _require(request, DOWNLOAD_SLIPS, batch)
    slips = kept_slips(batch)
    if slips is None:
        messages.warning(
            request, _("该批开通通知单已不可下载。如需新的通知单，请重置相关人员的密码。")
        )
        return batch, None
    department = request.GET.get("department")
    if department and department.isdigit():
        slips = [slip for slip in slips if slip.department_id == int(department)]
    return batch, slips


def _file_name(batch, extension):
    return _("开通通知单-%(number)s.%(extension)s") % {"number": batch.pk, "extension": extension}


@login_required
def slips_pdf_download(request, pk):
    batch, slips = _slips_for_download(request, pk)
    if not slips:
        return redirect("onboarding:batch", batch.pk)
    if len(slips) > WHOLE_PDF_AT_MOST:
        messages.info(request, _("本批人数较多，请按科室分别下载通知单 PDF。"))
        return redirect("onboarding:batch", batch.pk)
    return private_file_response(
        io.BytesIO(slips_pdf(slips)),
        filename=_file_name(batch, "pdf"),
        content_type="application/pdf",
    )


@login_required
def slips_xlsx_download(request, pk):
    batch, slips = _slips_for_download(request, pk)
    if not slips:
        return redirect("onboarding:batch", batch.pk)
    return private_file_response(
        io.BytesIO(slips_xlsx(slips)), filename=_file_name(batch, "xlsx"), content_type=XLSX
    )


@acts()
def slips_done(request, pk):
    """The creator has printed the slips: they are dropped."""
    batch = _batch(request, pk)
    _require(request, DOWNLOAD_SLIPS, batch)
    return run_action(
        request,
        lambda: services.account_slips_done(batch=batch, by=request.user),
        success_url=reverse("onboarding:batch", args=[batch.pk]),
        success_message=_("开通通知单已清除，初始密码不再能下载。"),
    )


@login_required
def person_reset(request, pk):
    """Reset one person's password, with the reason: a new one-person slip."""
    _require(request, RESET_PASSWORD)  # the offices at all; then this very person
    person = get_object_for_user_or_404(
        Person.objects.select_related("department", "user"),
        request.user,
        perms=["departments.view_person"],
        pk=pk,
    )
    _require(request, RESET_PASSWORD, person)
    form = PasswordResetForm(request.POST if request.method == "POST" else None)

    def page():
        return render(request, "onboarding/person_reset.html", {"person": person, "form": form})

    if request.method != "POST":
        return page()
    return run_action(
        request,
        lambda: services.password_reset(
            person=person, by=request.user, reason=form.cleaned_data["reason"]
        ),
        form=form,
        page=page,
        success_url=lambda batch: reverse("onboarding:batch", args=[batch.pk]),
        success_message=_("已重置密码。请立即下载并打印新的开通通知单：新密码只显示这一次。"),
    )
