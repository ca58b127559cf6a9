"""The pages of one unit's application: the unit's place in a campaign, the
application as each person involved sees it, editing, evidence, and the
actions on it (confirm, submit, withdraw, branch opinion, return), plus the
party office's list. One module (about 420 lines) because the actions share
the fetch-and-authorise and the way back to the application."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin

from appraisal import selectors
from appraisal.application_lists import BULK_FORM_ID, ApplicationFilter, ApplicationTable
from appraisal.enums import APPLICATION_REVIEWED_STATES, ApplicationState, CampaignState
from appraisal.forms import (
    ApplicationBulkForm,
    ApplicationForm,
    BranchOpinionForm,
    EvidenceForm,
    ReasonForm,
    SelfAssessmentForm,
    StartForm,
)
from appraisal.materials import materials_with_evidence
from appraisal.models import Application, Campaign, Criterion, Evidence
from appraisal.record_selectors import record_panels
from appraisal.selectors import application_for_user_or_404
from appraisal.services import applications as services
from appraisal.services import branch_opinion as branch_services
from appraisal.services import evidence as evidence_services
from appraisal.services.applications import statement_length, submission_checklist
from appraisal.services.assignment import MANAGE as MANAGE_REVIEWS
from appraisal.vetoes import application_block, disqualification_reasons
from core.errors import DomainError
from core.files import stored_file_response
from core.lists import list_page
from core.upload_limits import MULTIPART_ALLOWANCE, upload_body_limited
from core.views import acts, run_action
from departments.models import Department
from departments.rules import is_of_unit
from documents.enums import DocumentKind
from documents.models import OfficialDocument
from documents.permissions import may_download_document
from documents.services import document_key


def _application_url(application, anchor=""):
    url = reverse("appraisal:application", args=[application.pk])
    return f"{url}#{anchor}" if anchor else url


def _back(application, anchor=""):
    return redirect(_application_url(application, anchor))


def _act(request, application, action, success, anchor=""):
    """Run a service; show its refusal or ``success`` as a message; back to the application."""
    return run_action(
        request,
        action,
        success_url=_application_url(application, anchor),
        success_message=success,
    )


# --- the unit's side ---------------------------------------------------------------------


@login_required
def unit_home(request, campaign_pk, unit_pk):
    """A unit's place in a campaign: its application, or the button that starts it."""
    campaign = get_object_or_404(Campaign, pk=campaign_pk)
    unit = get_object_or_404(Department, pk=unit_pk)
    if not is_of_unit(request.user, unit):
        raise Http404
    application = Application.objects.filter(campaign=campaign, unit=unit).first()
    if application is not None:
        return redirect("appraisal:application", pk=application.pk)
    if campaign.is_yearly_evaluation:
        # Units never apply in a yearly evaluation: one not evaluated has no place in it.
        raise Http404
    form = StartForm(request.POST if request.method == "POST" else None)

    def page():
        return render(
            request,
            "appraisal/unit_home.html",
            {
                "campaign": campaign,
                "unit": unit,
                "form": form,
                "application_block": application_block(unit, campaign),
            },
        )

    if request.method != "POST":
        return page()
    return run_action(
        request,
        lambda: services.application_start(campaign=campaign, unit=unit, by=request.user),
        form=form,
        page=page,
        success_url=lambda started: reverse("appraisal:application_edit", args=[started.pk]),
        success_message=_("已开始申报，人数已按人员名单预填，请核对。"),
    )


@login_required
def application_detail(request, pk):
    """The application as each person involved sees it, with what they can do next."""
    application = application_for_user_or_404(request.user, pk)
    user = request.user
    yearly = application.campaign.is_yearly_evaluation
    standards, total, general_evidence = selectors.rubric_sheet(application)
    # 科室资料目录: each item with the evidence files that support it (appraisal/materials.py).
    evidence_files = [
        (item, item.original_name, criterion.text)
        for standard in standards
        for criterion in standard.ordered_criteria
        for item in criterion.evidence_items
    ] + [(item, item.original_name, "") for item in general_evidence]
    versions = list(application.versions.order_by("number"))
    diff, evidence_added, evidence_removed, records_added, records_removed = None, [], [], [], []
    if len(versions) >= 2:
        diff = selectors.statement_diff(versions[-2].statement, versions[-1].statement)
        evidence_added, evidence_removed = selectors.evidence_changes(versions[-2], versions[-1])
        records_added, records_removed = selectors.record_changes(versions[-2], versions[-1])
    return render(
        request,
        "appraisal/application_detail.html",
        {
            "application": application,
            "campaign": application.campaign,
            "standards": standards,
            "total": total,
            "general_evidence": general_evidence,
            "materials": materials_with_evidence(application.materials_list, evidence_files),
            "self_total": selectors.self_assessment_total(application),
            "events": application.events.select_related("actor"),
            "versions": versions,
            "diff": diff,
            "evidence_added": evidence_added,
            "records_added": records_added,
            "records_removed": records_removed,
            "evidence_removed": evidence_removed,
            "branch_opinions": application.branch_opinions.select_related("given_by"),
            "checklist": submission_checklist(application) if application.is_editable else None,
            "statement_length": statement_length(application.statement),
            # What the page offers, from the rules the services require (appraisal/rules.py).
            # A yearly evaluation's unit never edits, withdraws or is returned.
            "is_applicant": not yearly and user.has_perm("appraisal.edit_application", application),
            "is_head": user.has_perm("appraisal.confirm_application", application),
            "is_branch_secretary": user.has_perm("appraisal.give_branch_opinion", application),
            "may_return": not yearly and user.has_perm("appraisal.return_application", application),
            "may_see_reviews": user.has_perm("appraisal.view_application_reviews", application),
            "reviewed_states": APPLICATION_REVIEWED_STATES,
            "results_published": not yearly and application.campaign.state == CampaignState.CLOSED,
            "reason_form": ReasonForm(),
            "opinion_form": BranchOpinionForm(),
            "application_form": _application_form_document(application),
            "certificate": _certificate_document(request.user, application),
            "veto_reasons": disqualification_reasons(application),
        },
    )


def _application_form_document(application):
    """The 申报表 PDF, once the application has been submitted (None before)."""
    if application.submitted_at is None:
        return None
    return OfficialDocument.objects.filter(
        key=document_key(DocumentKind.APPLICATION_FORM, application)
    ).first()


def _certificate_document(user, application):
    """The unit's certificate of this campaign, if commended and the user may download it."""
    if application.state != ApplicationState.COMMENDED:
        return None
    document = (
        OfficialDocument.objects.filter(
            kind=DocumentKind.CERTIFICATE, title__application=application
        )
        .select_related("title__unit__head")
        .first()
    )
    return document if document and may_download_document(user, document) else None


@login_required
def application_edit(request, pk):
    """The 申报表, the statement (with a live character count), self-assessment and evidence."""
    application = application_for_user_or_404(request.user, pk)
    if not request.user.has_perm("appraisal.edit_application", application):
        raise Http404
    if not application.is_editable:
        messages.info(request, _("申报已提交，现为只读。如需修改，请先撤回（评审开始前）。"))
        return _back(application)
    initial = {
        "staff_count": application.staff_count,
        "party_member_count": application.party_member_count,
        "materials_list": application.materials_list,
        "statement": application.statement,
    }
    form = ApplicationForm(request.POST or None, initial=initial)

    def page():
        standards, total, general_evidence = selectors.rubric_sheet(application)
        # 本年度台账: one call to the record kinds for every criterion of the page.
        criteria = [c for s in standards for c in s.ordered_criteria]
        record_panels(application, criteria, attached={c.pk: c.attached_records for c in criteria})
        return render(
            request,
            "appraisal/application_edit.html",
            {
                "application": application,
                "campaign": application.campaign,
                "may_attach": True,
                "form": form,
                "standards": standards,
                "total": total,
                "general_evidence": general_evidence,
                "checklist": submission_checklist(application),
            },
        )

    if request.method != "POST":
        return page()
    return run_action(
        request,
        lambda: services.application_save(
            application=application, by=request.user, **form.cleaned_data
        ),
        form=form,
        page=page,
        success_url=_edit_url(application),
        success_message=_("已保存。"),
    )


@acts()
def self_assessment(request, pk, criterion_pk):
    application = application_for_user_or_404(request.user, pk)
    criterion = get_object_or_404(
        Criterion, pk=criterion_pk, standard__rubric=application.campaign.rubric_id
    )
    form = SelfAssessmentForm(request.POST)
    back = f"{_edit_url(application)}#criterion-{criterion.pk}"

    def fragment_context(error, result):
        criterion.assessment = application.self_assessments.filter(criterion=criterion).first()
        return {"application": application, "criterion": criterion, "saved": error is None}

    def save():
        if not form.is_valid():
            raise DomainError(_("自评分须为数字。"))
        return services.self_assessment_save(
            application=application, by=request.user, criterion=criterion, **form.cleaned_data
        )

    return run_action(
        request,
        save,
        success_url=back,
        partial="appraisal/partials/self_assessment.html",
        context=fragment_context,
    )


def _edit_url(application):
    return reverse("appraisal:application_edit", args=[application.pk])


def _evidence_limits():
    return (
        evidence_services.MAX_EVIDENCE_BYTES + MULTIPART_ALLOWANCE,
        evidence_services.MAX_EVIDENCE_BYTES,
    )


def _evidence_too_large(request, pk):
    """An oversized upload, refused unread: the file never reaches the service."""
    application = application_for_user_or_404(request.user, pk)
    messages.error(
        request,
        _("文件过大，未上传：每个佐证材料文件不超过 %(size)s MB。请压缩或拆分后重新上传。")
        % {"size": evidence_services.MAX_EVIDENCE_BYTES // 1024 // 1024},
    )
    return redirect(f"{_edit_url(application)}#general-evidence")


@acts()
@upload_body_limited(limits=_evidence_limits, refuse=_evidence_too_large)
def evidence_add(request, pk):
    application = application_for_user_or_404(request.user, pk)
    form = EvidenceForm(request.POST, request.FILES)
    criterion = None
    if form.is_valid() and form.cleaned_data["criterion"]:
        criterion = get_object_or_404(
            Criterion,
            pk=form.cleaned_data["criterion"],
            standard__rubric=application.campaign.rubric_id,
        )
    anchor = f"criterion-{criterion.pk}" if criterion else "general-evidence"
    if not form.is_valid():
        messages.error(request, _("请选择要上传的文件。"))
        return redirect(f"{_edit_url(application)}#{anchor}")
    return run_action(
        request,
        lambda: evidence_services.evidence_add(
            application=application,
            by=request.user,
            upload=form.cleaned_data["file"],
            criterion=criterion,
        ),
        success_url=f"{_edit_url(application)}#{anchor}",
        success_message=lambda evidence: (
            _("已上传「%(name)s」。") % {"name": evidence.original_name}
        ),
    )


@acts()
def evidence_remove(request, pk, evidence_pk):
    application = application_for_user_or_404(request.user, pk)
    evidence = get_object_or_404(Evidence, pk=evidence_pk, application=application)
    anchor = f"criterion-{evidence.criterion_id}" if evidence.criterion_id else "general-evidence"
    return run_action(
        request,
        lambda: evidence_services.evidence_remove(evidence=evidence, by=request.user),
        success_url=f"{_edit_url(application)}#{anchor}",
        success_message=_("已移除「%(name)s」。") % {"name": evidence.original_name},
    )


@login_required
@xframe_options_sameorigin  # the review page shows PDFs in a frame of its own
def evidence_download(request, pk, evidence_pk):
    """A file, to those who may see the application, under a safe name (never served directly)."""
    application = application_for_user_or_404(request.user, pk)
    evidence = get_object_or_404(Evidence, pk=evidence_pk, application=application)
    # Shown inline (PDF or image) only when asked, for the review page's frame.
    return stored_file_response(evidence, inline=request.GET.get("inline") == "1")


@acts()
def head_confirm(request, pk):
    application = application_for_user_or_404(request.user, pk)
    return _act(
        request,
        application,
        lambda: services.head_confirm(application=application, by=request.user),
        _("已确认申报内容。申报人现在可以提交。"),
    )


@acts()
def application_submit(request, pk):
    application = application_for_user_or_404(request.user, pk)
    success = (
        _("已提交，等待党支部书记填写意见。")
        if application.campaign.uses_branch_opinion
        else _("已提交党办。提交后申报为只读；评审开始前可撤回修改。")
    )
    return _act(
        request,
        application,
        lambda: services.application_submit(application=application, by=request.user),
        success,
    )


@acts()
def application_withdraw(request, pk):
    application = application_for_user_or_404(request.user, pk)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _act(
        request,
        application,
        lambda: services.application_withdraw(
            application=application, by=request.user, reason=reason
        ),
        _("已撤回为草稿。修改后须由负责人重新确认，并在申报截止前再次提交。"),
    )


@acts()
def branch_opinion(request, pk):
    application = application_for_user_or_404(request.user, pk)
    form = BranchOpinionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择同意或不同意，并填写意见。"))
        return _back(application, "branch-opinion")
    return _act(
        request,
        application,
        lambda: branch_services.branch_opinion_record(
            application=application, by=request.user, **form.cleaned_data
        ),
        _("党支部意见已记录，申报已转党办。"),
    )


@acts()
def application_return(request, pk):
    application = application_for_user_or_404(request.user, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("退回必须说明理由，便于科室修改。"))
        return _back(application, "return")
    return _act(
        request,
        application,
        lambda: services.application_return(
            application=application, by=request.user, reason=form.cleaned_data["reason"]
        ),
        _("已退回科室修改，并已通知申报人。"),
    )


# --- the party office's list -----------------------------------------------------


@login_required
@permission_required("appraisal.view_application", raise_exception=True)
def application_list(request, campaign_pk):
    """The party office's list of a campaign's applications (core/lists.py: filters,
    sorting, pages, Excel), with a checkbox per row for the bulk actions
    (appraisal/views/bulk.py)."""
    campaign = get_object_or_404(Campaign, pk=campaign_pk)
    return list_page(
        request,
        rows=selectors.application_list(campaign=campaign),
        table_class=ApplicationTable,
        filterset_class=ApplicationFilter,
        template="appraisal/application_list.html",
        title=_("申报") + " · " + campaign.title,
        export_name=_("申报列表"),
        context={
            "campaign": campaign,
            "counts": selectors.state_counts(campaign),
            "bulk_form": ApplicationBulkForm(campaign=campaign),
            "bulk_form_id": BULK_FORM_ID,
            "reviewing": campaign.state == CampaignState.REVIEWING,
            # The buttons follow the permissions their URLs ask (appraisal/views/bulk.py).
            "may_return": request.user.has_perm(services.RETURN),
            "may_manage_reviews": request.user.has_perm(MANAGE_REVIEWS),
        },
    )
