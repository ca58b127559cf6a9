"""The record kinds appraisal attaches (risks/records.py): what a unit's risk points and
key posts come to in a year, registered from RisksConfig.ready(), in a number of queries
that does not grow with the units."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from appraisal.records import record_kind, record_summaries, record_summaries_kept
from risks.records import KEY_POSTS, RISK_POINTS
from risks.rotation import add_years
from tests.factories import DepartmentFactory
from tests.risks.factories import holding, review, risk_point

pytestmark = pytest.mark.django_db


def test_both_kinds_are_registered_with_their_figures():
    assert set(record_kind(RISK_POINTS).figures) == {
        "points",
        "reviewed",
        "reviewed_percent",
        "grade_1",
        "grade_2",
        "grade_3",
    }
    assert set(record_kind(KEY_POSTS).figures) == {"holders", "due_for_rotation"}


def test_risk_points_of_the_year_reviewed_and_by_grade(department_a, department_b):
    today = timezone.localdate()
    year = today.year
    first = risk_point(department_a, grade="1")
    second = risk_point(department_a, post="设备采购", grade="2")
    risk_point(department_a, post="收费", grade="3")
    risk_point(department_a, post="旧岗位", retired_on=datetime.date(year - 1, 12, 31))
    risk_point(department_a, post="明年", recorded_on=datetime.date(year + 1, 1, 1))
    review(first, today)
    review(second, today)
    review(risk_point(department_b), datetime.date(year - 1, 6, 1))
    summary = record_kind(RISK_POINTS).summarize([department_a, department_b], year)
    a, b = summary[department_a.pk], summary[department_b.pk]
    # 2 of 3 reviewed: 66% (rounded down); B's one point reviewed last year: 0%.
    assert a.figures == {
        "points": 3,
        "reviewed": 2,
        "reviewed_percent": 66,
        "grade_1": 1,
        "grade_2": 1,
        "grade_3": 1,
    }
    assert a.text == "风险点 3 个，本年度已复核 2 个"
    assert a.url == reverse("risks:unit_points", args=[department_a.pk])
    assert [item.label for item in a.items] == [
        "药品采购（一级（高））",
        "设备采购（二级（中））",
        "收费（三级（低））",
    ]
    assert (b.figures["reviewed"], b.figures["reviewed_percent"]) == (0, 0)
    last_year = record_kind(RISK_POINTS).summarize([department_b], year - 1)[department_b.pk]
    assert (last_year.text, last_year.figures["reviewed"]) == (
        f"风险点 1 个，{year - 1}年度已复核 1 个",
        1,
    )


def test_a_point_retired_during_the_year_counts_for_it(department_a):
    year = timezone.localdate().year
    risk_point(department_a, retired_on=datetime.date(year, 1, 2))
    summary = record_kind(RISK_POINTS).summarize([department_a], year)[department_a.pk]
    assert summary.figures["points"] == 1


def test_key_posts_holders_and_due_for_rotation(department_a, department_b):
    today = timezone.localdate()
    holding(department_a, since=add_years(today, -6))
    holding(department_a, since=add_years(today, -1), post="药品采购")
    holding(department_a, since=add_years(today, -8), until=add_years(today, -3))
    summary = record_kind(KEY_POSTS).summarize([department_a, department_b], today.year)
    a = summary[department_a.pk]
    assert a.figures == {"holders": 2, "due_for_rotation": 1}
    assert a.text == "重点岗位在岗 2 人，已达轮岗年限 1 人"
    assert a.items[0].label.endswith("（已达轮岗年限）")
    assert summary[department_b.pk].figures == {"holders": 0, "due_for_rotation": 0}


def test_summaries_take_the_same_queries_for_2_or_30_units(department_a):
    year = timezone.localdate().year

    def run(units):
        record_summaries(units, year, keys={RISK_POINTS, KEY_POSTS})
        with CaptureQueriesContext(connection) as queries:
            record_summaries(units, year, keys={RISK_POINTS, KEY_POSTS})
        return len(queries)

    few = [department_a, DepartmentFactory()]
    for unit in few:
        risk_point(unit)
        holding(unit, since=datetime.date(2020, 1, 1))
    counted = run(few)
    many = [*few, *(DepartmentFactory() for _ in range(28))]
    for unit in many[2:]:
        review(risk_point(unit), timezone.localdate())
        holding(unit, since=datetime.date(2020, 1, 1))
    assert run(many) == counted == 4


# --- kept in the cache (appraisal.records.record_summaries_kept) ------------------------------


def _kept(unit, key):
    year = timezone.localdate().year
    (summary,) = record_summaries_kept([unit], year, keys={key})[unit.pk]
    return summary.figures


def test_kept_risk_points_change_with_each_write_of_the_services(department_a, applicant_a):
    from risks.services import points as services

    assert _kept(department_a, RISK_POINTS)["points"] == 0
    point = services.risk_point_add(
        unit=department_a, by=applicant_a, post="药品采购", risk="回扣", grade="2", measure="轮岗"
    )
    assert _kept(department_a, RISK_POINTS) == {
        "points": 1,
        "reviewed": 0,
        "grade_1": 0,
        "grade_2": 1,
        "grade_3": 0,
        "reviewed_percent": 0,
    }
    services.risk_point_review(
        point=point,
        by=applicant_a,
        reviewed_on=timezone.localdate(),
        outcome="升为一级",
        grade="1",
    )
    figures = _kept(department_a, RISK_POINTS)
    assert (figures["reviewed"], figures["grade_1"], figures["grade_2"]) == (1, 1, 0)
    services.risk_point_edit(
        point=point, by=applicant_a, post="耗材采购", risk="回扣", measure="轮岗"
    )
    year = timezone.localdate().year
    (summary,) = record_summaries_kept([department_a], year, keys={RISK_POINTS})[department_a.pk]
    assert [item.label for item in summary.items] == ["耗材采购（一级（高））"]


def test_kept_key_posts_change_with_the_holders_and_the_rotation_limit(
    department_a, applicant_a, admin_user, django_capture_on_commit_callbacks
):
    from risks.services import key_posts as services
    from tests.factories import PersonFactory
    from tests.hospital.helpers import save_settings
    from tests.risks.factories import key_post

    save_settings(admin_user, key_post_rotation_years=5)
    today = timezone.localdate()
    nurse = PersonFactory(department=department_a, name="护士甲")
    held = services.holding_add(
        unit=department_a, by=applicant_a, person=nurse, since=add_years(today, -4), post=key_post()
    )
    assert _kept(department_a, KEY_POSTS) == {"holders": 1, "due_for_rotation": 0}
    with django_capture_on_commit_callbacks(execute=True):  # the profile renewed on commit
        save_settings(admin_user, key_post_rotation_years=3, reason="院党委会议决定")
    assert _kept(department_a, KEY_POSTS) == {"holders": 1, "due_for_rotation": 1}
    nurse.name = "护士乙"
    nurse.save()
    (summary,) = record_summaries_kept([department_a], today.year, keys={KEY_POSTS})[
        department_a.pk
    ]
    assert summary.items[0].label == "设备采购：护士乙（已达轮岗年限）"
    services.holding_end(holding=held, by=applicant_a, until=today - datetime.timedelta(days=1))
    assert _kept(department_a, KEY_POSTS) == {"holders": 0, "due_for_rotation": 0}


def test_reviewed_percent_is_none_without_points(department_a):
    year = timezone.localdate().year
    summary = record_kind(RISK_POINTS).summarize([department_a], year)[department_a.pk]
    assert (summary.figures["points"], summary.figures["reviewed_percent"]) == (0, None)
