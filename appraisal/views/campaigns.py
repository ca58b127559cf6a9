from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from appraisal import computed_selectors, honours, selectors
from appraisal.decision_selectors import DECISION_CAMPAIGN_STATES
from appraisal.documents import campaign_documents
from appraisal.enums import CAMPAIGN_EDITABLE_STATES, CampaignState
from appraisal.forms import CampaignForm, CriterionForm, StandardForm
from appraisal.lists import CampaignFilter, CampaignTable
from appraisal.models import Campaign, Criterion, Standard
from appraisal.record_selectors import kind_label, registered_kind_choices
from appraisal.services import campaigns as services
from appraisal.services import rubrics
from appraisal.views import evaluations
from appraisal.views.decisions import may_view_decisions
from appraisal.views.review_office import review_pages
from core.errors import DomainError
from core.lists import list_page
from core.views import acts, run_action

VIEW = "appraisal.view_campaign"
MANAGE = "appraisal.change_campaign"


def _campaign(pk):
    return get_object_or_404(
        Campaign.objects.select_related("rubric", "created_by", "copied_from"), pk=pk
    )


@login_required
@permission_required(VIEW, raise_exception=True)
def campaign_list(request):
    return list_page(
        request,
        rows=selectors.campaign_list(),
        table_class=CampaignTable,
        filterset_class=CampaignFilter,
        template="appraisal/campaign_list.html",
        title=_("评选批次"),
        export_name=_("评选批次"),
        table_kwargs={} if request.GET else {"empty_text": _("尚无评选批次。")},
    )


@login_required
@permission_required("appraisal.add_campaign", raise_exception=True)
def campaign_create(request):
    year = timezone.localdate().year
    form = CampaignForm(
        request.POST or None, initial={"year": year, "title": f"{year}年度清廉科室创建评选"}
    )
    if request.method != "POST":
        return render(request, "appraisal/campaign_form.html", {"form": form})
    return run_action(
        request,
        lambda: services.campaign_create(by=request.user, **form.settings()),
        form=form,
        page=lambda: render(request, "appraisal/campaign_form.html", {"form": form}),
        success_url=lambda campaign: reverse("appraisal:campaign", args=[campaign.pk]),
        success_message=_("评选批次已创建，已套用默认考评细则。请核对细则后开放申报。"),
    )


@login_required
@permission_required(VIEW, raise_exception=True)
def campaign_detail(request, pk):
    campaign = _campaign(pk)
    if campaign.is_yearly_evaluation:
        return evaluations.evaluation_detail(request, campaign)
    standards, total = selectors.rubric_with_totals(campaign.rubric)
    titles, documents = [], None
    if campaign.state == CampaignState.CLOSED:
        titles = list(honours.campaign_titles(campaign))
        documents = campaign_documents(campaign, request.user)
        for title in titles:
            title.certificate = documents[2].get(title.pk)
    return render(
        request,
        "appraisal/campaign_detail.html",
        {
            "campaign": campaign,
            "standards": standards,
            "total": total,
            "events": campaign.events.select_related("actor"),
            "editable": campaign.state in CAMPAIGN_EDITABLE_STATES,
            "review_pages": review_pages(campaign)
            if request.user.has_perm("appraisal.manage_reviews")
            else [],
            "decision_page": campaign.state in DECISION_CAMPAIGN_STATES
            and may_view_decisions(request.user),
            "titles": titles,
            "documents": documents,
            "commendation": documents[0] if documents else None,
        },
    )


@login_required
@permission_required(MANAGE, raise_exception=True)
def campaign_edit(request, pk):
    campaign = _campaign(pk)
    if campaign.is_yearly_evaluation:
        return evaluations.evaluation_edit(request, campaign)
    form = CampaignForm(request.POST or None, instance=campaign)

    def page():
        return render(request, "appraisal/campaign_form.html", {"form": form, "campaign": campaign})

    if request.method != "POST":
        return page()
    return run_action(
        request,
        lambda: services.campaign_update(campaign=campaign, by=request.user, **form.settings()),
        form=form,
        page=page,
        success_url=reverse("appraisal:campaign", args=[campaign.pk]),
        success_message=_("评选批次设置已保存。"),
    )


@acts("appraisal.add_campaign")
def campaign_copy(request, pk):
    source = _campaign(pk)
    copy = services.campaign_copy(source=source, by=request.user)
    messages.success(
        request,
        _("已按“%(source)s”新建“%(copy)s”（草稿），请核对申报时间、名额和文号。")
        % {"source": source.title, "copy": copy.title},
    )
    return redirect("appraisal:campaign", pk=copy.pk)


@acts(MANAGE)
def campaign_open(request, pk):
    campaign = _campaign(pk)
    if campaign.is_yearly_evaluation:
        return evaluations.evaluation_open(request, pk)
    return run_action(
        request,
        lambda: services.campaign_open(campaign=campaign, by=request.user),
        success_url=reverse("appraisal:campaign", args=[campaign.pk]),
        success_message=_("已开放申报。"),
    )


# --- the rubric ------------------------------------------------------------------


@login_required
@permission_required(VIEW, raise_exception=True)
def rubric_detail(request, pk):
    campaign = _campaign(pk)
    return render(request, "appraisal/rubric.html", _rubric_context(request, campaign))


def _rubric_context(request, campaign, error=None):
    standards, total = selectors.rubric_with_totals(campaign.rubric)
    yearly = computed_selectors.is_yearly(campaign)
    formulas = computed_selectors.campaign_formulas(campaign) if yearly else {}
    for standard in standards:
        for criterion in standard.ordered_criteria:
            formula = formulas.get(criterion.pk)
            criterion.formula_row = (
                computed_selectors.ComputedRow(criterion, formula) if formula else None
            )
            # The record kinds that may evidence it: the registered ones, and any key it
            # names that no app registers now (shown as such, kept when saved).
            criterion.record_kind_choices = registered_kind_choices(criterion.record_kinds)
            criterion.record_kind_labels = [kind_label(key) for key in criterion.record_kinds]
    return {
        "campaign": campaign,
        "standards": standards,
        "total": total,
        "may_edit": request.user.has_perm(MANAGE) and not campaign.rubric.is_frozen,
        # A yearly campaign's computed criteria (docs/evaluation.md, "Computed criteria").
        "yearly": yearly,
        "may_set_formulas": yearly and request.user.has_perm(MANAGE),
        "standard_form": StandardForm(initial={"order": len(standards) + 1}),
        "criterion_form": CriterionForm(),
        "error": error,
    }


def _rubric_edit(request, campaign, action):
    """Run a rubric edit; answer htmx with the refreshed rubric, others with a redirect."""
    return run_action(
        request,
        action,
        success_url=reverse("appraisal:rubric", args=[campaign.pk]),
        partial="appraisal/partials/rubric_table.html",
        context=lambda error, result: _rubric_context(request, campaign, error),
    )


def _form_or_refuse(form_class, data):
    """The cleaned data, or the first error as a refusal naming its field."""
    form = form_class(data)
    if form.is_valid():
        return form.cleaned_data
    name, errors = next(iter(form.errors.items()))
    label = form.fields[name].label if name in form.fields else ""
    raise DomainError(
        _("「%(field)s」%(error)s") % {"field": label, "error": errors[0]} if label else errors[0]
    )


@acts(MANAGE)
def standard_add(request, pk):
    campaign = _campaign(pk)

    def add():
        data = _form_or_refuse(StandardForm, request.POST)
        rubrics.standard_save(rubric=campaign.rubric, by=request.user, **data)

    return _rubric_edit(request, campaign, add)


@acts(MANAGE)
def standard_edit(request, pk, standard_pk):
    campaign = _campaign(pk)
    standard = get_object_or_404(Standard, pk=standard_pk, rubric=campaign.rubric)

    def edit():
        data = _form_or_refuse(StandardForm, request.POST)
        rubrics.standard_save(rubric=campaign.rubric, by=request.user, standard=standard, **data)

    return _rubric_edit(request, campaign, edit)


@acts(MANAGE)
def standard_remove(request, pk, standard_pk):
    campaign = _campaign(pk)
    standard = get_object_or_404(Standard, pk=standard_pk, rubric=campaign.rubric)
    return _rubric_edit(
        request, campaign, lambda: rubrics.standard_remove(standard=standard, by=request.user)
    )


@acts(MANAGE)
def criterion_add(request, pk, standard_pk):
    campaign = _campaign(pk)
    standard = get_object_or_404(Standard, pk=standard_pk, rubric=campaign.rubric)

    def add():
        data = _form_or_refuse(CriterionForm, request.POST)
        rubrics.criterion_save(standard=standard, by=request.user, **data)

    return _rubric_edit(request, campaign, add)


@acts(MANAGE)
def criterion_edit(request, pk, criterion_pk):
    campaign = _campaign(pk)
    criterion = get_object_or_404(
        Criterion.objects.select_related("standard"),
        pk=criterion_pk,
        standard__rubric=campaign.rubric,
    )

    def edit():
        data = _form_or_refuse(CriterionForm, request.POST)
        rubrics.criterion_save(
            standard=criterion.standard, by=request.user, criterion=criterion, **data
        )

    return _rubric_edit(request, campaign, edit)


@acts(MANAGE)
def criterion_remove(request, pk, criterion_pk):
    campaign = _campaign(pk)
    criterion = get_object_or_404(
        Criterion.objects.select_related("standard__rubric"),
        pk=criterion_pk,
        standard__rubric=campaign.rubric,
    )
    return _rubric_edit(
        request, campaign, lambda: rubrics.criterion_remove(criterion=criterion, by=request.user)
    )
