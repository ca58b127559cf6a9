"""Pages of the computed criteria (docs/evaluation.md, "Computed criteria"): the party
office's formula of a criterion and the computation of the draft scores with its
progress; a unit's draft computed scores with its explanations."""

from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from appraisal import computed_selectors as selectors
from appraisal.forms import ExplanationForm, FormulaForm
from appraisal.models import Campaign, Criterion, CriterionFormula
from appraisal.ranking import rubric_columns
from appraisal.selectors import application_for_user_or_404
from appraisal.services import computed as services
from core.views import acts, run_action

MANAGE = "appraisal.change_campaign"
VIEW_DRAFT = "appraisal.view_computed_scores"


def _campaign(pk):
    return get_object_or_404(Campaign.objects.select_related("rubric"), pk=pk)


def _criterion(campaign, criterion_pk):
    return get_object_or_404(
        Criterion.objects.select_related("standard"),
        pk=criterion_pk,
        standard__rubric=campaign.rubric_id,
    )


# --- the formula of a criterion ---------------------------------------------------------------


@login_required
@permission_required(MANAGE, raise_exception=True)
def formula_edit(request, pk, criterion_pk):
    """The party office makes a criterion computed (a record kind's figure, bands of
    threshold → points), changes or removes its formula, until the review starts."""
    campaign = _campaign(pk)
    criterion = _criterion(campaign, criterion_pk)
    formula = CriterionFormula.objects.filter(criterion=criterion).first()
    form = FormulaForm(
        request.POST or None,
        choices=selectors.kind_figure_choices(),
        initial=FormulaForm.initial_for(formula),
    )

    def page():
        current = CriterionFormula.objects.filter(criterion=criterion).first()
        return render(
            request,
            "appraisal/formula.html",
            {
                "campaign": campaign,
                "criterion": criterion,
                "formula": current,
                "row": selectors.ComputedRow(criterion, current) if current else None,
                "form": form,
                "yearly": selectors.is_yearly(campaign),
                "editable": selectors.drafts_editable(campaign),
            },
        )

    if request.method != "POST":
        return page()
    return run_action(
        request,
        lambda: services.formula_save(criterion=criterion, by=request.user, **form.formula()),
        form=form,
        page=page,
        success_url=reverse("appraisal:formula", args=[campaign.pk, criterion.pk]),
        success_message=_("计算公式已保存：该评分项按台账数据计算得分，评审人员不再评分。"),
    )


@acts(MANAGE)
def formula_remove(request, pk, criterion_pk):
    campaign = _campaign(pk)
    criterion = _criterion(campaign, criterion_pk)
    return run_action(
        request,
        lambda: services.formula_remove(criterion=criterion, by=request.user),
        success_url=reverse("appraisal:rubric", args=[campaign.pk]),
        refused_url=reverse("appraisal:formula", args=[campaign.pk, criterion.pk]),
        success_message=_("已取消计算公式：该评分项由评审人员评分。"),
    )


# --- computing the draft scores -------------------------------------------------------------


def _computed_columns(campaign):
    """The computed criteria in rubric order, each with its formula (one query)."""
    return [
        criterion
        for standard in rubric_columns(campaign)
        for criterion in standard.criteria
        if criterion.is_computed
    ]


def _progress_context(campaign):
    return {
        "campaign": campaign,
        **selectors.computation_figures(campaign),
        "editable": selectors.drafts_editable(campaign),
    }


@login_required
@permission_required(MANAGE, raise_exception=True)
def computed_scores(request, pk):
    """The party office's page of a yearly campaign's computed criteria: the formulas,
    the latest computation with its progress, and every unit's draft scores."""
    campaign = _campaign(pk)
    if not selectors.is_yearly(campaign):
        raise Http404
    columns = _computed_columns(campaign)
    return render(
        request,
        "appraisal/computed_scores.html",
        {
            **_progress_context(campaign),
            "columns": columns,
            "rows": selectors.computed_table(campaign, columns),
        },
    )


@login_required
@permission_required(MANAGE, raise_exception=True)
def computation_progress(request, pk):
    """The progress fragment, polled by htmx while a computation is queued or running."""
    campaign = _campaign(pk)
    if not selectors.is_yearly(campaign):
        raise Http404
    return render(request, "appraisal/partials/computation.html", _progress_context(campaign))


@acts(MANAGE)
def computation_start(request, pk):
    campaign = _campaign(pk)
    return run_action(
        request,
        lambda: services.computation_request(campaign=campaign, by=request.user),
        success_url=reverse("appraisal:computed_scores", args=[campaign.pk]),
        success_message=_("已开始计算各单元的计算得分，本页显示进度。"),
        partial="appraisal/partials/computation.html",
        context=lambda error, result: _progress_context(campaign),
    )


# --- the unit's draft ---------------------------------------------------------------------


def _application(user, pk):
    application = application_for_user_or_404(user, pk)
    if not selectors.is_yearly(application.campaign) or not user.has_perm(VIEW_DRAFT, application):
        raise Http404
    return application


def _draft_page(request, application, *, form=None, form_criterion=None):
    campaign = application.campaign
    rows = selectors.computed_rows(application)
    ordered = [rows[c.pk] for c in _computed_columns(campaign) if c.pk in rows]
    may_explain = selectors.drafts_editable(campaign) and request.user.has_perm(
        services.EXPLAIN, application
    )
    for row in ordered:
        row.form = (
            form if form is not None and row.criterion.pk == form_criterion else ExplanationForm()
        )
    return render(
        request,
        "appraisal/computed_draft.html",
        {
            "application": application,
            "campaign": campaign,
            "rows": ordered,
            "may_explain": may_explain,
            "editable": selectors.drafts_editable(campaign),
            "computation": selectors.latest_finished_computation(campaign),
        },
    )


@login_required
def computed_draft(request, pk):
    """A unit's draft computed scores, with the figures and the formula's bands, and its
    explanations: added until the review starts, read-only after."""
    return _draft_page(request, _application(request.user, pk))


@acts()
def explanation_add(request, pk, criterion_pk):
    application = _application(request.user, pk)
    criterion = _criterion(application.campaign, criterion_pk)
    form = ExplanationForm(request.POST)
    url = reverse("appraisal:computed_draft", args=[application.pk])
    return run_action(
        request,
        lambda: services.explanation_add(
            application=application,
            criterion=criterion,
            by=request.user,
            text=form.cleaned_data["text"],
        ),
        form=form,
        page=lambda: _draft_page(request, application, form=form, form_criterion=criterion.pk),
        success_url=f"{url}#computed-{criterion.pk}",
        success_message=_("情况说明已添加，评审人员评审时可以看到。"),
    )
