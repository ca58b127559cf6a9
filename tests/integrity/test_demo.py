"""The demo hospital's integrity records: this year's up to today, a few gaps, idempotent."""

import datetime

import pytest

from departments.models import Department
from home.demo import load_demo_hospital
from integrity.coverage import year_coverage
from integrity.demo import LAGGING, load_demo_year_round
from integrity.models import Commitment, StudySession, Talk

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 8, 20)  # two quarters ended, the third under way


def test_the_demo_year_has_records_gaps_and_loads_once():
    load_demo_hospital()
    created = load_demo_year_round(today=TODAY)
    assert created["commitments"] > 400
    assert created["talks"] > 300
    assert created["sessions"] > 60
    assert load_demo_year_round(today=TODAY) == {"commitments": 0, "talks": 0, "sessions": 0}
    assert not StudySession.objects.filter(held_on__gt=TODAY).exists()
    assert not Talk.objects.filter(talked_on__gt=TODAY).exists()
    assert not Commitment.objects.filter(signed_on__gt=TODAY).exists()
    units = list(Department.objects.filter(parent__isnull=True))
    coverage = year_coverage(units, 2026, today=TODAY)
    lagging = {unit.pk for unit in units if unit.code in LAGGING}
    behind = {pk for pk, c in coverage.items() if any(c.below_target.values())}
    assert lagging <= behind
    complete = [c for c in coverage.values() if (c.commitments_percent or 0) >= 90]
    assert len(complete) > len(units) // 2
    missed = {pk for pk, c in coverage.items() if c.quarters_missed}
    assert missed == {unit.pk for unit in units if LAGGING.get(unit.code) == 2}
