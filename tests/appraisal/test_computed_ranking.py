"""The ranking of a yearly campaign with computed criteria (appraisal/ranking.py), worked
out by hand on the default rubric:

管理规范 6 6 5 4 4 (25) · 服务优质 5 5 7 8 (25) · 纪律严明 6 7 12 (25) · 文化廉洁 7 8 10 (25)

c[2] (科主任每年至少对科内人员开展 1 次廉政约谈, 5 points) is computed. A reviewer
gives full points wherever a test does not say otherwise; reviewers' entries for a
computed criterion (written here directly) never count.
"""

import itertools
from decimal import Decimal
from fractions import Fraction

import pytest

from appraisal.computation import computation_run
from appraisal.enums import CampaignKind, CampaignState
from appraisal.models import Campaign, ComputedScore, ScoreComputation
from appraisal.ranking import campaign_ranking, ranking_kept, rubric_columns
from appraisal.services import assignment
from appraisal.services import computed as computed_services
from appraisal.services import reviews as review_services
from core.errors import DomainError
from tests.appraisal.yearly import criterion, evaluated, set_formula, yearly_campaign
from tests.factories import fill_review

D = Decimal


@pytest.fixture
def yearly(reviewing, party_office):
    """The reviewing campaign made a yearly one, c[2] computed (A: 3 points, B: none yet)."""
    Campaign.objects.filter(pk=reviewing.campaign.pk).update(kind=CampaignKind.YEARLY_EVALUATION)
    reviewing.campaign.refresh_from_db()
    criteria = [c for s in rubric_columns(reviewing.campaign) for c in s.criteria]
    formula = set_formula(criteria[2], party_office)
    run = ScoreComputation.objects.create(campaign=reviewing.campaign, requested_by=party_office)
    ComputedScore.objects.create(
        application=reviewing.a,
        criterion=criteria[2],
        score=D("3"),
        computation=run,
        computed_at=formula.set_at,
    )
    reviewing.c = criteria
    return reviewing


def _review(application, reviewer, party_office, scores=None, *, submit=True):
    review = assignment.review_assign(application=application, reviewer=reviewer, by=party_office)
    return fill_review(review, by=reviewer, scores=scores, submit=submit, direct=True)


def _row(campaign, application):
    return campaign_ranking(campaign).row_for(application.pk)


def test_a_computed_criterion_counts_with_its_computed_score(yearly, team, party_office):
    c = yearly.c
    # The reviewer entered 1 for c[2]: not counted; the computed 3 is. 95 + 3 = 98.
    _review(yearly.a, team[1], party_office, {c[2].pk: "1"})

    row = _row(yearly.campaign, yearly.a)

    assert row.criteria[c[2].pk].mean == Fraction(3)
    assert row.criteria[c[2].pk].computed is True
    assert row.subtotals[0] == D("23.00")
    assert row.total == D("98.00")


def test_the_computed_score_replaces_the_mean_exactly(yearly, team, party_office):
    c = yearly.c
    # c[0] (6): 5, 4, 4 → 13/3; c[2] computed 3: 100 - 6 + 13/3 - 5 + 3 = 96.333… → 96.33
    for reviewer, score in zip(team[1:4], ("5", "4", "4"), strict=True):
        _review(yearly.a, reviewer, party_office, {c[0].pk: score})

    row = _row(yearly.campaign, yearly.a)

    assert row.exact_total == Fraction(289, 3)
    assert row.total == D("96.33")
    assert row.subtotals[0] == D("21.33")


def test_a_computed_criterion_without_a_score_counts_zero(yearly, team, party_office):
    # B has no computed score yet: 100 - 5 = 95.
    _review(yearly.b, team[1], party_office)

    assert _row(yearly.campaign, yearly.b).total == D("95.00")


def test_a_computed_criterion_is_never_left_out_as_not_applicable(yearly, team, party_office):
    c = yearly.c
    # The reviewer's "not applicable" on c[2] does not take its 5 points out of the total.
    _review(yearly.a, team[1], party_office, {c[2].pk: "na"})

    row = _row(yearly.campaign, yearly.a)

    assert row.counted_points[0] == D("25")
    assert row.total == D("98.00")


def test_computed_scores_rank_the_units(yearly, team, party_office):
    c = yearly.c
    _review(yearly.a, team[1], party_office)
    _review(yearly.b, team[2], party_office, {c[0].pk: "5"})
    # A: 95 + 3 = 98; B: 94 + 5 (c[2]? no computed score: 0) … = 100 - 1 - 5 = 94
    ranking = campaign_ranking(yearly.campaign)

    assert [(r.application.pk, r.total, r.rank) for r in ranking.rows] == [
        (yearly.a.pk, D("98.00"), 1),
        (yearly.b.pk, D("94.00"), 2),
    ]


def test_a_selection_campaign_ignores_formula_rows(reviewing, team, party_office):
    criteria = [c for s in rubric_columns(reviewing.campaign) for c in s.criteria]
    set_formula(criteria[2], party_office)  # written past the service, which refuses it
    _review(reviewing.a, team[1], party_office, {criteria[2].pk: "1"})

    assert _row(reviewing.campaign, reviewing.a).total == D("96.00")


def test_the_ranking_reads_computed_scores_in_one_more_query(
    yearly, team, party_office, django_assert_num_queries
):
    _review(yearly.a, team[1], party_office)
    _review(yearly.b, team[2], party_office)
    with django_assert_num_queries(5):
        campaign_ranking(yearly.campaign)


# --- the reviewer ---------------------------------------------------------------------------


def test_the_review_submits_without_the_computed_criterion(yearly, team, party_office):
    c = yearly.c
    review = assignment.review_assign(application=yearly.a, reviewer=team[1], by=party_office)
    for each in c:
        if each.pk != c[2].pk:
            review_services.score_save(
                review=review,
                by=team[1],
                criterion=each,
                score=each.points,
                not_applicable=False,
            )

    assert review_services.missing_for_submit(review) == []
    review_services.review_submit(review=review, by=team[1])
    review.refresh_from_db()
    assert (review.state, review.submitted_points) == ("submitted", D("95"))


def test_a_reviewer_may_not_score_a_computed_criterion(yearly, team, party_office):
    review = assignment.review_assign(application=yearly.a, reviewer=team[1], by=party_office)
    with pytest.raises(DomainError, match="按台账数据计算得分，评审人员不评分"):
        review_services.score_save(
            review=review, by=team[1], criterion=yearly.c[2], score=D("5"), not_applicable=False
        )


# --- the kept ranking --------------------------------------------------------------------------


def _probe(campaign):
    counter = itertools.count(1)
    return lambda: ranking_kept(campaign, "probe", lambda: next(counter))


def test_a_computation_renews_the_kept_ranking(
    party_office, department_a, figure_records, django_capture_on_commit_callbacks
):
    campaign = yearly_campaign(party_office)
    evaluated(campaign, [department_a], by=party_office)
    set_formula(criterion(campaign, 1, 3), party_office)
    probe = _probe(campaign)
    assert probe() == 1
    run = ScoreComputation.objects.create(campaign=campaign, requested_by=party_office)
    with django_capture_on_commit_callbacks(execute=True):
        computation_run(computation_id=run.pk)
    assert probe() == 2


def test_a_formula_saved_or_removed_renews_the_kept_ranking(
    party_office, figure_records, django_capture_on_commit_callbacks
):
    campaign = yearly_campaign(party_office, state=CampaignState.DRAFT)
    talks = criterion(campaign, 1, 3)
    probe = _probe(campaign)
    assert probe() == 1
    with django_capture_on_commit_callbacks(execute=True):
        computed_services.formula_save(
            criterion=talks,
            by=party_office,
            kind="test.talks",
            figure="percent",
            bands=[{"at_least": "90", "points": "5"}],
        )
    assert probe() == 2
    with django_capture_on_commit_callbacks(execute=True):
        computed_services.formula_remove(criterion=talks, by=party_office)
    assert probe() == 3
