"""A yearly campaign and its applications written directly (the yearly workflow's own
services open it; these tests are about the computed criteria on top of it)."""

from decimal import Decimal

from appraisal.enums import ApplicationState, CampaignKind, CampaignState
from appraisal.models import Application, Campaign, Criterion, CriterionFormula
from appraisal.records import RecordKind, RecordSummary
from tests.factories import make_campaign


def yearly_campaign(by, *, state=CampaignState.OPEN, **overrides):
    """A yearly evaluation (default rubric) in ``state`` (open: the units are evaluated,
    the review has not started)."""
    overrides.setdefault("title", "2026年度清廉考评")
    campaign = make_campaign(by, **overrides)
    Campaign.objects.filter(pk=campaign.pk).update(kind=CampaignKind.YEARLY_EVALUATION, state=state)
    campaign.refresh_from_db()
    return campaign


def evaluated(campaign, units, *, by, state=ApplicationState.SUBMITTED):
    """One application per unit, as opening a yearly campaign writes them."""
    return [
        Application.objects.create(
            campaign=campaign, unit=unit, state=state, staff_count=10, created_by=by
        )
        for unit in units
    ]


def criterion(campaign, standard_order=1, order=1):
    return Criterion.objects.select_related("standard").get(
        standard__rubric=campaign.rubric_id, standard__order=standard_order, order=order
    )


def set_formula(criterion, by, *, kind="test.talks", figure="percent", bands=None):
    """A formula written directly (``formula_save`` is tested on its own)."""
    return CriterionFormula.objects.create(
        criterion=criterion,
        kind=kind,
        figure=figure,
        bands=bands
        or [
            {"at_least": "100", "points": "5"},
            {"at_least": "80", "points": "3"},
            {"at_least": "60", "points": "1.5"},
        ],
        set_by=by,
    )


class FigureRecords:
    """Record kinds whose figures the test sets per unit (``set(unit, key, **figures)``),
    counting the calls to ``summarize`` (one per kind per computation)."""

    KINDS = {
        "test.talks": ("廉政约谈", {"percent": "约谈覆盖率", "talked": "已约谈人数"}),
        "test.sessions": ("科内学习", {"quarters_covered": "有学习的季度数"}),
    }

    def __init__(self):
        self.figures = {}
        self.calls = []
        self.fail = None

    def set(self, unit, key, **figures):
        self.figures[(unit.pk, key)] = figures

    def kinds(self):
        return [self._kind(key, label, figures) for key, (label, figures) in self.KINDS.items()]

    def _kind(self, key, label, figures):
        def summarize(units, year):
            units = list(units)
            self.calls.append((key, year, len(units)))
            if self.fail:
                raise RuntimeError(self.fail)
            answer = {}
            for unit in units:
                found = self.figures.get((unit.pk, key))
                if found is not None:
                    shown = "，".join(f"{name} {value}" for name, value in found.items())
                    answer[unit.pk] = RecordSummary(
                        kind=key, text=f"{label}：{shown}", figures=found, url=f"/r/{key}/"
                    )
            return answer

        return RecordKind(key=key, label=label, summarize=summarize, figures=figures)


D = Decimal
