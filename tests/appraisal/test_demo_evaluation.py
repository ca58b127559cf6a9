"""The demo's yearly evaluations (appraisal/demo_evaluation.py): 2025 confirmed and
published with a result for every department, 2026 open for the units' explanations."""

import datetime

import pytest
from django.core.management import call_command
from django.db.models import Q

from appraisal.demo_evaluation import (
    LAST_YEAR_EVALUATION,
    THIS_YEAR_EVALUATION,
    load_demo_evaluations,
)
from appraisal.enums import ApplicationState, CampaignState
from appraisal.models import (
    Campaign,
    ComputedScore,
    CriterionFormula,
    EvaluationResult,
    Explanation,
)
from departments.models import Department

pytestmark = pytest.mark.django_db


def _departments_opened_by(day):
    """The demo's active departments (not teams) set up by ``day``: those a yearly
    evaluation of that year takes in (docs/evaluation.md)."""
    return set(
        Department.objects.filter(active=True, parent__isnull=True)
        .filter(Q(opened_on__isnull=True) | Q(opened_on__lte=day))
        .values_list("pk", flat=True)
    )


def test_demo_evaluations_grade_every_department_and_open_this_year():
    call_command("load_demo_hospital", "--allow-production", verbosity=0)
    call_command("load_demo_year_round", "--allow-production", verbosity=0)
    assert len(load_demo_evaluations()) == 2

    last = Campaign.objects.get(title=LAST_YEAR_EVALUATION)
    assert last.state == CampaignState.CLOSED
    assert last.results_published_at is not None
    assert last.confirmation_reference == "院党委会2026年第2次会议"
    departments = _departments_opened_by(datetime.date(2025, 6, 30))
    results = EvaluationResult.objects.filter(campaign=last)
    assert set(results.values_list("unit_id", flat=True)) == departments
    assert len(set(results.values_list("grade", flat=True))) >= 2  # the grades differ

    # This year's also evaluates the department set up in March (the coverage demo's).
    departments = _departments_opened_by(datetime.date(2026, 6, 30))
    assert len(departments) == len(results) + 1
    this = Campaign.objects.get(title=THIS_YEAR_EVALUATION)
    assert this.state == CampaignState.OPEN
    assert set(this.applications.values_list("state", flat=True)) == {ApplicationState.SUBMITTED}
    assert this.applications.count() == len(departments)
    # Four criteria computed from this year's records, for every department; the records
    # give some departments points, and a head explained the lowest draft score.
    assert CriterionFormula.objects.filter(criterion__standard__rubric=this.rubric).count() == 4
    computed = ComputedScore.objects.filter(application__campaign=this)
    assert computed.count() == 4 * len(departments)
    assert computed.filter(score__gt=0).exists()
    (explanation,) = Explanation.objects.filter(application__campaign=this)
    explained = computed.get(application=explanation.application, criterion=explanation.criterion)
    assert explained.score < explanation.criterion.points
    assert explanation.written_by == explanation.application.unit.head.user

    assert load_demo_evaluations() == []  # once only
