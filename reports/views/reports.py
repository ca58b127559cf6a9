"""Periodic reports: the list, the discipline office's overdue list, a report's page
with the next step's forms, the decisions and the files.

The working group sees every report; an office's head or contact (a branch's
secretary) sees its own. Everything else is 404.
"""

import uuid

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.files import stored_file_response
from core.lists import list_page
from core.permissions import get_object_for_user_or_404
from core.views import acts, run_action
from reports import selectors
from reports.enums import ReportState
from reports.forms import AcceptForm, CommentForm, ReturnForm, SubmitForm
from reports.lists import OverdueFilter, OverdueTable, ReportFilter, ReportTable
from reports.models import ReportFile
from reports.rules import REVIEW, SUBMIT, VIEW
from reports.services import submissions as services
from reports.services.submissions import SCAN_KINDS, report_url


def may_use_reports(user):
    """Whoever sees all reports, holds the role that submits, or speaks for an office
    or a branch."""
    return (
        user.has_perm(VIEW)
        or user.has_perm(SUBMIT)
        or selectors.own_departments(user).exists()
        or selectors.own_branches(user).exists()
    )


@login_required
def report_list(request):
    if not may_use_reports(request.user):
        raise PermissionDenied
    return list_page(
        request,
        rows=selectors.report_list(request.user),
        table_class=ReportTable,
        filterset_class=ReportFilter,
        template="reports/report_list.html",
        title=_("工作报告"),
        export_name=_("工作报告"),
        context={"sees_all": selectors.sees_all_reports(request.user)},
    )


@login_required
def overdue_list(request):
    """The discipline office's (and the working group's) list of reports past due."""
    if not request.user.has_perm(VIEW):
        raise PermissionDenied
    return list_page(
        request,
        rows=selectors.overdue_reports(timezone.localdate()),
        table_class=OverdueTable,
        filterset_class=OverdueFilter,
        template="reports/overdue_list.html",
        title=_("逾期未报的工作报告"),
        export_name=_("逾期未报的工作报告"),
    )


def _report_for(request, pk):
    return get_object_for_user_or_404(
        selectors.report_detail(pk), request.user, perms=[VIEW], pk=pk
    )


def _detail_page(request, report, forms=None):
    user = request.user
    forms = forms or {}
    may_submit = user.has_perm(SUBMIT, report) and report.state in (
        ReportState.DUE,
        ReportState.RETURNED,
    )
    may_review = user.has_perm(REVIEW, report)
    context = {
        "report": report,
        "today": timezone.localdate(),
        "submissions": list(report.submissions.all()),
        "comments": list(report.comments.all()),
        "events": list(report.events.select_related("actor")),
        "may_submit": may_submit,
        "may_review": may_review,
        "scan_kinds": ", ".join(str(kind.label) for kind in SCAN_KINDS),
        "max_files": services.MAX_FILES,
    }
    if may_submit:
        context["submit_form"] = forms.get("submit") or SubmitForm(
            initial={"submission_key": uuid.uuid4()}
        )
    if may_review:
        context["comment_form"] = forms.get("comment") or CommentForm()
        if report.state == ReportState.SUBMITTED:
            context["accept_form"] = forms.get("accept") or AcceptForm()
            context["return_form"] = forms.get("return") or ReturnForm()
    return render(request, "reports/report_detail.html", context)


@login_required
def report_detail(request, pk):
    return _detail_page(request, _report_for(request, pk))


@acts()
def report_submit(request, pk):
    report = _report_for(request, pk)
    form = SubmitForm(request.POST)
    return run_action(
        request,
        lambda: services.report_submit(
            report=report,
            by=request.user,
            text=form.cleaned_data["text"],
            uploads=request.FILES.getlist("attachments"),
            scan=request.FILES.get("scan"),
            submission_key=form.cleaned_data["submission_key"],
        ),
        form=form,
        page=lambda: _detail_page(request, _report_for(request, pk), {"submit": form}),
        success_url=report_url(report),
        success_message=_("报告已报送。"),
    )


@acts()
def report_comment(request, pk):
    report = _report_for(request, pk)
    form = CommentForm(request.POST)
    return run_action(
        request,
        lambda: services.report_comment(report=report, by=request.user, **form.cleaned_data),
        form=form,
        page=lambda: _detail_page(request, _report_for(request, pk), {"comment": form}),
        success_url=report_url(report),
        success_message=_("批注已保存。"),
    )


@acts()
def report_accept(request, pk):
    report = _report_for(request, pk)
    form = AcceptForm(request.POST)
    return run_action(
        request,
        lambda: services.report_accept(report=report, by=request.user, **form.cleaned_data),
        form=form,
        page=lambda: _detail_page(request, _report_for(request, pk), {"accept": form}),
        success_url=report_url(report),
        success_message=_("报告已通过。"),
    )


@acts()
def report_return(request, pk):
    report = _report_for(request, pk)
    form = ReturnForm(request.POST)
    return run_action(
        request,
        lambda: services.report_return(report=report, by=request.user, **form.cleaned_data),
        form=form,
        page=lambda: _detail_page(request, _report_for(request, pk), {"return": form}),
        success_url=report_url(report),
        success_message=_("报告已退回。"),
    )


@login_required
def report_file(request, pk, file_pk):
    report = _report_for(request, pk)
    record = get_object_or_404(ReportFile, pk=file_pk, submission__report=report)
    return stored_file_response(record)
