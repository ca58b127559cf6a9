"""Scoring: bounds, the assigned reviewer only, conflict of interest however the
request is crafted, submit locks, only the party office reopens with a reason;
the review opinion; forwarding the recommended list."""

from decimal import Decimal

import pytest
from guardian.shortcuts import assign_perm

from accounts.roles import Role
from appraisal.enums import ApplicationState, CampaignState, ReviewState
from appraisal.models import (
    Application,
    CampaignEvent,
    Criterion,
    Review,
    ReviewEvent,
    ReviewOpinion,
    Score,
)
from appraisal.services import assignment
from appraisal.services import reviews as services
from core.errors import DomainError
from departments.models import Person
from notifications.models import Notification
from tests.factories import UserFactory, fill_review


@pytest.fixture
def review(reviewing, team, party_office):
    """reviewer1's review of department B's application."""
    return assignment.review_assign(application=reviewing.b, reviewer=team[1], by=party_office)


def _criterion(campaign, points):
    return Criterion.objects.filter(standard__rubric=campaign.rubric_id, points=points).first()


def _save(review, by, criterion, score, not_applicable=False, comment=""):
    return services.score_save(
        review=review,
        by=by,
        criterion=criterion,
        score=None if score is None else Decimal(score),
        not_applicable=not_applicable,
        comment=comment,
    )


# --- bounds -------------------------------------------------------------------------------------


@pytest.mark.parametrize("score", ["6.5", "-0.5", "2.3", "100"])
def test_score_out_of_bounds_or_off_the_half_step_is_refused(review, reviewing, score):
    criterion = _criterion(reviewing.campaign, 6)
    with pytest.raises(DomainError, match=r"评分须在 0 至 6 分之间，以 0\.5 分为单位"):
        _save(review, review.reviewer, criterion, score)
    assert not Score.objects.exists()


@pytest.mark.parametrize("score", ["0", "0.5", "3", "5.5", "6"])
def test_score_within_bounds_is_saved(review, reviewing, score):
    criterion = _criterion(reviewing.campaign, 6)
    _save(review, review.reviewer, criterion, score)
    assert Score.objects.get().score == Decimal(score)


def test_not_applicable_clears_the_score(review, reviewing):
    criterion = _criterion(reviewing.campaign, 6)
    _save(review, review.reviewer, criterion, "4")
    row = _save(review, review.reviewer, criterion, "4", not_applicable=True)
    assert (row.score, row.not_applicable) == (None, True)
    assert Score.objects.count() == 1


def test_draft_changes_are_kept_in_history(review, reviewing):
    criterion = _criterion(reviewing.campaign, 6)
    for score in ("4", "4.5", "4.5"):
        _save(review, review.reviewer, criterion, score)
    row = Score.objects.get()
    assert [h.score for h in row.history.order_by("history_id")] == [Decimal("4"), Decimal("4.5")]
    assert row.history.first().history_user == review.reviewer


def test_parse_score_refuses_text():
    with pytest.raises(DomainError, match="评分须为数字"):
        services.parse_score("五")
    assert services.parse_score(" ") is None
    assert services.parse_score("4.5") == Decimal("4.5")
    with pytest.raises(DomainError, match="评分须为数字"):
        services.parse_score("NaN")


# --- who may score ----------------------------------------------------------------------------------


def test_score_by_someone_not_assigned_is_refused(review, reviewing, team):
    with pytest.raises(DomainError, match="您未被分配评审该申报，不能评分"):
        _save(review, team[2], _criterion(reviewing.campaign, 6), "3")


def test_score_by_the_party_office_is_refused(review, reviewing, party_office):
    with pytest.raises(DomainError, match="您未被分配评审该申报，不能评分"):
        _save(review, party_office, _criterion(reviewing.campaign, 6), "3")


def test_crafted_assignment_to_the_own_department_cannot_score(
    reviewing, team, party_office, reviewer_a
):
    """Even a review row and grant made behind the services' back (admin, a script)
    do not let reviewer_a score department A."""
    crafted = Review.objects.create(
        application=reviewing.a, reviewer=reviewer_a, assigned_by=party_office
    )
    assign_perm("appraisal.score_application", reviewer_a, reviewing.a)
    assign_perm("appraisal.view_application", reviewer_a, reviewing.a)
    with pytest.raises(DomainError, match="评审人甲是“心内科”本科室人员，须回避"):
        _save(crafted, reviewer_a, _criterion(reviewing.campaign, 6), "6")
    with pytest.raises(DomainError, match="评审人甲是“心内科”本科室人员，须回避"):
        services.review_submit(review=crafted, by=reviewer_a)
    assert not Score.objects.exists()


def test_reviewer_who_moved_into_the_unit_can_no_longer_score(review, reviewing, department_b):
    Person.objects.filter(user=review.reviewer).update(department=department_b)
    with pytest.raises(DomainError, match="是“骨科”本科室人员，须回避"):
        _save(review, review.reviewer, _criterion(reviewing.campaign, 6), "3")


def test_reviewer_without_the_role_any_more_cannot_score(review, reviewing):
    review.reviewer.groups.remove(*review.reviewer.groups.filter(name=Role.REVIEWER))
    with pytest.raises(DomainError, match="您没有“党办评审人员”角色，不能评分"):
        _save(review, review.reviewer, _criterion(reviewing.campaign, 6), "3")


def test_score_of_a_criterion_of_another_rubric_is_refused(review, party_office):
    from tests.factories import make_campaign

    foreign = Criterion.objects.filter(standard__rubric=make_campaign(party_office).rubric).first()
    with pytest.raises(DomainError, match="该评分项不属于本批次的考评细则"):
        _save(review, review.reviewer, foreign, "1")


def test_scoring_refused_once_the_campaign_moved_on(review, reviewing):
    type(reviewing.campaign).objects.filter(pk=reviewing.campaign.pk).update(
        state=CampaignState.DECIDING
    )
    with pytest.raises(DomainError, match="评审阶段已经结束，不能再评分"):
        _save(review, review.reviewer, _criterion(reviewing.campaign, 6), "3")


# --- submit ---------------------------------------------------------------------------------------------


def test_submit_refused_until_every_criterion_is_scored(review, reviewing):
    _save(review, review.reviewer, _criterion(reviewing.campaign, 6), "6")
    with pytest.raises(DomainError, match="暂不能提交：第 2 项尚未评分。"):
        services.review_submit(review=review, by=review.reviewer)


def test_submit_refused_without_a_comment_below_half_the_points(review, reviewing):
    low = _criterion(reviewing.campaign, 7)
    fill_review(review, by=review.reviewer, scores={low.pk: Decimal("3")}, comment="", submit=False)
    with pytest.raises(DomainError, match="项得分低于该项分值的一半，须填写评语说明理由"):
        services.review_submit(review=review, by=review.reviewer)
    _save(review, review.reviewer, low, "3.5")  # exactly half: no comment needed
    submitted = services.review_submit(review=review, by=review.reviewer)
    assert submitted.state == ReviewState.SUBMITTED
    assert submitted.submitted_at is not None


def test_submitted_review_is_locked(review, reviewing):
    fill_review(review, by=review.reviewer)
    with pytest.raises(DomainError, match="该评审已提交，评分已锁定；如需修改，请联系党办退回重评"):
        _save(review, review.reviewer, _criterion(reviewing.campaign, 6), "1", comment="改")
    assert ReviewEvent.objects.filter(subject=review, transition="submit").count() == 1


# --- reopen and excuse -------------------------------------------------------------------------------


def test_only_the_party_office_reopens(review):
    fill_review(review, by=review.reviewer)
    with pytest.raises(DomainError, match="只有党办可以管理评审"):
        services.review_reopen(review=review, by=review.reviewer, reason="我想改")


def test_reopen_needs_a_reason(review, party_office):
    fill_review(review, by=review.reviewer)
    with pytest.raises(DomainError, match="退回重评必须说明理由"):
        services.review_reopen(review=review, by=party_office, reason=" ")


def test_reopened_review_is_corrected_and_submitted_again(review, reviewing, party_office):
    criterion = _criterion(reviewing.campaign, 6)
    c3 = _criterion(reviewing.campaign, 5)
    submitted = fill_review(review, by=review.reviewer, scores={c3.pk: "na"})
    assert (submitted.submitted_total, submitted.submitted_points) == (
        Decimal("95"),
        Decimal("95"),
    )
    reopened = services.review_reopen(review=review, by=party_office, reason="第一项评分过高")
    assert (reopened.state, reopened.reopen_reason) == (ReviewState.ASSIGNED, "第一项评分过高")
    assert (reopened.submitted_total, reopened.submitted_points) == (None, None)
    event = ReviewEvent.objects.filter(subject=review).latest()
    assert (event.transition, event.actor, event.reason) == (
        "reopen",
        party_office,
        "第一项评分过高",
    )
    assert Notification.objects.filter(
        recipient=review.reviewer, subject__contains="党办退回了您对“骨科”的评审"
    ).exists()
    _save(reopened, review.reviewer, criterion, "5")
    again = services.review_submit(review=reopened, by=review.reviewer)
    assert again.state == ReviewState.SUBMITTED
    assert (again.submitted_total, again.submitted_points) == (Decimal("94"), Decimal("95"))
    row = Score.objects.get(review=review, criterion=criterion)
    assert row.score == Decimal("5")
    assert [h.score for h in row.history.order_by("history_id")] == [Decimal("6"), Decimal("5")]


def test_excuse_takes_the_review_out_and_the_scoring_grant_away(review, party_office):
    from guardian.shortcuts import get_perms

    excused = services.review_excuse(review=review, by=party_office, reason="长期病假")
    assert excused.state == ReviewState.EXCUSED
    assert get_perms(review.reviewer, review.application) == ["view_application"]
    with pytest.raises(DomainError, match="您未被分配评审该申报，不能评分"):
        _save(review, review.reviewer, Criterion.objects.first(), "1")


# --- the review opinion ----------------------------------------------------------------------------


def test_opinion_moves_the_application_and_keeps_every_opinion(review, reviewing, party_office):
    services.review_opinion_record(
        application=reviewing.b, by=party_office, recommended=True, opinion="材料扎实"
    )
    application = services.review_opinion_record(
        application=reviewing.b, by=party_office, recommended=False, opinion="复核后不推荐"
    )
    assert application.state == ApplicationState.NOT_RECOMMENDED
    assert list(ReviewOpinion.objects.values_list("recommended", "opinion")) == [
        (True, "材料扎实"),
        (False, "复核后不推荐"),
    ]
    assert application.events.latest().transition == "not_recommend"


def test_opinion_needs_text_and_a_review_started(reviewing, party_office):
    with pytest.raises(DomainError, match="分配评审人员后才能填写评审意见"):
        services.review_opinion_record(
            application=reviewing.a, by=party_office, recommended=True, opinion="好"
        )


def test_opinion_refused_to_a_party_office_member_of_the_unit(review, reviewing, department_b):
    from tests.factories import PersonFactory

    office_in_b = UserFactory(username="office_in_b", roles=[Role.PARTY_OFFICE])
    PersonFactory(department=department_b, user=office_in_b)
    with pytest.raises(DomainError, match="您是“骨科”的人员，须回避"):
        services.review_opinion_record(
            application=reviewing.b, by=office_in_b, recommended=True, opinion="推荐"
        )


# --- forwarding ------------------------------------------------------------------------------------


def _everything_reviewed(reviewing, team, party_office):
    a = assignment.review_assign(application=reviewing.a, reviewer=team[1], by=party_office)
    b = assignment.review_assign(application=reviewing.b, reviewer=team[2], by=party_office)
    for review in (a, b):
        fill_review(review, by=review.reviewer, direct=True)
    services.review_opinion_record(
        application=reviewing.a, by=party_office, recommended=True, opinion="推荐"
    )
    services.review_opinion_record(
        application=reviewing.b, by=party_office, recommended=False, opinion="不推荐"
    )
    return a, b


def test_forward_sends_the_list_to_the_leading_group(reviewing, team, party_office, leading_group):
    _everything_reviewed(reviewing, team, party_office)
    campaign = services.campaign_forward(campaign=reviewing.campaign, by=party_office)
    assert campaign.state == CampaignState.DECIDING
    event = CampaignEvent.objects.filter(subject=campaign).latest()
    assert (event.transition, event.reason) == ("forward", "推荐 1 个：心内科")
    assert Notification.objects.filter(
        recipient=leading_group,
        subject="党办报送了“2026年度清廉科室评选”的推荐名单（1 个），请审定",
    ).exists()


def test_forward_refused_while_a_review_is_unfinished(reviewing, team, party_office):
    _everything_reviewed(reviewing, team, party_office)
    late = assignment.review_assign(application=reviewing.b, reviewer=team[3], by=party_office)
    with pytest.raises(DomainError, match=r"尚有 1 份评审未完成：评审人3（骨科）。"):
        services.campaign_forward(campaign=reviewing.campaign, by=party_office)
    assert Review.objects.get(pk=late.pk).state == ReviewState.ASSIGNED


def test_forward_with_an_excuse_excuses_the_unfinished_reviews(reviewing, team, party_office):
    _everything_reviewed(reviewing, team, party_office)
    late = assignment.review_assign(application=reviewing.b, reviewer=team[3], by=party_office)
    campaign = services.campaign_forward(
        campaign=reviewing.campaign, by=party_office, excuse_reason="评审人员出差，不影响结论"
    )
    assert campaign.state == CampaignState.DECIDING
    late.refresh_from_db()
    assert late.state == ReviewState.EXCUSED
    assert ReviewEvent.objects.filter(subject=late).latest().reason == "评审人员出差，不影响结论"
    assert CampaignEvent.objects.filter(subject=campaign).latest().reason == (
        "推荐 1 个：心内科；1 份未完成的评审已免评：评审人员出差，不影响结论"
    )


def test_forward_refused_while_an_application_has_no_opinion(reviewing, team, party_office):
    assignment.review_assign(application=reviewing.a, reviewer=team[1], by=party_office)
    with pytest.raises(DomainError, match="以下申报尚未完成评审或尚无评审意见：心内科、骨科。"):
        services.campaign_forward(
            campaign=reviewing.campaign, by=party_office, excuse_reason="不等了"
        )
    # The refusal rolled the excuses back too.
    assert Review.objects.get().state == ReviewState.ASSIGNED


def test_forward_refused_with_nothing_recommended(reviewing, team, party_office):
    _everything_reviewed(reviewing, team, party_office)
    services.review_opinion_record(
        application=reviewing.a, by=party_office, recommended=False, opinion="不推荐"
    )
    with pytest.raises(DomainError, match="没有推荐的申报，不能报送领导小组"):
        services.campaign_forward(campaign=reviewing.campaign, by=party_office)


def test_forward_is_only_for_the_party_office(reviewing, reviewer_a):
    with pytest.raises(DomainError, match="只有党办可以管理评审"):
        services.campaign_forward(campaign=reviewing.campaign, by=reviewer_a)


def test_withdraw_refused_once_review_started(review, reviewing, applicant_b):
    from appraisal.services.applications import application_withdraw

    with pytest.raises(DomainError, match="评审已经开始，申报不能再撤回"):
        application_withdraw(application=Application.objects.get(pk=reviewing.b.pk), by=applicant_b)
