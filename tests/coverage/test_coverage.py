"""The coverage toward the target (coverage/selectors.py, docs/coverage.md), against
figures worked out by hand: revoked titles, merged units, units set up or closed in the
middle, clean teams, the years left and the trend."""

import datetime
from decimal import Decimal

import pytest

from appraisal.enums import YearlyGrade
from appraisal.models import Application, EvaluationResult
from core.i18n import full_date
from coverage.selectors import hospital_coverage
from departments.models import Department
from tests.coverage.factories import campaign_of, title_of
from tests.factories import DepartmentFactory, rectification_of
from tests.hospital.helpers import save_settings
from veto.enums import RectificationState
from veto.models import Rectification

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 9, 1)


def _unit(code, name, **fields):
    return DepartmentFactory(code=code, name=name, **fields)


def _end(unit, on, into=None):
    """The unit closed (or merged into ``into``) on ``on``, as the lifetime service leaves it."""
    Department.objects.filter(pk=unit.pk).update(closed_on=on, merged_into=into, active=False)
    unit.refresh_from_db()


def _trend(coverage):
    return [(p.year, p.base, p.covered, p.share) for p in coverage.trend]


def _row(coverage, code):
    return next(row for row in coverage.units if row.code == code)


@pytest.fixture
def four(party_office):
    """A titled 2023; B titled 2025; C titled 2024, revoked 1 March 2025; D never."""
    a, b, c, d = (
        _unit(code, name)
        for code, name in (("A", "甲科"), ("B", "乙科"), ("C", "丙科"), ("D", "丁科"))
    )
    title_of(a, 2023, by=party_office)
    title_of(b, 2025, by=party_office)
    title_of(c, 2024, by=party_office, revoked_on=datetime.date(2025, 3, 1), reason="受到党纪处分")
    return a, b, c, d


def _only(coverage, codes):
    """The coverage's units restricted to ``codes`` (the personas' own units are there too)."""
    return {row.code: row for row in coverage.units if row.code in codes}


def test_a_revoked_title_does_not_cover(four):
    coverage = hospital_coverage(today=TODAY)
    rows = _only(coverage, "ABCD")
    assert {code: row.covered for code, row in rows.items()} == {
        "A": True,
        "B": True,
        "C": False,
        "D": False,
    }
    assert (rows["C"].why_not_covered, rows["D"].why_not_covered) == ("称号已被撤销", "从未获评")
    assert rows["C"].revocations_text == "2025年3月1日撤销2024年度称号：受到党纪处分"
    assert [year.mark for year in rows["C"].years] == ["—", "已撤销", "—", "—"]
    assert [year.mark for year in rows["A"].years] == ["已获", "—", "—", "—"]


def test_the_hospital_s_share_and_the_way_to_the_target(four, party_office):
    # Only the four units: the party office's own department leaves the base.
    _end(party_office.person.department, datetime.date(2022, 1, 1))
    coverage = hospital_coverage(today=TODAY)
    assert (coverage.base_count, coverage.covered_count, coverage.share) == (4, 2, 50)
    # 2026 has no title yet: this year is left, and both units are needed in it.
    assert (coverage.years_left, coverage.to_cover, coverage.needed_per_year) == (1, 2, 2)
    assert (coverage.reached, coverage.missed) == (False, False)
    assert [row.code for row in coverage.not_covered] == ["C", "D"]
    # 2023: A of four; 2024: A and C (revoked only in 2025); 2025: A and B.
    assert _trend(coverage) == [
        (2023, 4, 1, 25),
        (2024, 4, 2, 50),
        (2025, 4, 2, 50),
        (2026, 4, 2, 50),
    ]


def test_a_title_of_this_year_uses_this_year_up(four, party_office):
    _end(party_office.person.department, datetime.date(2022, 1, 1))
    title_of(four[3], 2026, by=party_office)
    coverage = hospital_coverage(today=TODAY)
    assert (coverage.covered_count, coverage.years_left, coverage.needed_per_year) == (3, 0, None)
    assert coverage.missed is True


def test_a_later_target_spreads_the_units_over_the_years(four, party_office, admin_user):
    _end(party_office.person.department, datetime.date(2022, 1, 1))
    _end(admin_user.person.department, datetime.date(2022, 1, 1))
    save_settings(admin_user, coverage_target_year=2028)
    coverage = hospital_coverage(today=TODAY)
    assert (coverage.years_left, coverage.to_cover, coverage.needed_per_year) == (3, 2, 1)


def test_titles_before_the_start_year_do_not_count(party_office):
    old = _unit("E", "戊科")
    title_of(old, 2022, by=party_office)
    row = _row(hospital_coverage(today=TODAY), "E")
    assert (row.covered, row.why_not_covered) == (False, "从未获评")


def test_a_revoked_unit_titled_again_is_covered(party_office):
    unit = _unit("E", "戊科")
    title_of(unit, 2023, by=party_office, revoked_on=datetime.date(2024, 5, 1))
    title_of(unit, 2025, by=party_office)
    row = _row(hospital_coverage(today=TODAY), "E")
    assert row.covered is True
    assert [year.mark for year in row.years] == ["已撤销", "—", "已获", "—"]


def test_a_merged_unit_s_title_counts_for_the_unit_it_joined(party_office):
    into, merged = _unit("A", "甲科"), _unit("B", "乙科")
    title_of(merged, 2023, by=party_office)
    _end(merged, datetime.date(2025, 6, 30), into=into)
    coverage = hospital_coverage(today=TODAY)
    assert "B" not in _only(coverage, "AB")
    row = _row(coverage, "A")
    assert row.covered is True
    assert [year.mark for year in row.years] == ["已获（原乙科）", "—", "—", "—"]
    (left,) = [r for r in coverage.left_out if r.unit.code == "B"]
    assert left.reason == "已于2025年6月30日并入甲科"


def test_the_trend_follows_the_merge_year_by_year(party_office):
    _end(party_office.person.department, datetime.date(2022, 1, 1))
    into, merged = _unit("A", "甲科"), _unit("B", "乙科")
    title_of(merged, 2023, by=party_office)
    _end(merged, datetime.date(2025, 6, 30), into=into)
    # 2023 and 2024: both in the base, B covered; 2025 on: A alone, covered by B's title.
    assert _trend(hospital_coverage(today=TODAY)) == [
        (2023, 2, 1, 50),
        (2024, 2, 1, 50),
        (2025, 1, 1, 100),
        (2026, 1, 1, 100),
    ]


def test_a_chain_of_merges_carries_the_title_to_the_last_unit(party_office):
    a, b, c = _unit("A", "甲科"), _unit("B", "乙科"), _unit("C", "丙科")
    title_of(c, 2024, by=party_office)
    _end(c, datetime.date(2025, 1, 31), into=b)
    _end(b, datetime.date(2026, 1, 31), into=a)
    row = _row(hospital_coverage(today=TODAY), "A")
    assert row.covered is True
    assert [year.mark for year in row.years] == ["—", "已获（原丙科）", "—", "—"]


def test_a_closed_unit_leaves_the_base_and_a_new_one_joins_it(party_office):
    _end(party_office.person.department, datetime.date(2022, 1, 1))
    closed = _unit("A", "甲科")
    _unit("B", "乙科", opened_on=datetime.date(2026, 3, 1))
    title_of(closed, 2023, by=party_office)
    _end(closed, datetime.date(2024, 12, 31))
    coverage = hospital_coverage(today=TODAY)
    assert [row.code for row in coverage.units] == ["B"]
    assert (coverage.covered_count, coverage.base_count) == (0, 1)
    # Closed on the last day of 2024: out of 2024's base. B joins in 2026.
    assert _trend(coverage) == [
        (2023, 1, 1, 100),
        (2024, 0, 0, None),
        (2025, 0, 0, None),
        (2026, 1, 0, 0),
    ]
    (left,) = [r for r in coverage.left_out if r.unit.code == "A"]
    assert left.reason == "已于2024年12月31日撤销"


def test_a_unit_set_up_after_today_and_one_retired_without_a_day(party_office):
    _unit("F", "己科", opened_on=datetime.date(2026, 10, 1))
    _unit("G", "庚科", active=False)
    reasons = {r.unit.code: r.reason for r in hospital_coverage(today=TODAY).left_out}
    assert (reasons["F"], reasons["G"]) == ("2026年10月1日设立", "已停用（未登记撤销日期）")


def test_clean_teams_are_counted_on_their_own(party_office):
    department = _unit("A", "甲科")
    team = _unit("A-T1", "甲科导管室清廉团队", parent=department)
    title_of(department, 2024, by=party_office)
    rows = _only(hospital_coverage(today=TODAY), ["A", "A-T1"])
    assert (rows["A"].covered, rows["A-T1"].covered) == (True, False)
    assert rows["A-T1"].kind == "清廉团队"
    # A team merged into its department brings its title to it.
    title_of(team, 2025, by=party_office)
    _end(team, datetime.date(2026, 2, 1), into=department)
    row = _row(hospital_coverage(today=TODAY), "A")
    assert [year.mark for year in row.years] == ["—", "已获", "已获（原甲科导管室清廉团队）", "—"]


def test_the_current_rectification_and_the_last_grade(party_office, department_a):
    title = title_of(department_a, 2025, by=party_office)
    rectification = rectification_of(
        department_a, title=title, starts_on=datetime.date(2026, 7, 1), months=3
    )
    row = _row(hospital_coverage(today=TODAY), department_a.code)
    assert row.covered is False
    assert row.rectification_text == f"整改中，整改期至{full_date(rectification.ends_on)}"
    assert row.last_grade_text == ""
    campaign = campaign_of(2025, party_office, title="2025年度清廉考评")
    EvaluationResult.objects.create(
        application=Application.objects.create(
            campaign=campaign, unit=department_a, version=1, created_by=party_office
        ),
        campaign=campaign,
        unit=department_a,
        year=2025,
        total=Decimal("91.00"),
        rank=1,
        grade=YearlyGrade.EXCELLENT,
        average_total=Decimal("85.00"),
        confirmed_on=datetime.date(2026, 1, 20),
    )
    Rectification.objects.filter(pk=rectification.pk).update(state=RectificationState.ACCEPTED)
    row = _row(hospital_coverage(today=TODAY), department_a.code)
    assert (row.rectification_text, row.last_grade_text) == ("", "2025年度优秀")


def test_the_start_year_comes_from_the_settings(party_office, admin_user):
    unit = _unit("E", "戊科")
    title_of(unit, 2022, by=party_office)
    save_settings(admin_user, coverage_start_year=2022)
    coverage = hospital_coverage(today=TODAY)
    assert coverage.years == [2022, 2023, 2024, 2025, 2026]
    assert _row(coverage, "E").covered is True
