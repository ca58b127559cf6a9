"""The party office's bulk actions (appraisal/services/bulk.py): return, recommend, assign,
move; each all or nothing, each refusal naming what stands in the way."""

import pytest
from django.utils import timezone

from appraisal.enums import ApplicationState, ReviewState
from appraisal.models import Application, ApplicationEvent, Review, ReviewOpinion
from appraisal.services import assignment
from appraisal.services import bulk as services
from core.errors import DomainError
from departments.selectors import applicants_of
from notifications.models import Notification
from tests.factories import DepartmentFactory, deciding_campaign, fill_review


def _states(*applications):
    return [Application.objects.get(pk=a.pk).state for a in applications]


def _both(reviewing):
    return [reviewing.b, reviewing.a]


def _in_review(reviewing, team, party_office):
    """A and B each with reviewer1 (评审人1) assigned."""
    services.reviews_assign_many(
        campaign=reviewing.campaign,
        applications=_both(reviewing),
        reviewer=team[1],
        by=party_office,
    )


# --- returning -----------------------------------------------------------------------------


def test_return_many_returns_each_with_the_reason_and_tells_each_unit(reviewing, party_office):
    before = timezone.now()
    returned = services.applications_return_many(
        campaign=reviewing.campaign,
        applications=_both(reviewing),
        by=party_office,
        reason=" 补材料 ",
    )
    assert [a.unit.name for a in returned] == ["心内科", "骨科"]
    assert _states(reviewing.a, reviewing.b) == [ApplicationState.RETURNED] * 2
    events = ApplicationEvent.objects.filter(transition="return_for_revision", at__gte=before)
    assert sorted(events.values_list("subject_id", "actor", "reason")) == sorted(
        [(reviewing.a.pk, party_office.pk, "补材料"), (reviewing.b.pk, party_office.pk, "补材料")]
    )
    told = Notification.objects.filter(created_at__gte=before, subject__contains="被退回修改")
    expected = {u.pk for u in applicants_of(reviewing.a.unit)} | {
        u.pk for u in applicants_of(reviewing.b.unit)
    }
    assert set(told.values_list("recipient", flat=True)) == expected
    assert told.count() == len(applicants_of(reviewing.a.unit)) + len(
        applicants_of(reviewing.b.unit)
    )


def test_return_many_with_one_in_review_is_refused_whole(reviewing, team, party_office):
    assignment.review_assign(application=reviewing.a, reviewer=team[1], by=party_office)
    before = Notification.objects.count()
    with pytest.raises(DomainError) as refusal:
        services.applications_return_many(
            campaign=reviewing.campaign, applications=_both(reviewing), by=party_office, reason="x"
        )
    assert str(refusal.value) == (
        "只有已提交、尚未评审的申报可以退回，以下申报不能退回：心内科（评审中）。"
    )
    assert _states(reviewing.b) == [ApplicationState.SUBMITTED]
    assert Notification.objects.count() == before


def test_return_many_without_reason_is_refused(reviewing, party_office):
    with pytest.raises(DomainError, match=r"^退回必须说明理由，便于科室修改。$"):
        services.applications_return_many(
            campaign=reviewing.campaign, applications=_both(reviewing), by=party_office, reason=" "
        )


def test_return_many_including_own_department_is_refused_naming_it(reviewing, party_office_of_a):
    with pytest.raises(DomainError) as refusal:
        services.applications_return_many(
            campaign=reviewing.campaign,
            applications=_both(reviewing),
            by=party_office_of_a,
            reason="补材料",
        )
    assert str(refusal.value) == "您须回避本科室的申报，不能处理：心内科。请取消勾选后再提交。"
    assert _states(reviewing.a, reviewing.b) == [ApplicationState.SUBMITTED] * 2


@pytest.mark.parametrize("persona", ["leading_group", "reviewer_a", "staff"])
def test_return_many_outside_party_office_is_refused(reviewing, request, persona):
    with pytest.raises(DomainError, match=r"^只有党办可以退回申报。$"):
        services.applications_return_many(
            campaign=reviewing.campaign,
            applications=_both(reviewing),
            by=request.getfixturevalue(persona),
            reason="x",
        )


def test_bulk_selection_from_another_campaign_is_refused(reviewing, party_office):
    _, (elsewhere,) = deciding_campaign(party_office, [DepartmentFactory()], title="另一批次")
    with pytest.raises(DomainError) as refusal:
        services.applications_return_many(
            campaign=reviewing.campaign,
            applications=[reviewing.a, elsewhere],
            by=party_office,
            reason="x",
        )
    assert str(refusal.value) == "所选的申报有的已不在本批次中，请刷新页面后重新选择。"


def test_bulk_without_selection_is_refused(reviewing, party_office):
    with pytest.raises(DomainError, match=r"^请先勾选申报。$"):
        services.applications_return_many(
            campaign=reviewing.campaign, applications=[], by=party_office, reason="x"
        )


# --- recommending (forwarding to the leading group's list) -------------------------------


def test_recommend_many_records_an_opinion_each(reviewing, team, party_office):
    _in_review(reviewing, team, party_office)
    services.applications_recommend_many(
        campaign=reviewing.campaign, applications=_both(reviewing), by=party_office, opinion="推荐"
    )
    assert _states(reviewing.a, reviewing.b) == [ApplicationState.RECOMMENDED] * 2
    assert sorted(
        ReviewOpinion.objects.values_list("application_id", "recommended", "opinion")
    ) == sorted([(reviewing.a.pk, True, "推荐"), (reviewing.b.pk, True, "推荐")])


def test_recommend_many_with_one_not_in_review_is_refused_whole(reviewing, team, party_office):
    assignment.review_assign(application=reviewing.a, reviewer=team[1], by=party_office)
    with pytest.raises(DomainError) as refusal:
        services.applications_recommend_many(
            campaign=reviewing.campaign,
            applications=_both(reviewing),
            by=party_office,
            opinion="推荐",
        )
    assert str(refusal.value) == (
        "分配评审人员后才能填写评审意见，以下申报不能推荐：骨科（已提交）。"
    )
    assert not ReviewOpinion.objects.exists()
    assert _states(reviewing.a) == [ApplicationState.UNDER_REVIEW]


def test_recommend_many_without_opinion_is_refused(reviewing, team, party_office):
    _in_review(reviewing, team, party_office)
    with pytest.raises(DomainError, match=r"^请填写评审意见。$"):
        services.applications_recommend_many(
            campaign=reviewing.campaign, applications=_both(reviewing), by=party_office, opinion=""
        )


# --- assigning -----------------------------------------------------------------------------


def test_assign_many_creates_a_review_each_and_tells_the_reviewer_once(
    reviewing, team, party_office
):
    before = Notification.objects.filter(recipient=team[1]).count()
    reviews = services.reviews_assign_many(
        campaign=reviewing.campaign,
        applications=_both(reviewing),
        reviewer=team[1],
        by=party_office,
    )
    assert sorted(r.application_id for r in reviews) == sorted([reviewing.a.pk, reviewing.b.pk])
    assert _states(reviewing.a, reviewing.b) == [ApplicationState.UNDER_REVIEW] * 2
    assert team[1].has_perm("appraisal.score_application", reviewing.a)
    told = Notification.objects.filter(recipient=team[1])
    assert told.count() == before + 1
    assert told.latest("pk").subject == "您有新的评审任务：心内科、骨科"


def test_assign_many_with_a_conflict_is_refused_naming_the_pair(reviewing, team, party_office):
    with pytest.raises(DomainError) as refusal:
        services.reviews_assign_many(
            campaign=reviewing.campaign,
            applications=_both(reviewing),
            reviewer=team[0],
            by=party_office,
        )
    assert str(refusal.value) == (
        "存在利益冲突，均未分配：评审人甲是“心内科”本科室人员，须回避，不能评审该申报。"
    )
    assert not Review.objects.exists()
    assert _states(reviewing.b) == [ApplicationState.SUBMITTED]


def test_assign_many_to_one_already_reviewed_is_refused_naming_it(reviewing, team, party_office):
    assignment.review_assign(application=reviewing.b, reviewer=team[1], by=party_office)
    with pytest.raises(DomainError) as refusal:
        services.reviews_assign_many(
            campaign=reviewing.campaign,
            applications=_both(reviewing),
            reviewer=team[1],
            by=party_office,
        )
    assert str(refusal.value) == "评审人1已是以下申报的评审人员：骨科。请取消勾选后再提交。"
    assert Review.objects.count() == 1


def test_assign_many_of_an_away_reviewer_is_refused(reviewing, team, party_office):
    assignment.reviewer_mark_away(
        campaign=reviewing.campaign, reviewer=team[1], by=party_office, reason="出差"
    )
    with pytest.raises(DomainError, match=r"^评审人1已标记请假，不能分配新的评审任务。$"):
        services.reviews_assign_many(
            campaign=reviewing.campaign,
            applications=_both(reviewing),
            reviewer=team[1],
            by=party_office,
        )


# --- moving --------------------------------------------------------------------------------


def _move(reviewing, party_office, source, target, reason="评审人1出差"):
    return services.reviews_move_many(
        campaign=reviewing.campaign,
        applications=_both(reviewing),
        from_reviewer=source,
        to=target,
        by=party_office,
        reason=reason,
    )


def test_move_many_moves_each_review_and_tells_both_reviewers_once(reviewing, team, party_office):
    _in_review(reviewing, team, party_office)
    first = Notification.objects.filter(recipient=team[1]).count()
    second = Notification.objects.filter(recipient=team[2]).count()
    _move(reviewing, party_office, team[1], team[2])
    assert sorted(Review.objects.values_list("reviewer", "state")) == sorted(
        [
            (team[1].pk, ReviewState.UNASSIGNED),
            (team[1].pk, ReviewState.UNASSIGNED),
            (team[2].pk, ReviewState.ASSIGNED),
            (team[2].pk, ReviewState.ASSIGNED),
        ]
    )
    assert not team[1].has_perm("appraisal.score_application", reviewing.a)
    assert team[2].has_perm("appraisal.score_application", reviewing.b)
    assert Notification.objects.filter(recipient=team[1]).count() == first + 1
    assert Notification.objects.filter(recipient=team[2]).count() == second + 1
    assert Notification.objects.filter(recipient=team[1]).latest("pk").subject == (
        "评审任务已改派：心内科、骨科"
    )


def test_move_many_to_a_conflicted_reviewer_is_refused_whole(reviewing, team, party_office):
    _in_review(reviewing, team, party_office)
    with pytest.raises(DomainError) as refusal:
        _move(reviewing, party_office, team[1], team[0])
    assert str(refusal.value) == (
        "存在利益冲突，均未分配：评审人甲是“心内科”本科室人员，须回避，不能评审该申报。"
    )
    assert set(Review.objects.values_list("reviewer", "state")) == {
        (team[1].pk, ReviewState.ASSIGNED)
    }


def test_move_many_of_a_submitted_review_is_refused_naming_it(reviewing, team, party_office):
    _in_review(reviewing, team, party_office)
    fill_review(Review.objects.get(application=reviewing.b), by=team[1])
    with pytest.raises(DomainError) as refusal:
        _move(reviewing, party_office, team[1], team[2])
    assert str(refusal.value) == (
        "评审人1没有以下申报未完成的评审，不能改派：骨科。已提交的评审须退回重评，不能改派。"
    )
    assert not Review.objects.filter(reviewer=team[2]).exists()


@pytest.mark.parametrize(
    ("reason", "same", "message"),
    [(" ", False, "改派必须说明理由。"), ("出差", True, "请选择另一位评审人员接手。")],
)
def test_move_many_without_reason_or_to_the_same_is_refused(
    reviewing, team, party_office, reason, same, message
):
    _in_review(reviewing, team, party_office)
    with pytest.raises(DomainError) as refusal:
        _move(reviewing, party_office, team[1], team[1] if same else team[2], reason=reason)
    assert str(refusal.value) == message
