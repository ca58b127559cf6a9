"""The yearly evaluation's pages (docs/evaluation.md): creating it, its grade bands,
its page with the units evaluated and left out, the results the party committee
confirms and the party office publishes, the export, and each unit's own result."""

from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import get_objects_for_user

from appraisal import evaluation_selectors as selectors
from appraisal.enums import CAMPAIGN_EDITABLE_STATES, CampaignKind, CampaignState
from appraisal.evaluation_exports import results_workbook
from appraisal.forms import EvaluationForm, GradeBandsForm, ResultsConfirmForm
from appraisal.formulas import grade_for
from appraisal.models import Campaign, EvaluationResult
from appraisal.ranking import campaign_ranking, rubric_columns
from appraisal.selectors import rubric_with_totals
from appraisal.services import evaluations as services
from appraisal.services.campaigns import campaign_update
from appraisal.views.review_office import review_pages
from core.views import acts, run_action
from departments.models import Department

VIEW = "appraisal.view_campaign"
MANAGE = "appraisal.change_campaign"
VIEW_RESULTS = "appraisal.view_evaluation_results"
CONFIRM = "appraisal.confirm_evaluation_results"
VIEW_RESULT = "appraisal.view_evaluation_result"


def _evaluation(pk):
    """A yearly campaign, or 404 (a selection has none of these pages)."""
    return get_object_or_404(
        Campaign.objects.select_related("rubric", "confirmed_by", "results_published_by"),
        pk=pk,
        kind=CampaignKind.YEARLY_EVALUATION,
    )


@login_required
@permission_required("appraisal.add_campaign", raise_exception=True)
def evaluation_create(request):
    year = timezone.localdate().year
    form = EvaluationForm(
        request.POST or None,
        initial={
            "year": year,
            "title": _("%(year)s年度清廉考评") % {"year": year},
            "allows_departments": True,
        },
    )

    def page():
        return render(request, "appraisal/evaluation_form.html", {"form": form})

    if request.method != "POST":
        return page()
    return run_action(
        request,
        lambda: services.evaluation_create(by=request.user, **form.settings()),
        form=form,
        page=page,
        success_url=lambda campaign: reverse("appraisal:campaign", args=[campaign.pk]),
        success_message=_("年度清廉考评已创建，已套用默认考评细则和等次分数段。请核对后开始考评。"),
    )


def evaluation_edit(request, campaign):
    """The settings of a yearly campaign (campaigns.campaign_edit hands it here)."""
    form = EvaluationForm(request.POST or None, instance=campaign)

    def page():
        return render(
            request, "appraisal/evaluation_form.html", {"form": form, "campaign": campaign}
        )

    if request.method != "POST":
        return page()
    return run_action(
        request,
        lambda: campaign_update(campaign=campaign, by=request.user, **form.settings()),
        form=form,
        page=page,
        success_url=reverse("appraisal:campaign", args=[campaign.pk]),
        success_message=_("考评设置已保存。"),
    )


def evaluation_detail(request, campaign):
    """A yearly campaign's page (campaigns.campaign_detail hands it here): settings,
    grade bands, the units evaluated and those left out with the reason."""
    standards, total = rubric_with_totals(campaign.rubric)
    units, left_out = selectors.campaign_units(campaign)
    return render(
        request,
        "appraisal/evaluation_detail.html",
        {
            "campaign": campaign,
            "standards": standards,
            "total": total,
            "bands": selectors.grade_bands(campaign),
            "units": units,
            "left_out": left_out,
            "events": campaign.events.select_related("actor"),
            "editable": campaign.state in CAMPAIGN_EDITABLE_STATES,
            "review_pages": review_pages(campaign)
            if request.user.has_perm("appraisal.manage_reviews")
            else [],
            "may_see_results": request.user.has_perm(VIEW_RESULTS)
            and campaign.state in (CampaignState.DECIDING, CampaignState.CLOSED),
        },
    )


@acts(MANAGE)
def evaluation_open(request, pk):
    campaign = _evaluation(pk)
    return run_action(
        request,
        lambda: services.evaluation_open(campaign=campaign, by=request.user),
        success_url=reverse("appraisal:campaign", args=[campaign.pk]),
        success_message=_("已开始考评，各单元已纳入。"),
    )


@login_required
@permission_required(MANAGE, raise_exception=True)
def grade_bands(request, pk):
    campaign = _evaluation(pk)
    bands = selectors.grade_bands(campaign)
    form = GradeBandsForm(request.POST or None, bands=bands)

    def page():
        return render(
            request,
            "appraisal/grade_bands.html",
            {
                "campaign": campaign,
                "form": form,
                "locked": campaign.state == CampaignState.CLOSED,
            },
        )

    if request.method != "POST":
        return page()
    return run_action(
        request,
        lambda: services.grade_bands_save(campaign=campaign, by=request.user, bands=form.bands()),
        form=form,
        page=page,
        success_url=reverse("appraisal:campaign", args=[campaign.pk]),
        success_message=_("等次分数段已保存。"),
    )


def _ranking_rows(campaign):
    """Before the confirmation: each unit's total, rank and grade as the ranking
    computes them now."""
    ranking = campaign_ranking(campaign)
    bands = selectors.grade_bands(campaign)
    return [
        {
            "rank": row.rank,
            "unit": row.application.unit,
            "total": row.total,
            "grade": grade_for(bands, row.total).label
            if row.total is not None and grade_for(bands, row.total)
            else "",
        }
        for row in ranking.rows
    ]


@login_required
@permission_required(VIEW_RESULTS, raise_exception=True)
def evaluation_results(request, pk):
    """The results: the ranking with grades while the committee has to confirm, the
    confirmed results after, with the confirmation and publication."""
    campaign = _evaluation(pk)
    confirmed = campaign.state == CampaignState.CLOSED
    form = ResultsConfirmForm(initial={"confirmed_on": timezone.localdate()})
    return _results_page(request, campaign, form, confirmed)


def _results_page(request, campaign, form, confirmed=None):
    confirmed = campaign.state == CampaignState.CLOSED if confirmed is None else confirmed
    return render(
        request,
        "appraisal/evaluation_results.html",
        {
            "campaign": campaign,
            "confirmed": confirmed,
            "results": selectors.campaign_results(campaign) if confirmed else [],
            "rows": _ranking_rows(campaign)
            if campaign.state in (CampaignState.REVIEWING, CampaignState.DECIDING)
            else [],
            "bands": selectors.grade_bands(campaign),
            "form": form,
            "may_confirm": campaign.state == CampaignState.DECIDING
            and request.user.has_perm(CONFIRM),
            "may_publish": confirmed
            and campaign.results_published_at is None
            and request.user.has_perm(MANAGE),
        },
    )


@acts(CONFIRM)
def results_confirm(request, pk):
    campaign = _evaluation(pk)
    form = ResultsConfirmForm(request.POST)
    return run_action(
        request,
        lambda: services.results_confirm(
            campaign=campaign,
            by=request.user,
            confirmed_on=form.cleaned_data["confirmed_on"],
            reference=form.cleaned_data["reference"],
        ),
        form=form,
        page=lambda: _results_page(request, _evaluation(pk), form),
        success_url=reverse("appraisal:evaluation_results", args=[campaign.pk]),
        success_message=_("考评结果已确认。党办发布后各单元可查看本单元结果。"),
    )


@acts(MANAGE)
def results_publish(request, pk):
    campaign = _evaluation(pk)
    return run_action(
        request,
        lambda: services.results_publish(campaign=campaign, by=request.user),
        success_url=reverse("appraisal:evaluation_results", args=[campaign.pk]),
        success_message=_("考评结果已发布，已通知各单元。"),
    )


@login_required
@permission_required(VIEW_RESULTS, raise_exception=True)
def results_export(request, pk):
    campaign = _evaluation(pk)
    if campaign.state != CampaignState.CLOSED:
        raise Http404
    response = HttpResponse(
        results_workbook(campaign),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{campaign.year}-evaluation.xlsx"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def evaluation_result(request, pk):
    """One unit's published result: its grade, total, rank among N, each criterion's
    score beside the hospital's average; never the reviewers or other units."""
    result = get_object_or_404(
        EvaluationResult.objects.select_related("campaign", "unit__head"), pk=pk
    )
    if not request.user.has_perm(VIEW_RESULT, result):
        raise Http404
    campaign = result.campaign
    averages = selectors.criterion_averages(campaign)
    standards = []
    for standard in rubric_columns(campaign):
        standards.append(
            (
                standard,
                [
                    (
                        criterion,
                        result.criterion_scores.get(str(criterion.pk)),
                        averages.get(str(criterion.pk)),
                    )
                    for criterion in standard.criteria
                ],
            )
        )
    return render(
        request,
        "appraisal/evaluation_result.html",
        {
            "result": result,
            "campaign": campaign,
            "units": EvaluationResult.objects.filter(campaign=campaign).count(),
            "standards": standards,
        },
    )


@login_required
def my_results(request):
    """The published yearly results of the units the user applies for or heads."""
    applying = get_objects_for_user(
        request.user,
        "departments.apply_for_department",
        klass=Department,
        accept_global_perms=False,
    )
    results = (
        EvaluationResult.objects.filter(campaign__results_published_at__isnull=False)
        .filter(Q(unit__in=applying) | Q(unit__head__user=request.user))
        .select_related("unit", "campaign")
        .order_by("-year", "unit__code")
    )
    return render(request, "appraisal/my_results.html", {"results": results})
