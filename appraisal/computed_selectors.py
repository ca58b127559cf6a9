"""Reads of the computed criteria (docs/evaluation.md, "Computed criteria").

**When the review starts.** A yearly campaign's formulas, its draft scores and the
units' explanations may change while the campaign is a draft or open
(``CAMPAIGN_EDITABLE_STATES``): reviewers are assigned only once it is reviewing
(appraisal/services/assignment.py), so from then on everything here is read-only and
what the reviewers see is what the units saw last.
"""

from django.db.models import OuterRef, Q, Subquery

from appraisal.enums import (
    CAMPAIGN_EDITABLE_STATES,
    ApplicationState,
    CampaignKind,
    ComputationState,
)
from appraisal.models import (
    Application,
    ComputedScore,
    CriterionFormula,
    Explanation,
    ScoreComputation,
)
from appraisal.records import record_kind, record_kinds
from departments.selectors import departments_user_applies_for

# A run still queued or running after this long is taken as lost (the worker died):
# the next request marks it failed instead of waiting for it for ever.
COMPUTATION_LOST_AFTER_SECONDS = 15 * 60
COMPUTATION_LIVE_STATES = (ComputationState.QUEUED, ComputationState.RUNNING)


def is_yearly(campaign):
    return campaign.kind == CampaignKind.YEARLY_EVALUATION


def review_started(campaign):
    """The review has started: formulas, draft scores and explanations are read-only."""
    return campaign.state not in CAMPAIGN_EDITABLE_STATES


def drafts_editable(campaign):
    """The draft computed scores may change (a yearly campaign whose review has not started)."""
    return is_yearly(campaign) and not review_started(campaign)


def campaign_formulas(campaign):
    """``{criterion pk: CriterionFormula}`` of the campaign's rubric, with their criteria (one query)."""
    return {
        formula.criterion_id: formula
        for formula in CriterionFormula.objects.filter(
            criterion__standard__rubric=campaign.rubric_id
        ).select_related("criterion")
    }


def computed_applications(campaign):
    """The applications whose computed criteria are computed: every one of the campaign
    but those disqualified (out of the campaign)."""
    return (
        Application.objects.filter(campaign=campaign)
        .exclude(state=ApplicationState.DISQUALIFIED)
        .select_related("unit")
        .order_by("unit__code", "pk")
    )


def latest_computation(campaign):
    return (
        ScoreComputation.objects.filter(campaign=campaign).order_by("-requested_at", "-pk").first()
    )


def computation_figures(campaign):
    """What the party office's progress fragment shows: the latest run, how many
    computed criteria the rubric has and how many units are computed."""
    return {
        "computation": latest_computation(campaign),
        "formula_count": CriterionFormula.objects.filter(
            criterion__standard__rubric=campaign.rubric_id
        ).count(),
    }


def figure_label(kind_key, figure):
    kind = record_kind(kind_key)
    if kind is None:
        return figure
    return str(kind.figures.get(figure, figure))


def kind_label(kind_key):
    kind = record_kind(kind_key)
    return str(kind.label) if kind is not None else kind_key


def kind_figure_choices():
    """``[(kind label, [(value "kind|figure", figure label)])]`` for the formula form."""
    return [
        (
            str(kind.label),
            [(f"{kind.key}|{name}", str(label)) for name, label in kind.figures.items()],
        )
        for kind in record_kinds()
        if kind.figures
    ]


class ComputedRow:
    """A computed criterion as a unit or a reviewer reads it: the formula's bands, the
    score with the figures it used, and the unit's latest explanation."""

    def __init__(self, criterion, formula, score=None, explanation=None):
        self.criterion = criterion
        self.formula = formula
        self.score = score
        self.explanation = explanation

    @property
    def kind_label(self):
        return kind_label(self.formula.kind)

    @property
    def figure_label(self):
        return figure_label(self.formula.kind, self.formula.figure)

    @property
    def value(self):
        return (self.score.basis or {}).get("value") if self.score else None

    @property
    def text(self):
        return (self.score.basis or {}).get("text", "") if self.score else ""

    @property
    def stale(self):
        """The formula was changed after this score was computed."""
        return self.score is not None and self.score.computed_at < self.formula.set_at


def computed_rows(application, criteria=None):
    """``{criterion pk: ComputedRow}`` of the application's computed criteria (three
    queries: formulas, scores, the latest explanation of each criterion)."""
    formulas = {
        f.criterion_id: f
        for f in CriterionFormula.objects.filter(
            criterion__standard__rubric=application.campaign.rubric_id
        ).select_related("criterion")
    }
    if not formulas:
        return {}
    scores = {
        s.criterion_id: s
        for s in ComputedScore.objects.filter(application=application, criterion__in=formulas)
    }
    latest = Explanation.objects.filter(
        application=application, criterion=OuterRef("criterion")
    ).order_by("-written_at", "-pk")
    explanations = {
        e.criterion_id: e
        for e in Explanation.objects.filter(
            application=application,
            criterion__in=formulas,
            pk=Subquery(latest.values("pk")[:1]),
        ).select_related("written_by")
    }
    return {
        pk: ComputedRow(formula.criterion, formula, scores.get(pk), explanations.get(pk))
        for pk, formula in formulas.items()
    }


def computed_applications_of_user_units(user):
    """The applications of yearly campaigns open (before the review) for units ``user``
    heads or applies for: the home items of the unit's draft page."""
    if user is None or not user.is_authenticated:
        return Application.objects.none()
    return (
        Application.objects.filter(
            campaign__kind=CampaignKind.YEARLY_EVALUATION,
            campaign__state__in=CAMPAIGN_EDITABLE_STATES,
            campaign__rubric__standards__criteria__formula__isnull=False,
        )
        .exclude(state=ApplicationState.DISQUALIFIED)
        .filter(
            Q(unit__head__user=user) | Q(unit__in=departments_user_applies_for(user).values("pk"))
        )
        .select_related("campaign", "unit")
        .distinct()
        .order_by("campaign__year", "unit__code")
    )


def latest_finished_computation(campaign):
    return (
        ScoreComputation.objects.filter(campaign=campaign, state=ComputationState.FINISHED)
        .order_by("-finished_at", "-pk")
        .first()
    )


def computed_table(campaign, columns):
    """``[(application, [ComputedScore or None per column], explained)]``: every unit's
    draft scores of the computed criteria ``columns`` (three queries whatever the units)."""
    applications = list(computed_applications(campaign))
    ids = [c.pk for c in columns]
    scores = {
        (s.application_id, s.criterion_id): s
        for s in ComputedScore.objects.filter(
            application__campaign=campaign, criterion__in=ids
        ).only("application_id", "criterion_id", "score", "computed_at")
    }
    explained = set(
        Explanation.objects.filter(application__campaign=campaign, criterion__in=ids)
        .values_list("application_id", flat=True)
        .distinct()
    )
    return [(a, [scores.get((a.pk, pk)) for pk in ids], a.pk in explained) for a in applications]
