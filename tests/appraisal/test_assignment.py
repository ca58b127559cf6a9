"""The review team and assignment: k reviewers per application, balanced loads,
never one's own department (nor, when the campaign says so, one's own branch),
object grants given and taken away, reassignment when a reviewer is away."""

from collections import Counter

import pytest
from guardian.shortcuts import get_perms

from accounts.roles import Role
from appraisal.enums import ApplicationState, ReviewState
from appraisal.models import Application, ApplicationEvent, Review, ReviewEvent
from appraisal.services import assignment
from appraisal.services.balancing import balanced_plan
from core.errors import DomainError
from notifications.models import Notification
from tests.factories import (
    DepartmentFactory,
    PartyBranchFactory,
    PersonFactory,
    UserFactory,
    close_applications,
    fill_review,
    make_reviewer,
    open_campaign,
    submitted_application,
)


def _live(application):
    return Review.objects.filter(application=application, state__in=["assigned", "submitted"])


# --- the review team ------------------------------------------------------------------------


def test_pool_add_refuses_someone_without_the_reviewer_role(reviewing, party_office, staff):
    with pytest.raises(DomainError, match="没有“党办评审人员”角色"):
        assignment.pool_add(campaign=reviewing.campaign, reviewer=staff, by=party_office)


def test_pool_add_refuses_a_reviewer_off_the_roster(reviewing, party_office):
    reviewer = UserFactory(username="floating", name="无科室", roles=[Role.REVIEWER])
    with pytest.raises(DomainError, match="不在在职人员名单中，无法核实回避关系"):
        assignment.pool_add(campaign=reviewing.campaign, reviewer=reviewer, by=party_office)


def test_pool_add_is_only_for_the_party_office(reviewing, reviewer_a):
    with pytest.raises(DomainError, match="只有党办可以管理评审"):
        assignment.pool_add(campaign=reviewing.campaign, reviewer=reviewer_a, by=reviewer_a)


def test_pool_add_twice_keeps_one_row(reviewing, party_office, reviewer_a):
    first = assignment.pool_add(campaign=reviewing.campaign, reviewer=reviewer_a, by=party_office)
    second = assignment.pool_add(campaign=reviewing.campaign, reviewer=reviewer_a, by=party_office)
    assert first.pk == second.pk
    assert reviewing.campaign.reviewer_pool.count() == 1


def test_pool_remove_refused_while_the_reviewer_has_reviews(reviewing, team, party_office):
    reviewer = team[1]
    assignment.review_assign(application=reviewing.a, reviewer=reviewer, by=party_office)
    with pytest.raises(DomainError, match="已有评审任务，不能移出评审组"):
        assignment.pool_remove(campaign=reviewing.campaign, reviewer=reviewer, by=party_office)
    assignment.pool_remove(campaign=reviewing.campaign, reviewer=team[2], by=party_office)
    assert reviewing.campaign.reviewer_pool.count() == 5


# --- automatic assignment -----------------------------------------------------------------------


def test_automatic_assignment_gives_k_reviewers_without_conflict(reviewing, team, party_office):
    result = assignment.reviews_assign_automatically(
        campaign=reviewing.campaign, by=party_office, seed=7
    )
    assert len(result.reviews) == 10
    reviewers_of_a = set(_live(reviewing.a).values_list("reviewer__username", flat=True))
    reviewers_of_b = set(_live(reviewing.b).values_list("reviewer__username", flat=True))
    # reviewer_a works in department A: never A's reviewer, so A gets the other five.
    assert reviewers_of_a == {f"reviewer{n}" for n in range(1, 6)}
    assert len(reviewers_of_b) == 5
    loads = Counter(Review.objects.values_list("reviewer_id", flat=True))
    assert max(loads.values()) - min(loads.values()) <= 1
    assert len(loads) == 6


def test_automatic_assignment_starts_the_review_and_grants_the_reviewer(
    reviewing, team, party_office
):
    assignment.reviews_assign_automatically(
        campaign=reviewing.campaign, by=party_office, per_application=2, seed=1
    )
    a = Application.objects.get(pk=reviewing.a.pk)
    assert a.state == ApplicationState.UNDER_REVIEW
    event = ApplicationEvent.objects.filter(subject=a).latest()
    assert (event.transition, event.actor, event.reason) == (
        "start_review",
        party_office,
        "已分配评审人员",
    )
    review = Review.objects.filter(application=a).first()
    assert sorted(get_perms(review.reviewer, a)) == ["score_application", "view_application"]
    assert ReviewEvent.objects.get(subject=review).transition == "assign"
    assert Notification.objects.filter(
        recipient=review.reviewer, subject__contains="心内科"
    ).exists()


def test_automatic_assignment_balances_loads_over_many_applications(party_office):
    campaign = open_campaign(party_office)
    branch = PartyBranchFactory(name="第一党支部")
    units = [DepartmentFactory(code=f"U{n:02d}", party_branch=branch) for n in range(11)]
    for unit in units:
        submitted_application(campaign, unit)
    close_applications(campaign)
    reviewers = [make_reviewer(units[n], f"r{n}") for n in range(7)]
    for reviewer in reviewers:
        assignment.pool_add(campaign=campaign, reviewer=reviewer, by=party_office)
    result = assignment.reviews_assign_automatically(
        campaign=campaign, by=party_office, per_application=3, seed=3
    )
    assert len(result.reviews) == 33
    loads = Counter(r.reviewer.username for r in result.reviews)
    assert sorted(loads.values()) == [4, 4, 5, 5, 5, 5, 5]
    for review in result.reviews:
        assert review.reviewer.person.department_id != review.application.unit_id


def test_automatic_assignment_avoids_the_branch_when_the_campaign_says_so(
    party_office, department_a, applicant_a, head_a
):
    campaign = open_campaign(party_office, reviewers_avoid_own_branch=True)
    same_branch = DepartmentFactory(code="A02", party_branch=department_a.party_branch)
    other = DepartmentFactory(code="Z01")
    submitted_application(campaign, department_a, applicant=applicant_a)
    close_applications(campaign)
    colleague = make_reviewer(same_branch, "branch_colleague")
    outsider = make_reviewer(other, "outsider")
    for reviewer in (colleague, outsider):
        assignment.pool_add(campaign=campaign, reviewer=reviewer, by=party_office)
    with pytest.raises(DomainError, match="“心内科”（可分配 1 人，还需 2 人）"):
        assignment.reviews_assign_automatically(
            campaign=campaign, by=party_office, per_application=2
        )
    result = assignment.reviews_assign_automatically(
        campaign=campaign, by=party_office, per_application=1
    )
    assert [r.reviewer for r in result.reviews] == [outsider]


def test_branch_colleague_may_review_when_the_campaign_does_not_ask(
    reviewing, party_office, department_a
):
    colleague = make_reviewer(
        DepartmentFactory(code="A02", party_branch=department_a.party_branch), "branch_colleague"
    )
    assignment.pool_add(campaign=reviewing.campaign, reviewer=colleague, by=party_office)
    review = assignment.review_assign(application=reviewing.a, reviewer=colleague, by=party_office)
    assert review.state == ReviewState.ASSIGNED


def test_automatic_assignment_refused_with_too_few_reviewers_naming_the_application(
    reviewing, team, party_office
):
    with pytest.raises(DomainError) as refusal:
        assignment.reviews_assign_automatically(
            campaign=reviewing.campaign, by=party_office, per_application=6
        )
    assert "“心内科”（可分配 5 人，还需 6 人）" in refusal.value.message
    assert "“骨科”（可分配 6 人，还需 6 人）" not in refusal.value.message
    assert not Review.objects.exists()


def test_automatic_assignment_again_only_fills_the_gaps(reviewing, team, party_office):
    assignment.reviews_assign_automatically(campaign=reviewing.campaign, by=party_office, seed=2)
    again = assignment.reviews_assign_automatically(campaign=reviewing.campaign, by=party_office)
    assert again.reviews == []
    assert again.message == "每份申报都已有 5 名评审人员，无需分配。"
    assert Review.objects.count() == 10


def test_automatic_assignment_refused_before_the_window_closes(party_office):
    campaign = open_campaign(party_office)
    with pytest.raises(DomainError, match="只有申报截止后的评审阶段才能分配和评审"):
        assignment.reviews_assign_automatically(campaign=campaign, by=party_office)


def test_clean_team_and_its_department_are_one_family_for_conflicts(
    party_office, department_a, applicant_a, head_a
):
    campaign = open_campaign(party_office, allows_clean_teams=True)
    team_unit = DepartmentFactory(code="A01-T", name="心内科清廉团队", parent=department_a)
    submitted_application(campaign, department_a, applicant=applicant_a)
    submitted_application(campaign, team_unit)
    close_applications(campaign)
    in_team = make_reviewer(team_unit, "in_team")
    for application in Application.objects.filter(campaign=campaign):
        assert assignment.conflict_of_interest(in_team, application) == (
            f"in_team是“{application.unit.name}”本科室人员，须回避，不能评审该申报。"
        )


# --- the balanced plan ------------------------------------------------------------------------


def test_balanced_plan_finds_the_even_plan_a_greedy_pick_misses():
    # x may review only "a"; a greedy pick that gives "a" to y first leaves x idle.
    needs = {"a": 1, "b": 1}
    eligible = {"a": ["y", "x"], "b": ["y"]}
    plan = balanced_plan(needs=needs, eligible=eligible, loads={"x": 0, "y": 0})
    assert dict(plan) == {"a": ["x"], "b": ["y"]}


def test_balanced_plan_counts_existing_loads():
    needs = {"a": 2, "b": 2, "c": 2}
    eligible = {key: ["x", "y", "z"] for key in needs}
    plan = balanced_plan(needs=needs, eligible=eligible, loads={"x": 3, "y": 0, "z": 0})
    loads = Counter({"x": 3, "y": 0, "z": 0})
    for reviewers in plan.values():
        loads.update(reviewers)
    assert sorted(loads.values()) == [3, 3, 3]


def test_balanced_plan_keeps_loads_within_one_when_possible():
    needs = {f"app{n}": 3 for n in range(10)}
    # Reviewer r0 may not review four of the ten applications: six remain, enough for six each.
    conflicted = {"app1", "app3", "app5", "app7"}
    eligible = {
        app: [f"r{m}" for m in range(5) if not (m == 0 and app in conflicted)] for app in needs
    }
    plan = balanced_plan(needs=needs, eligible=eligible, loads={f"r{m}": 0 for m in range(5)})
    loads = Counter(r for reviewers in plan.values() for r in reviewers)
    assert sum(loads.values()) == 30
    assert sorted(loads.values()) == [6, 6, 6, 6, 6]
    assert all(len(set(reviewers)) == 3 for reviewers in plan.values())


# --- by hand ------------------------------------------------------------------------------------------


def test_hand_assignment_refuses_the_reviewers_own_department(reviewing, team, party_office):
    with pytest.raises(DomainError, match="评审人甲是“心内科”本科室人员，须回避"):
        assignment.review_assign(application=reviewing.a, reviewer=team[0], by=party_office)


def test_hand_assignment_refuses_someone_off_the_team(reviewing, party_office):
    outsider = make_reviewer(DepartmentFactory(code="Z09"), "outsider")
    with pytest.raises(DomainError, match="不在本批次的评审组中"):
        assignment.review_assign(application=reviewing.a, reviewer=outsider, by=party_office)


def test_hand_assignment_refuses_a_party_office_member_of_the_unit(reviewing, team, department_a):
    office_in_a = UserFactory(username="office_in_a", roles=[Role.PARTY_OFFICE])
    PersonFactory(department=department_a, user=office_in_a)
    with pytest.raises(DomainError, match="您是“心内科”的人员，须回避"):
        assignment.review_assign(application=reviewing.a, reviewer=team[1], by=office_in_a)


def test_hand_assignment_refuses_twice_and_drafts(reviewing, team, party_office, applicant_a):
    assignment.review_assign(application=reviewing.b, reviewer=team[0], by=party_office)
    with pytest.raises(DomainError, match="评审人甲已是该申报的评审人员"):
        assignment.review_assign(application=reviewing.b, reviewer=team[0], by=party_office)
    Application.objects.filter(pk=reviewing.a.pk).update(state=ApplicationState.RETURNED)
    with pytest.raises(DomainError, match="申报当前为“退回修改”"):
        assignment.review_assign(application=reviewing.a, reviewer=team[1], by=party_office)


def test_unassign_takes_the_grants_away_and_keeps_the_row(reviewing, team, party_office):
    review = assignment.review_assign(application=reviewing.b, reviewer=team[1], by=party_office)
    assignment.review_unassign(review=review, by=party_office, reason="工作调整")
    review.refresh_from_db()
    assert review.state == ReviewState.UNASSIGNED
    assert get_perms(team[1], reviewing.b) == []
    assert ReviewEvent.objects.filter(subject=review).latest().reason == "工作调整"


def test_unassign_refused_for_a_submitted_review(reviewing, team, party_office):
    review = assignment.review_assign(application=reviewing.b, reviewer=team[1], by=party_office)
    fill_review(review, by=team[1], direct=True)
    with pytest.raises(DomainError, match="该评审已提交，不能撤销分配；如需修改评分，请退回重评"):
        assignment.review_unassign(review=review, by=party_office)


def test_reassign_moves_the_review_to_another_reviewer(reviewing, team, party_office):
    review = assignment.review_assign(application=reviewing.b, reviewer=team[1], by=party_office)
    new = assignment.review_reassign(review=review, to=team[2], by=party_office, reason="出差")
    assert new.reviewer == team[2]
    assert get_perms(team[1], reviewing.b) == []
    assert "view_application" in get_perms(team[2], reviewing.b)
    assert ReviewEvent.objects.filter(subject=review).latest().reason == "改派给评审人2：出差"


# --- a reviewer away -------------------------------------------------------------------------------


def test_reviewer_away_hands_unfinished_reviews_to_others(reviewing, team, party_office):
    away = team[3]
    unfinished = assignment.review_assign(application=reviewing.a, reviewer=away, by=party_office)
    finished = assignment.review_assign(application=reviewing.b, reviewer=away, by=party_office)
    assignment.review_assign(application=reviewing.a, reviewer=team[1], by=party_office)
    assignment.review_assign(application=reviewing.b, reviewer=team[2], by=party_office)
    fill_review(finished, by=away, direct=True)
    result = assignment.reviewer_mark_away(
        campaign=reviewing.campaign, reviewer=away, by=party_office, reason="病假"
    )
    assert Review.objects.get(pk=finished.pk).state == ReviewState.SUBMITTED  # stays theirs
    assert Review.objects.get(pk=unfinished.pk).state == ReviewState.UNASSIGNED
    assert get_perms(away, reviewing.a) == []
    # A's new reviewer: present, not of department A (reviewer_a), not already on A
    # (reviewer1), and among the least loaded (reviewer2 already has B).
    (new,) = result.reviews
    assert new.application == reviewing.a
    assert new.reviewer in (team[4], team[5])
    assert result.message == "已标记请假，其 1 份未完成的评审已改派（1 份）。"
    member = reviewing.campaign.reviewer_pool.get(reviewer=away)
    assert (member.is_away, member.away_reason) == (True, "病假")


def test_reviewer_away_without_anyone_to_take_over_says_so(reviewing, party_office, reviewer_a):
    other = make_reviewer(DepartmentFactory(code="Z05"), "only_one", name="唯一评审人")
    for reviewer in (reviewer_a, other):
        assignment.pool_add(campaign=reviewing.campaign, reviewer=reviewer, by=party_office)
    review = assignment.review_assign(application=reviewing.a, reviewer=other, by=party_office)
    result = assignment.reviewer_mark_away(
        campaign=reviewing.campaign, reviewer=other, by=party_office, reason="出差"
    )
    assert Review.objects.get(pk=review.pk).state == ReviewState.UNASSIGNED
    assert result.reviews == []
    assert "未能自动改派" in result.message
    assert "“心内科”（可分配 0 人，还需 1 人）" in result.message


def test_reviewer_away_gets_no_new_work_until_back(reviewing, team, party_office):
    assignment.reviewer_mark_away(
        campaign=reviewing.campaign, reviewer=team[1], by=party_office, reason="年假"
    )
    with pytest.raises(DomainError, match="已标记请假，不能分配新的评审任务"):
        assignment.review_assign(application=reviewing.b, reviewer=team[1], by=party_office)
    assignment.reviewer_mark_back(campaign=reviewing.campaign, reviewer=team[1], by=party_office)
    assert assignment.review_assign(application=reviewing.b, reviewer=team[1], by=party_office)


def test_balanced_plan_spreads_as_evenly_as_conflicts_allow():
    # r0 may review only five of ten applications: the others must take 25 between four.
    needs = {f"app{n}": 3 for n in range(10)}
    eligible = {
        app: [f"r{m}" for m in range(5) if not (m == 0 and int(app[3:]) % 2)] for app in needs
    }
    plan = balanced_plan(needs=needs, eligible=eligible, loads={f"r{m}": 0 for m in range(5)})
    loads = Counter(r for reviewers in plan.values() for r in reviewers)
    assert sorted(loads.values()) == [5, 6, 6, 6, 7]
