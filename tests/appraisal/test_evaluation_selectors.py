"""The last confirmed yearly result of each unit (appraisal/evaluation_selectors.py)."""

import datetime
from decimal import Decimal

import pytest

from appraisal.enums import YearlyGrade
from appraisal.evaluation_selectors import last_yearly_results
from appraisal.models import EvaluationResult
from tests.factories import DepartmentFactory, open_campaign, submitted_application

pytestmark = pytest.mark.django_db


def _result(campaign, unit, by, *, year, grade, confirmed_on):
    application = submitted_application(campaign, unit)
    return EvaluationResult.objects.create(
        application=application,
        campaign=campaign,
        unit=unit,
        year=year,
        total=Decimal("88.50"),
        rank=1,
        grade=grade,
        criterion_scores={},
        average_total=Decimal("80.00"),
        confirmed_on=confirmed_on,
    )


def test_last_yearly_results_takes_each_units_latest_year(party_office, department_a, department_b):
    never = DepartmentFactory(name="从未考评")
    older = open_campaign(party_office, title="2024年度考评", year=2024)
    newer = open_campaign(party_office, title="2025年度考评", year=2025)
    _result(
        older,
        department_a,
        party_office,
        year=2024,
        grade=YearlyGrade.FAIL,
        confirmed_on=datetime.date(2025, 1, 20),
    )
    latest_a = _result(
        newer,
        department_a,
        party_office,
        year=2025,
        grade=YearlyGrade.GOOD,
        confirmed_on=datetime.date(2026, 1, 20),
    )
    only_b = _result(
        older,
        department_b,
        party_office,
        year=2024,
        grade=YearlyGrade.PASS,
        confirmed_on=datetime.date(2025, 1, 20),
    )

    results = last_yearly_results([department_a, department_b, never])

    assert results == {department_a.pk: latest_a, department_b.pk: only_b}


def test_last_yearly_results_before_a_year_leaves_that_year_out(party_office, department_a):
    older = open_campaign(party_office, title="2024年度考评", year=2024)
    newer = open_campaign(party_office, title="2025年度考评", year=2025)
    first = _result(
        older,
        department_a,
        party_office,
        year=2024,
        grade=YearlyGrade.FAIL,
        confirmed_on=datetime.date(2025, 1, 20),
    )
    _result(
        newer,
        department_a,
        party_office,
        year=2025,
        grade=YearlyGrade.GOOD,
        confirmed_on=datetime.date(2026, 1, 20),
    )

    assert last_yearly_results([department_a.pk], before_year=2025) == {department_a.pk: first}


def test_last_yearly_results_queries_do_not_grow_with_units(
    party_office, django_assert_num_queries
):
    campaign = open_campaign(party_office, title="2025年度考评", year=2025)
    units = [DepartmentFactory() for _ in range(4)]
    for unit in units:
        _result(
            campaign,
            unit,
            party_office,
            year=2025,
            grade=YearlyGrade.PASS,
            confirmed_on=datetime.date(2026, 1, 20),
        )

    with django_assert_num_queries(1):
        results = last_yearly_results(units)
        assert [results[unit.pk].campaign.year for unit in units] == [2025] * 4
