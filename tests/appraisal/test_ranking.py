"""The aggregation, worked out by hand on the default rubric:

管理规范 6 6 5 4 4 (25) · 服务优质 5 5 7 8 (25) · 纪律严明 6 7 12 (25) · 文化廉洁 7 8 10 (25)

c[0] … c[14] below are these fifteen criteria in that order. A reviewer gives full
points wherever a test does not say otherwise.
"""

from decimal import Decimal
from fractions import Fraction

import pytest

from appraisal.models import Campaign
from appraisal.ranking import campaign_ranking, round_half_up, rubric_columns
from appraisal.services import assignment
from appraisal.services import reviews as services
from tests.factories import (
    DepartmentFactory,
    close_applications,
    fill_review,
    open_campaign,
    submitted_application,
)

NA = "na"


@pytest.fixture
def c(reviewing):
    return [criterion for s in rubric_columns(reviewing.campaign) for criterion in s.criteria]


def _review(application, reviewer, party_office, scores=None, *, submit=True):
    review = assignment.review_assign(application=application, reviewer=reviewer, by=party_office)
    return fill_review(review, by=reviewer, scores=scores, submit=submit, direct=True)


def _row(campaign, application):
    return campaign_ranking(campaign).row_for(application.pk)


def _trim(campaign, on=True):
    Campaign.objects.filter(pk=campaign.pk).update(trims_extreme_scores=on)
    campaign.refresh_from_db()


def test_rubric_columns_are_the_default_rubric(reviewing, c):
    assert [criterion.points for criterion in c] == [
        Decimal(p) for p in (6, 6, 5, 4, 4, 5, 5, 7, 8, 6, 7, 12, 7, 8, 10)
    ]


# --- the mean per criterion ----------------------------------------------------------------


def test_mean_of_three_reviewers_is_exact(reviewing, team, party_office, c):
    # c[0] (6 points): 5, 4, 4 → 13/3 = 4.333…
    for reviewer, score in zip(team[1:4], ("5", "4", "4"), strict=True):
        _review(reviewing.a, reviewer, party_office, {c[0].pk: score})
    row = _row(reviewing.campaign, reviewing.a)
    assert row.criteria[c[0].pk].mean == Fraction(13, 3)
    assert row.criteria[c[0].pk].shown == Decimal("4.33")
    # 管理规范: 13/3 + 6 + 5 + 4 + 4 = 23.333… ; total 94 + 13/3 = 98.333…
    assert row.subtotals == [Decimal("23.33"), Decimal("25.00"), Decimal("25.00"), Decimal("25.00")]
    assert row.total == Decimal("98.33")
    assert (row.rank, row.reviews) == (1, 3)


def test_not_applicable_is_left_out_of_the_mean(reviewing, team, party_office, c):
    # c[0]: 4 and "not applicable" → mean 4 (not 2); total 94 + 4 = 98
    _review(reviewing.a, team[1], party_office, {c[0].pk: "4"})
    _review(reviewing.a, team[2], party_office, {c[0].pk: NA})
    row = _row(reviewing.campaign, reviewing.a)
    assert (row.criteria[c[0].pk].mean, row.criteria[c[0].pk].scored) == (Fraction(4), 1)
    assert row.total == Decimal("98.00")


def test_trimmed_mean_drops_one_highest_and_one_lowest_from_five(reviewing, team, party_office, c):
    # c[0] on B from five reviewers: 6, 5, 5, 4, 1.
    for reviewer, score in zip(team[:5], ("6", "5", "5", "4", "1"), strict=True):
        _review(reviewing.b, reviewer, party_office, {c[0].pk: score})
    # Without the option: 21/5 = 4.2; total 94 + 4.2 = 98.20.
    plain = _row(reviewing.campaign, reviewing.b)
    assert (plain.criteria[c[0].pk].shown, plain.criteria[c[0].pk].trimmed) == (
        Decimal("4.20"),
        False,
    )
    assert plain.total == Decimal("98.20")
    # With it: (5 + 5 + 4) / 3 = 14/3 = 4.666…; total 98.666… → 98.67.
    _trim(reviewing.campaign)
    trimmed = _row(reviewing.campaign, reviewing.b)
    assert trimmed.criteria[c[0].pk].mean == Fraction(14, 3)
    assert trimmed.criteria[c[0].pk].trimmed is True
    assert trimmed.total == Decimal("98.67")
    # Every other criterion: five full scores, trimmed to three full scores.
    assert trimmed.criteria[c[14].pk].mean == Fraction(10)


def test_trimmed_mean_needs_five_who_scored_not_five_who_reviewed(reviewing, team, party_office, c):
    # Five reviewers, one says "not applicable": four scores 6, 5, 4, 1 → no trimming,
    # 16/4 = 4; total 94 + 4 = 98.00.
    _trim(reviewing.campaign)
    for reviewer, score in zip(team[:5], ("6", "5", "4", "1", NA), strict=True):
        _review(reviewing.b, reviewer, party_office, {c[0].pk: score})
    row = _row(reviewing.campaign, reviewing.b)
    assert (row.criteria[c[0].pk].mean, row.criteria[c[0].pk].trimmed) == (Fraction(4), False)
    assert row.total == Decimal("98.00")


# --- not applicable for everyone: the total is rescaled ---------------------------------------------


def test_criterion_everyone_marks_not_applicable_leaves_the_total(reviewing, team, party_office, c):
    # c[2] (5 points) not applicable for all three; c[0] (6 points) 3, 3, 3.
    # Sum 3 + 6 + 4 + 4 + 75 = 92 of the 95 points that count → 92 × 100 / 95 = 96.842… → 96.84
    for reviewer in team[1:4]:
        _review(reviewing.a, reviewer, party_office, {c[0].pk: "3", c[2].pk: NA})
    row = _row(reviewing.campaign, reviewing.a)
    assert row.criteria[c[2].pk].mean is None
    assert row.exact_total == Fraction(9200, 95)
    assert row.total == Decimal("96.84")
    assert row.subtotals[0] == Decimal("17.00")
    assert row.standard_cells()[0] == (Decimal("17.00"), Decimal("20.0"), Decimal("25.0"))


def test_total_rounds_half_up_at_the_third_decimal(reviewing, team, party_office, c):
    # c[8] (8) and c[11] (12) not applicable: 80 points count. c[14] (10) gets 0.5:
    # 70.5 × 100 / 80 = 88.125 exactly → 88.13 (half up; half even would give 88.12).
    _review(reviewing.a, team[1], party_office, {c[8].pk: NA, c[11].pk: NA, c[14].pk: "0.5"})
    row = _row(reviewing.campaign, reviewing.a)
    assert row.exact_total == Fraction(88125, 1000)
    assert row.total == Decimal("88.13")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Fraction(12345, 1000), "12.35"),
        (Fraction(12344999, 1000000), "12.34"),
        (Fraction(2, 3), "0.67"),
        (Fraction(1, 200), "0.01"),
        (Fraction(0), "0.00"),
        (Fraction(100), "100.00"),
    ],
)
def test_round_half_up_is_exact(value, expected):
    assert round_half_up(value) == Decimal(expected)
    assert str(round_half_up(value)) == expected


# --- ranking ----------------------------------------------------------------------------------


def test_equal_totals_share_a_rank_and_the_next_rank_skips(party_office, team):
    campaign = open_campaign(party_office)
    units = [DepartmentFactory(code=f"T{n}", name=f"科室{n}") for n in range(4)]
    applications = [submitted_application(campaign, unit) for unit in units]
    close_applications(campaign)
    c = [criterion for s in rubric_columns(campaign) for criterion in s.criteria]
    for reviewer in team[1:2]:
        assignment.pool_add(campaign=campaign, reviewer=reviewer, by=party_office)
    # 95, 90, 90, 85 — given in another order than the ranking's.
    scores = [
        {c[14].pk: "0"},  # 90
        {c[14].pk: "5"},  # 95
        {c[14].pk: "0", c[13].pk: "3"},  # 85
        {c[14].pk: "0"},  # 90
    ]
    for application, score in zip(applications, scores, strict=True):
        _review(application, team[1], party_office, score)
    ranking = campaign_ranking(campaign)
    assert [(r.application.unit.code, r.rank, r.total) for r in ranking.rows] == [
        ("T1", 1, Decimal("95.00")),
        ("T0", 2, Decimal("90.00")),
        ("T3", 2, Decimal("90.00")),
        ("T2", 4, Decimal("85.00")),
    ]
    # 文化廉洁 subtotals 20, 15, 10, 15 (25 for every other standard): average 15.
    assert ranking.standard_averages == [
        Decimal("25.00"),
        Decimal("25.00"),
        Decimal("25.00"),
        Decimal("15.00"),
    ]


def test_application_without_a_submitted_review_is_listed_unranked(
    reviewing, team, party_office, c
):
    _review(reviewing.b, team[1], party_office)
    _review(reviewing.a, team[2], party_office, submit=False)
    ranking = campaign_ranking(reviewing.campaign)
    assert [(r.application.unit.name, r.rank, r.total) for r in ranking.rows] == [
        ("骨科", 1, Decimal("100.00")),
        ("心内科", None, None),
    ]


def test_only_submitted_reviews_count(reviewing, team, party_office, c):
    _review(reviewing.a, team[1], party_office)
    second = _review(reviewing.a, team[2], party_office, {c[14].pk: "0"}, submit=False)
    assert _row(reviewing.campaign, reviewing.a).total == Decimal("100.00")
    services.review_submit(review=second, by=team[2])
    # c[14]: (10 + 0) / 2 = 5 → 95
    assert _row(reviewing.campaign, reviewing.a).total == Decimal("95.00")
    services.review_reopen(review=second, by=party_office, reason="请复核")
    assert _row(reviewing.campaign, reviewing.a).total == Decimal("100.00")


# --- the spread flag ----------------------------------------------------------------------------------


def test_spread_over_fifteen_points_is_flagged(reviewing, team, party_office, c):
    # B: 100 and 100 - 10 - 5.5 = 84.5 → spread 15.5: flagged.
    _review(reviewing.b, team[1], party_office)
    _review(reviewing.b, team[2], party_office, {c[14].pk: "0", c[8].pk: "2.5"})
    # A: 100 and 100 - 10 - 5 = 85 → spread exactly 15: not flagged.
    _review(reviewing.a, team[1], party_office)
    _review(reviewing.a, team[2], party_office, {c[14].pk: "0", c[8].pk: "3"})
    ranking = campaign_ranking(reviewing.campaign)
    b, a = ranking.row_for(reviewing.b.pk), ranking.row_for(reviewing.a.pk)
    assert (b.spread_shown, b.flagged) == (Decimal("15.50"), True)
    assert (a.spread_shown, a.flagged) == (Decimal("15.00"), False)


def test_reviewer_totals_are_rescaled_like_the_total(reviewing, team, party_office, c):
    # One reviewer finds c[2] not applicable and gives the rest full points: 95 of 95
    # counts as 100, the same as the colleague's 100 of 100 — no spread at all.
    _review(reviewing.a, team[1], party_office)
    _review(reviewing.a, team[2], party_office, {c[2].pk: NA})
    row = _row(reviewing.campaign, reviewing.a)
    assert sorted(row.reviewer_totals) == [Fraction(100), Fraction(100)]
    assert (row.spread, row.flagged) == (Fraction(0), False)


# --- cost --------------------------------------------------------------------------------------------


def test_ranking_runs_four_queries_whatever_the_number_of_reviews(
    reviewing, team, party_office, django_assert_num_queries
):
    _review(reviewing.a, team[1], party_office)
    with django_assert_num_queries(4):
        campaign_ranking(reviewing.campaign)
    for reviewer in team[2:]:
        _review(reviewing.a, reviewer, party_office)
    for reviewer in team[:4]:
        _review(reviewing.b, reviewer, party_office)
    with django_assert_num_queries(4):
        campaign_ranking(reviewing.campaign)
