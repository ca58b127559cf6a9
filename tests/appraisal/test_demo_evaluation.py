"""The demo's yearly evaluations (appraisal/demo_evaluation.py): 2025 confirmed and
published with a result for every department, 2026 open for the units' explanations."""

import pytest
from django.core.management import call_command

from appraisal.demo_evaluation import (
    LAST_YEAR_EVALUATION,
    THIS_YEAR_EVALUATION,
    load_demo_evaluations,
)
from appraisal.enums import ApplicationState, CampaignState
from appraisal.models import Campaign, EvaluationResult
from departments.models import Department

pytestmark = pytest.mark.django_db


def test_demo_evaluations_grade_every_department_and_open_this_year():
    call_command("load_demo_hospital", "--allow-production", verbosity=0)
    assert len(load_demo_evaluations()) == 2

    last = Campaign.objects.get(title=LAST_YEAR_EVALUATION)
    assert last.state == CampaignState.CLOSED
    assert last.results_published_at is not None
    assert last.confirmation_reference == "院党委会2026年第2次会议"
    departments = set(
        Department.objects.filter(active=True, parent__isnull=True).values_list("pk", flat=True)
    )
    results = EvaluationResult.objects.filter(campaign=last)
    assert set(results.values_list("unit_id", flat=True)) == departments
    assert len(set(results.values_list("grade", flat=True))) >= 2  # the grades differ

    this = Campaign.objects.get(title=THIS_YEAR_EVALUATION)
    assert this.state == CampaignState.OPEN
    assert set(this.applications.values_list("state", flat=True)) == {ApplicationState.SUBMITTED}
    assert this.applications.count() == len(departments)

    assert load_demo_evaluations() == []  # once only
