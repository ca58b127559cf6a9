"""The demo hospital's way to full coverage (coverage/demo.py): past rounds' titles, a
revocation, a merger and a closing recorded with who and why, a unit set up this year;
loaded once."""

import datetime

import pytest

from appraisal.enums import TitleStatus
from appraisal.models import Title
from coverage.demo import load_demo_coverage
from coverage.selectors import hospital_coverage
from departments.models import Department
from departments.selectors import lifetime_changes
from home.demo import load_demo_hospital

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 9, 1)


def test_the_demo_shows_a_way_to_the_target_and_loads_once():
    load_demo_hospital()
    assert load_demo_coverage() == 15
    assert load_demo_coverage() == 0
    assert Title.objects.count() == 15
    revoked = Title.objects.get(status=TitleStatus.REVOKED)
    assert (revoked.unit.code, revoked.year) == ("FSK", 2024)
    merged = Department.objects.select_related("merged_into").get(code="KFK")
    assert (merged.closed_on, merged.merged_into.code) == (datetime.date(2025, 6, 30), "SJK")
    (change,) = lifetime_changes(merged)
    assert (change["by"].username, change["reason"]) == (
        "po",
        "院党委会2025年第9次会议：康复医学科并入神经内科",
    )
    coverage = hospital_coverage(today=TODAY)
    rows = {row.code: row for row in coverage.units}
    # 神经内科 carries 康复医学科's 2023 title; 体检中心 left the base; 全科医学科 joined it.
    assert rows["SJK"].covered is True
    assert "TJZ" not in rows
    assert rows["QKY"].covered is False
    assert rows["FSK"].why_not_covered == "称号已被撤销"
    # 34 departments and 3 clean teams of the roster, 全科医学科 set up this year.
    assert coverage.base_count == 38
    # 2023: six (康复医学科's carried to 神经内科); 2024: nine, less 放射科 (revoked) and
    # 体检中心 (closed). 2025's three are appraisal's demo, loaded after.
    assert coverage.covered_count == 6 + 9 - 2
    assert coverage.years_left == 1
