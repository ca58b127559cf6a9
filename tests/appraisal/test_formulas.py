"""The computed criteria's arithmetic and the grade bands (appraisal/formulas.py)."""

import re
from decimal import Decimal

import pytest

from appraisal import records as registry
from appraisal.enums import YearlyGrade
from appraisal.formulas import (
    clean_formula,
    clean_grade_bands,
    figure_value,
    formula_points,
    grade_at_least,
    grade_for,
)
from appraisal.records import RecordKind, register_record_kind
from core.errors import DomainError

D = Decimal


class FiveCriterion:
    points = D("5")


@pytest.fixture
def talks_kind():
    saved = dict(registry._kinds)
    register_record_kind(
        RecordKind(
            key="test.talks",
            label="廉政约谈",
            summarize=lambda units, year: {},
            figures={"percent": "约谈覆盖率", "talked": "已约谈人数"},
        )
    )
    yield
    registry._kinds.clear()
    registry._kinds.update(saved)


TALK_BANDS = [
    {"at_least": "80", "points": "3"},
    {"at_least": "100", "points": "5"},
    {"at_least": "60", "points": "1.5"},
]


def test_clean_formula_sorts_bands_highest_threshold_first(talks_kind):
    bands = clean_formula(
        criterion=FiveCriterion, kind="test.talks", figure="percent", bands=TALK_BANDS
    )

    assert bands == [
        {"at_least": "100", "points": "5"},
        {"at_least": "80", "points": "3"},
        {"at_least": "60", "points": "1.5"},
    ]


@pytest.mark.parametrize(
    ("value", "points"),
    [
        (D("100"), D("5")),
        (D("99.9"), D("3")),
        (D("80"), D("3")),
        (D("79"), D("1.5")),
        (D("60"), D("1.5")),
        (D("59"), D("0")),
        (D("0"), D("0")),
        (None, D("0")),
    ],
)
def test_formula_points_takes_the_highest_threshold_reached(talks_kind, value, points):
    bands = clean_formula(
        criterion=FiveCriterion, kind="test.talks", figure="percent", bands=TALK_BANDS
    )

    assert formula_points(bands, value) == points


def test_clean_formula_refuses_an_unknown_record_kind(talks_kind):
    with pytest.raises(DomainError, match=re.escape("台账类型“test.visits”不存在")):
        clean_formula(criterion=FiveCriterion, kind="test.visits", figure="x", bands=TALK_BANDS)


def test_clean_formula_refuses_a_figure_the_kind_does_not_give(talks_kind):
    with pytest.raises(DomainError, match="没有数据项“sessions”"):
        clean_formula(
            criterion=FiveCriterion, kind="test.talks", figure="sessions", bands=TALK_BANDS
        )


def test_clean_formula_refuses_points_above_the_criterion(talks_kind):
    with pytest.raises(DomainError, match=re.escape("第 1 档得 5.5 分，超过了该评分项的分值 5 分")):
        clean_formula(
            criterion=FiveCriterion,
            kind="test.talks",
            figure="percent",
            bands=[{"at_least": "100", "points": "5.5"}],
        )


@pytest.mark.parametrize(
    ("bands", "message"),
    [
        ([], "请至少填写一个分档"),
        ([{"at_least": "八十", "points": "3"}], "第 1 档的门槛不是数字"),
        ([{"at_least": "80", "points": ""}], "第 1 档的得分不是数字"),
        ([{"at_least": "80", "points": "2.3"}], "以 0.5 分为单位"),
        ([{"at_least": "80", "points": "-1"}], "以 0.5 分为单位"),
        (
            [{"at_least": "80", "points": "3"}, {"at_least": "80", "points": "2"}],
            "门槛 80 填了两次",
        ),
        (
            [{"at_least": "90", "points": "2"}, {"at_least": "80", "points": "3"}],
            "门槛 90 的得分低于门槛 80 的得分",
        ),
    ],
)
def test_clean_formula_refuses_bad_bands(talks_kind, bands, message):
    with pytest.raises(DomainError, match=re.escape(message)):
        clean_formula(criterion=FiveCriterion, kind="test.talks", figure="percent", bands=bands)


@pytest.mark.parametrize(
    ("figures", "value"),
    [
        ({"percent": 95}, D("95")),
        ({"percent": "87.5"}, D("87.5")),
        ({"percent": None}, None),
        ({"percent": {"q1": 1}}, None),
        ({"percent": True}, None),
        ({}, None),
        (None, None),
    ],
)
def test_figure_value_reads_numbers_only(figures, value):
    assert figure_value(figures, "percent") == value


FOUR_GRADES = [
    ("excellent", "90", "100"),
    ("good", "80", "90"),
    ("pass", "60", "80"),
    ("fail", "0", "60"),
]


@pytest.mark.parametrize(
    ("total", "grade"),
    [
        (D("100"), YearlyGrade.EXCELLENT),
        (D("90"), YearlyGrade.EXCELLENT),
        (D("89.99"), YearlyGrade.GOOD),
        (D("80"), YearlyGrade.GOOD),
        (D("79.99"), YearlyGrade.PASS),
        (D("60"), YearlyGrade.PASS),
        (D("59.99"), YearlyGrade.FAIL),
        (D("0"), YearlyGrade.FAIL),
    ],
)
def test_grade_for_puts_each_boundary_in_the_band_it_starts(total, grade):
    assert grade_for(clean_grade_bands(FOUR_GRADES), total) == grade


def test_clean_grade_bands_orders_them_best_first():
    shuffled = [FOUR_GRADES[2], FOUR_GRADES[0], FOUR_GRADES[3], FOUR_GRADES[1]]

    assert [band[0] for band in clean_grade_bands(shuffled)] == [
        YearlyGrade.EXCELLENT,
        YearlyGrade.GOOD,
        YearlyGrade.PASS,
        YearlyGrade.FAIL,
    ]


def test_two_grades_are_enough():
    bands = clean_grade_bands([("pass", "60", "100"), ("fail", "0", "60")])

    assert grade_for(bands, D("60")) == YearlyGrade.PASS


@pytest.mark.parametrize(
    ("bands", "message"),
    [
        ([], "请至少设置一个等次"),
        ([("superb", "0", "100")], "等次“superb”不存在"),
        ([("pass", "0", "100"), ("pass", "0", "50")], "等次“合格”设置了两次"),
        ([("pass", "60", "50"), ("fail", "0", "60")], "最低分小于最高分"),
        ([("pass", "60", "101"), ("fail", "0", "60")], "须在 0 到 100 之间"),
        ([("pass", "60", "99"), ("fail", "0", "60")], "最高等次“合格”的分数段须到 100 分"),
        ([("pass", "60", "100"), ("fail", "1", "60")], "最低等次“不合格”的分数段须从 0 分起"),
        (
            [("excellent", "85", "100"), ("good", "80", "90"), ("fail", "0", "80")],
            "等次“良好”与“优秀”的分数段重叠（85 至 90）",
        ),
        (
            [("excellent", "90", "100"), ("good", "80", "85"), ("fail", "0", "80")],
            "等次“良好”与“优秀”之间有空档（85 至 90）",
        ),
        (
            [("fail", "90", "100"), ("excellent", "0", "90")],
            "最高等次“优秀”的分数段须到 100 分",
        ),
        ([("pass", "x", "100")], "等次“合格”的最低分不是数字"),
    ],
)
def test_clean_grade_bands_refuses_overlaps_gaps_and_misorder(bands, message):
    with pytest.raises(DomainError, match=re.escape(message)):
        clean_grade_bands(bands)


@pytest.mark.parametrize(
    ("grade", "required", "answer"),
    [
        ("excellent", "good", True),
        ("good", "good", True),
        ("pass", "good", False),
        ("fail", "pass", False),
    ],
)
def test_grade_at_least_compares_by_rank(grade, required, answer):
    assert grade_at_least(grade, required) is answer
