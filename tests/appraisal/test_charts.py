"""The review's charts (appraisal/review_selectors.py's chart selectors, appraisal/charts.py,
the ranking_charts page): the statistics exactly, the outlier rule, text alternatives and
a query count that does not grow with the reviews."""

import re
import statistics
from decimal import Decimal
from fractions import Fraction

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from appraisal.ranking import rubric_columns
from appraisal.review_selectors import (
    REVIEWER_OUTLIER_POINTS,
    Distribution,
    ReviewerComparison,
    criterion_distributions,
    reviewer_comparisons,
)
from appraisal.services import assignment
from tests.factories import fill_review

half_points = st.integers(min_value=0, max_value=24).map(lambda n: Decimal(n) / 2)


def _distribution(scores):
    return Distribution(criterion=None, scores=sorted(scores), not_applicable=0)


def _criteria(campaign):
    return [c for s in rubric_columns(campaign) for c in s.criteria]


# --- the statistics --------------------------------------------------------------------------------


def test_quartiles_of_an_odd_number_of_scores_count_the_median_in_both_halves():
    d = _distribution([Decimal(v) for v in (5, 1, 4, 2, 3)])
    assert (d.lowest, d.lower_quartile, d.median, d.upper_quartile, d.highest) == (1, 2, 3, 4, 5)


def test_quartiles_of_an_even_number_of_scores_are_the_medians_of_the_halves():
    d = _distribution([Decimal(v) for v in (1, 2, 3, 4)])
    assert (d.lower_quartile, d.median, d.upper_quartile) == (
        Decimal("1.5"),
        Decimal("2.5"),
        Decimal("3.5"),
    )


def test_one_score_is_every_statistic():
    d = _distribution([Decimal("6.5")])
    assert {d.lowest, d.lower_quartile, d.median, d.upper_quartile, d.highest} == {Decimal("6.5")}
    assert d.mean_shown == Decimal("6.50")


def test_no_score_has_no_statistics():
    d = _distribution([])
    assert (d.count, d.median, d.lower_quartile, d.mean, d.mean_shown) == (
        0,
        None,
        None,
        None,
        None,
    )


def test_mean_is_exact_and_rounded_half_up_once():
    d = _distribution([Decimal("1"), Decimal("1"), Decimal("0.5")])  # 2.5 / 3 = 0.8333…
    assert d.mean == Fraction(5, 6)
    assert d.mean_shown == Decimal("0.83")
    d = _distribution([Decimal("0.5"), Decimal("0"), Decimal("0"), Decimal("0")])  # 0.125
    assert d.mean_shown == Decimal("0.13")


@given(st.lists(half_points, min_size=1, max_size=40))
def test_distribution_statistics_agree_with_the_standard_library(scores):
    d = _distribution(scores)
    assert d.median == statistics.median(sorted(scores))
    assert d.mean == Fraction(sum(scores)) / len(scores)
    assert d.lowest <= d.lower_quartile <= d.median <= d.upper_quartile <= d.highest
    ordered = sorted(scores)
    half = (len(ordered) + 1) // 2
    assert d.lower_quartile == statistics.median(ordered[:half])
    assert d.upper_quartile == statistics.median(ordered[-half:])
    # Half points: every quartile is a whole number of quarter points.
    for value in (d.lower_quartile, d.median, d.upper_quartile):
        assert (value * 4) == (value * 4).to_integral_value()


# --- the outlier rule --------------------------------------------------------------------------------


def _comparison(deviations):
    return ReviewerComparison(
        reviewer=None,
        totals=[Fraction(80)] * len(deviations),
        deviations=[Fraction(d) for d in deviations],
        others=[Fraction(80)] * len(deviations),
    )


def test_a_reviewer_exactly_at_the_limit_is_not_flagged():
    assert REVIEWER_OUTLIER_POINTS == 10
    assert not _comparison([10, 10]).flagged
    assert not _comparison([-10]).flagged


def test_a_reviewer_beyond_the_limit_either_way_is_flagged():
    assert _comparison([Fraction(1001, 100)]).flagged
    assert _comparison([-8, -14]).flagged  # mean −11
    assert not _comparison([-30, 30]).flagged  # mean 0: spread, not a bias


def test_a_reviewer_compared_with_nobody_is_not_flagged():
    comparison = ReviewerComparison(reviewer=None, totals=[Fraction(40)])
    assert comparison.mean_deviation is None
    assert not comparison.flagged


def test_deviation_spread_is_the_population_standard_deviation():
    assert _comparison([-8, -14]).deviation_spread == Decimal("3.00")
    assert _comparison([1, 2, 3, 4]).deviation_spread == Decimal("1.12")  # √1.25
    assert _comparison([5]).deviation_spread is None


@given(st.lists(st.integers(min_value=-100, max_value=100), min_size=1, max_size=20))
def test_flag_follows_the_stated_rule(deviations):
    comparison = _comparison(deviations)
    mean = Fraction(sum(deviations), len(deviations))
    assert comparison.mean_deviation == mean
    assert comparison.flagged == (abs(mean) > REVIEWER_OUTLIER_POINTS)


# --- from the database -------------------------------------------------------------------------------


def _scored(reviewing, team, party_office):
    """心内科: reviewer1 and reviewer2 give full points (100), reviewer3 nothing for the
    last two criteria (10 and 8 points): 82. 骨科: reviewer4 alone, "not applicable"
    for the first criterion."""
    criteria = _criteria(reviewing.campaign)
    for application, reviewer, scores in (
        (reviewing.a, team[1], None),
        (reviewing.a, team[2], None),
        (reviewing.a, team[3], {criteria[14].pk: "0", criteria[13].pk: "0"}),
        (reviewing.b, team[4], {criteria[0].pk: "na"}),
    ):
        review = assignment.review_assign(
            application=application, reviewer=reviewer, by=party_office
        )
        fill_review(review, by=reviewer, scores=scores, direct=True)


def test_criterion_distributions_count_submitted_scores(reviewing, team, party_office):
    _scored(reviewing, team, party_office)
    criteria = _criteria(reviewing.campaign)
    distributions = criterion_distributions(reviewing.campaign)
    assert [d.criterion for d in distributions] == criteria
    first, last = distributions[0], distributions[14]
    assert (first.count, first.not_applicable) == (3, 1)
    assert last.scores == [Decimal(0), Decimal(10), Decimal(10), Decimal(10)]
    assert (last.lower_quartile, last.median, last.upper_quartile) == (5, 10, 10)
    assert last.mean_shown == Decimal("7.50")


def test_reviewer_comparisons_flag_the_reviewer_far_from_the_others(reviewing, team, party_office):
    _scored(reviewing, team, party_office)
    comparisons = {c.reviewer.pk: c for c in reviewer_comparisons(reviewing.campaign)}
    far = comparisons[team[3].pk]
    assert far.mean_shown == Decimal("82.00")
    assert far.others_mean_shown == Decimal("100.00")
    assert far.mean_deviation_shown == Decimal("-18.00")
    assert far.flagged
    near = comparisons[team[1].pk]
    assert near.mean_deviation == 9  # 100 − (100 + 82) / 2
    assert not near.flagged
    alone = comparisons[team[4].pk]
    assert (alone.count, alone.compared, alone.flagged) == (1, 0, False)


def test_charts_page_has_text_alternatives_and_the_rule(
    reviewing, team, party_office, persona_client
):
    _scored(reviewing, team, party_office)
    page = (
        persona_client("party_office")
        .get(reverse("appraisal:ranking_charts", args=[reviewing.campaign.pk]))
        .content.decode()
    )
    for key in ("progress", "distribution", "reviewers"):
        assert f'aria-labelledby="chart-{key}-title chart-{key}-desc"' in page
        assert f'<desc id="chart-{key}-desc">' in page
    assert page.count('role="img"') == 3 + 2  # three review charts, two departments
    assert page.count("<details") == 3 + 2
    assert "平均差超过 ±10 分的评审人员标为“偏离”" in page
    flagged = re.search(r'<p class="text-danger small">([^<]*)</p>', page).group(1)
    assert flagged == f"偏离：{team[3].name}"
    assert "1 名评审人员偏离" in page
    assert "style=" not in page
    assert "<script" not in page.split("</nav>", 1)[1]


def test_charts_page_query_count_does_not_grow_with_the_reviews(
    reviewing, team, party_office, persona_client
):
    client = persona_client("party_office")
    url = reverse("appraisal:ranking_charts", args=[reviewing.campaign.pk])
    review = assignment.review_assign(application=reviewing.b, reviewer=team[5], by=party_office)
    fill_review(review, by=team[5], direct=True)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    _scored(reviewing, team, party_office)
    client.get(url)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(one)
