"""The quarterly situation analysis: the list of quarters with the party office's draft
form, and one version with its figures, charts, commentary, conclusions and PDF.

Readers (the party office, the party committee, the leading group, the discipline
office) see issued versions; the party office alone sees drafts. Everyone else: 403 on
the list, 404 on a version.
"""

from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from analysis import figures, selectors, services
from analysis.forms import CommentaryForm, ConclusionsForm, DraftForm
from analysis.models import QuarterlyReportVersion
from analysis.presentation import show
from analysis.rules import DRAFT, EDIT_VERSION, RECORD_CONCLUSIONS, VIEW_REPORTS, VIEW_VERSION
from core.permissions import get_object_for_user_or_404
from core.views import acts, run_action


def _url(version):
    return reverse("analysis:version", args=[version.pk])


def version_for_user_or_404(user, pk):
    return get_object_for_user_or_404(
        QuarterlyReportVersion.objects.select_related(
            "report", "created_by", "issued_by", "conclusions_by"
        ),
        user,
        perms=[VIEW_VERSION],
        pk=pk,
    )


def _list_page(request, form=None):
    may_draft = request.user.has_perm(DRAFT)
    return render(
        request,
        "analysis/report_list.html",
        {
            "reports": selectors.report_rows(request.user),
            "may_draft": may_draft,
            "form": form or DraftForm(),
        },
    )


@require_safe
@login_required
@permission_required(VIEW_REPORTS, raise_exception=True)
def report_list(request):
    return _list_page(request)


@acts(DRAFT)
def report_new(request):
    form = DraftForm(request.POST)
    return run_action(
        request,
        lambda: services.report_draft(by=request.user, **form.cleaned_data),
        form=form,
        page=lambda: _list_page(request, form),
        success_url=_url,
        success_message=_("已起草，请填写党办分析意见。"),
    )


def _detail(request, version, *, commentary_form=None, conclusions_form=None):
    user = request.user
    if version.snapshot is not None:
        shown = version.snapshot
    else:
        report = version.report
        shown = figures.assemble(report.year, report.quarter, today=timezone.localdate())
    others = [
        other
        for other in version.report.versions.select_related("issued_by").order_by("-number")
        if other.pk != version.pk and user.has_perm(VIEW_VERSION, other)
    ]
    return render(
        request,
        "analysis/version_detail.html",
        {
            "version": version,
            "report": version.report,
            "others": others,
            "history": version.events.select_related("actor"),
            "document": selectors.version_document(version),
            "may_edit": user.has_perm(EDIT_VERSION, version),
            "may_conclude": user.has_perm(RECORD_CONCLUSIONS, version)
            and not version.has_conclusions,
            "may_redraft": user.has_perm(DRAFT) and version.state == "issued",
            "commentary_form": commentary_form
            or CommentaryForm(initial={"commentary": version.commentary}),
            "conclusions_form": conclusions_form
            or ConclusionsForm(initial={"meeting_on": timezone.localdate()}),
            "redraft_form": DraftForm(
                initial={"year": version.report.year, "quarter": version.report.quarter}
            ),
            **show(shown),
        },
    )


@require_safe
@login_required
def version_detail(request, pk):
    return _detail(request, version_for_user_or_404(request.user, pk))


@acts(DRAFT)
def version_commentary(request, pk):
    version = version_for_user_or_404(request.user, pk)
    form = CommentaryForm(request.POST)
    return run_action(
        request,
        lambda: services.commentary_save(version=version, by=request.user, **form.cleaned_data),
        form=form,
        page=lambda: _detail(
            request, version_for_user_or_404(request.user, pk), commentary_form=form
        ),
        success_url=_url(version),
        success_message=_("党办分析意见已保存。"),
    )


@acts(DRAFT)
def version_issue(request, pk):
    version = version_for_user_or_404(request.user, pk)
    return run_action(
        request,
        lambda: services.report_issue(version=version, by=request.user),
        success_url=_url(version),
        success_message=_("已印发，数据已固定；PDF 正在生成。"),
    )


@acts(RECORD_CONCLUSIONS)
def version_conclusions(request, pk):
    version = version_for_user_or_404(request.user, pk)
    form = ConclusionsForm(request.POST)
    return run_action(
        request,
        lambda: services.conclusions_record(version=version, by=request.user, **form.cleaned_data),
        form=form,
        page=lambda: _detail(
            request, version_for_user_or_404(request.user, pk), conclusions_form=form
        ),
        success_url=_url(version),
        success_message=_("党委研判意见已记录。"),
    )
