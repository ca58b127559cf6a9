"""The leading group's decision (领导小组审核): every rule of appraisal/services/decisions.py
and the decision list's selector."""

import datetime
import threading
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from appraisal.decision_selectors import campaigns_awaiting_decision, decision_rows
from appraisal.enums import ApplicationState, CampaignState
from appraisal.models import Application, ApplicationEvent, Campaign, CampaignEvent
from appraisal.ranking import rubric_columns
from appraisal.services import assignment, reviews
from appraisal.services import decisions as services
from core.errors import DomainError, StaleStateError
from notifications.models import Notification
from tests.conftest import needs_postgresql
from tests.factories import (
    DepartmentFactory,
    PersonFactory,
    UserFactory,
    deciding_campaign,
    fill_review,
)

FIXED_AT = timezone.make_aware(datetime.datetime(2026, 9, 18, 14, 30))


@pytest.fixture
def department_c(db):
    return DepartmentFactory(code="C02", name="儿科")


@pytest.fixture
def deciding(party_office, department_a, department_b, department_c):
    """A campaign with A, B and C recommended to the leading group; two places."""
    campaign, (a, b, c) = deciding_campaign(
        party_office, [department_a, department_b, department_c], quota=2
    )
    return SimpleNamespace(campaign=campaign, a=a, b=b, c=c)


def approve(application, by, reason="材料扎实，同意。"):
    return services.decision_record(application=application, by=by, approve=True, reason=reason)


def reject(application, by, reason="整改未完成。"):
    return services.decision_record(application=application, by=by, approve=False, reason=reason)


def _state(application):
    return Application.objects.get(pk=application.pk).state


# --- one decision -------------------------------------------------------------------------


def test_decision_approve_records_who_when_and_why(deciding, leading_group):
    before = timezone.now()
    approve(deciding.a, leading_group, reason="  材料扎实，同意。 ")
    assert _state(deciding.a) == ApplicationState.APPROVED
    event = ApplicationEvent.objects.filter(subject=deciding.a).latest()
    assert (event.actor, event.transition, event.from_state, event.to_state, event.reason) == (
        leading_group,
        "approve",
        ApplicationState.RECOMMENDED,
        ApplicationState.APPROVED,
        "材料扎实，同意。",
    )
    assert event.at >= before


def test_decision_reject_records_the_reason(deciding, leading_group):
    reject(deciding.b, leading_group, reason="年内有投诉未办结。")
    assert _state(deciding.b) == ApplicationState.REJECTED
    event = ApplicationEvent.objects.filter(subject=deciding.b).latest()
    assert (event.actor, event.transition, event.reason) == (
        leading_group,
        "reject",
        "年内有投诉未办结。",
    )


@pytest.mark.parametrize("reason", ["", "   \n"])
def test_decision_without_reason_is_refused(deciding, leading_group, reason):
    with pytest.raises(DomainError, match=r"^请填写审定理由。$"):
        approve(deciding.a, leading_group, reason=reason)
    assert _state(deciding.a) == ApplicationState.RECOMMENDED


@pytest.mark.parametrize("persona", ["party_office", "party_committee", "staff"])
def test_decision_outside_leading_group_is_refused(deciding, request, persona):
    with pytest.raises(DomainError, match=r"^只有领导小组成员可以审定。$"):
        approve(deciding.a, request.getfixturevalue(persona))
    assert not ApplicationEvent.objects.filter(subject=deciding.a, transition="approve").exists()


def test_decision_on_own_department_is_refused(deciding, department_a):
    member = UserFactory(username="leader_a", roles=[Role.LEADING_GROUP])
    PersonFactory(department=department_a, user=member)
    with pytest.raises(DomainError) as refusal:
        reject(deciding.a, member)
    assert str(refusal.value) == "您是“心内科”的人员，须回避，不能审定本科室的申报。"
    approve(deciding.b, member)  # another department is fine
    assert _state(deciding.b) == ApplicationState.APPROVED


def test_decision_on_own_clean_team_is_refused(deciding, department_a, leading_group):
    team_unit = DepartmentFactory(code="A01T", name="心内科清廉团队", parent=department_a)
    Application.objects.filter(pk=deciding.c.pk).update(unit=team_unit)
    member = UserFactory(username="leader_a", roles=[Role.LEADING_GROUP])
    PersonFactory(department=department_a, user=member)
    with pytest.raises(DomainError, match="心内科清廉团队"):
        approve(deciding.c, member)


def test_decision_on_application_not_recommended_is_refused(deciding, leading_group):
    Application.objects.filter(pk=deciding.c.pk).update(state=ApplicationState.NOT_RECOMMENDED)
    with pytest.raises(DomainError) as refusal:
        approve(deciding.c, leading_group)
    assert str(refusal.value) == "“儿科”的申报当前为“不推荐”，不在报送领导小组的推荐名单内。"


def test_decision_before_the_campaign_is_forwarded_is_refused(deciding, leading_group):
    Campaign.objects.filter(pk=deciding.campaign.pk).update(state=CampaignState.REVIEWING)
    with pytest.raises(DomainError) as refusal:
        approve(deciding.a, leading_group)
    assert str(refusal.value) == "“2026年度清廉科室评选”当前为“评审中”，不在领导小组审定阶段。"


def test_decision_repeated_is_refused(deciding, leading_group):
    approve(deciding.a, leading_group)
    with pytest.raises(DomainError) as refusal:
        approve(deciding.a, leading_group)
    assert str(refusal.value) == "“心内科”已是“审定通过”，无需重复审定。"
    assert ApplicationEvent.objects.filter(subject=deciding.a, transition="approve").count() == 1


# --- the quota -----------------------------------------------------------------------------


def test_decision_beyond_quota_is_refused_naming_quota_and_approved(deciding, leading_group):
    approve(deciding.a, leading_group)
    approve(deciding.b, leading_group)
    with pytest.raises(DomainError) as refusal:
        approve(deciding.c, leading_group)
    assert str(refusal.value) == (
        "评选名额为 2 个，已审定通过 2 个：心内科、骨科。如需通过“儿科”，请先将其中一个改为不通过。"
    )
    assert _state(deciding.c) == ApplicationState.RECOMMENDED


def test_decision_rejecting_one_frees_its_place(deciding, leading_group):
    approve(deciding.a, leading_group)
    approve(deciding.b, leading_group)
    reject(deciding.a, leading_group, reason="复核发现问题。")
    approve(deciding.c, leading_group)
    assert [_state(x) for x in (deciding.a, deciding.b, deciding.c)] == [
        ApplicationState.REJECTED,
        ApplicationState.APPROVED,
        ApplicationState.APPROVED,
    ]


def test_decision_changes_until_the_list_is_fixed_each_a_new_event(deciding, leading_group):
    approve(deciding.a, leading_group, reason="同意。")
    reject(deciding.a, leading_group, reason="再议：有投诉。")
    approve(deciding.a, leading_group, reason="投诉已查实不成立。")
    assert _state(deciding.a) == ApplicationState.APPROVED
    assert list(
        ApplicationEvent.objects.filter(
            subject=deciding.a, transition__in=["approve", "reject"]
        ).values_list("transition", "from_state", "to_state", "reason")
    ) == [
        ("approve", "recommended", "approved", "同意。"),
        ("reject", "approved", "rejected", "再议：有投诉。"),
        ("approve", "rejected", "approved", "投诉已查实不成立。"),
    ]


@pytest.mark.django_db(transaction=True)
@needs_postgresql
def test_concurrent_approvals_never_exceed_the_quota(party_office):
    """Two leading-group members approve two different departments at the same moment
    when one place is left: exactly one succeeds, the other is told the quota is full."""
    units = [
        DepartmentFactory(code="A01", name="心内科"),
        DepartmentFactory(code="B01", name="骨科"),
        DepartmentFactory(code="C02", name="儿科"),
    ]
    campaign, (a, b, c) = deciding_campaign(party_office, units, quota=2)
    first = UserFactory(username="leader1", roles=[Role.LEADING_GROUP])
    second = UserFactory(username="leader2", roles=[Role.LEADING_GROUP])
    approve(a, first)
    outcomes = {}
    barrier = threading.Barrier(2)

    def decide(user, application):
        barrier.wait()
        try:
            approve(application, user)
            outcomes[application.unit.name] = "ok"
        except DomainError as refusal:
            outcomes[application.unit.name] = str(refusal)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=(first, b)),
        threading.Thread(target=decide, args=(second, c)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    approved = Application.objects.filter(campaign=campaign, state=ApplicationState.APPROVED)
    assert approved.count() == 2
    assert sorted(outcomes.values())[0] == "ok"
    winner = next(name for name, outcome in outcomes.items() if outcome == "ok")
    loser = next(name for name in outcomes if name != winner)
    assert outcomes[loser] == (
        f"评选名额为 2 个，已审定通过 2 个：心内科、{winner}。"
        f"如需通过“{loser}”，请先将其中一个改为不通过。"
    )


# --- fixing the list ---------------------------------------------------------------------


def test_fix_list_refused_while_a_recommended_department_is_undecided(deciding, leading_group):
    approve(deciding.a, leading_group)
    with pytest.raises(DomainError) as refusal:
        services.campaign_fix_list(campaign=deciding.campaign, by=leading_group)
    assert str(refusal.value) == (
        "以下推荐的科室尚未审定：骨科、儿科。请逐一审定通过或不通过后再审定名单。"
    )
    assert Campaign.objects.get(pk=deciding.campaign.pk).state == CampaignState.DECIDING


def test_fix_list_refused_when_nothing_is_approved(deciding, leading_group):
    for application in (deciding.a, deciding.b, deciding.c):
        reject(application, leading_group)
    with pytest.raises(DomainError, match=r"^没有审定通过的科室，不能审定名单。$"):
        services.campaign_fix_list(campaign=deciding.campaign, by=leading_group)


def test_fix_list_refused_above_the_quota(deciding, leading_group):
    # Written past the service, which never lets it happen: the fix still refuses.
    Application.objects.filter(campaign=deciding.campaign).update(state=ApplicationState.APPROVED)
    with pytest.raises(DomainError) as refusal:
        services.campaign_fix_list(campaign=deciding.campaign, by=leading_group)
    assert str(refusal.value) == "审定通过 3 个，超过评选名额 2 个：心内科、骨科、儿科。"


def test_fix_list_refused_outside_leading_group(deciding, leading_group, party_office):
    approve(deciding.a, leading_group)
    reject(deciding.b, leading_group)
    reject(deciding.c, leading_group)
    with pytest.raises(DomainError, match=r"^只有领导小组成员可以审定。$"):
        services.campaign_fix_list(campaign=deciding.campaign, by=party_office)


def _decide_all(deciding, leading_group):
    approve(deciding.a, leading_group)
    approve(deciding.b, leading_group)
    reject(deciding.c, leading_group)


def test_fix_list_fixes_records_and_notifies_the_party_office(
    deciding, leading_group, party_office
):
    _decide_all(deciding, leading_group)
    campaign = services.campaign_fix_list(
        campaign=deciding.campaign, by=leading_group, now=FIXED_AT
    )
    campaign.refresh_from_db()
    assert (campaign.state, campaign.list_fixed_at, campaign.list_fixed_by) == (
        CampaignState.DECIDED,
        FIXED_AT,
        leading_group,
    )
    event = CampaignEvent.objects.filter(subject=campaign).latest()
    assert (event.actor, event.transition, event.to_state, event.reason) == (
        leading_group,
        "fix_list",
        CampaignState.DECIDED,
        "审定通过 2 个：心内科、骨科",
    )
    notice = Notification.objects.get(recipient=party_office, subject__contains="审定")
    assert notice.subject == "领导小组已审定“2026年度清廉科室评选”的名单（通过 2 个），请发布公示"
    assert notice.body == "审定通过 2 个：心内科、骨科"
    assert notice.url == reverse("appraisal:campaign", args=[campaign.pk])


def test_fixed_list_locks_every_decision_saying_when(deciding, leading_group):
    _decide_all(deciding, leading_group)
    services.campaign_fix_list(campaign=deciding.campaign, by=leading_group, now=FIXED_AT)
    message = "^名单已于2026年9月18日 14:30审定，审定意见不能再修改。$"
    with pytest.raises(DomainError, match=message):
        reject(deciding.a, leading_group)
    with pytest.raises(DomainError, match=message):
        approve(deciding.c, leading_group)
    with pytest.raises(DomainError, match=message):
        services.campaign_fix_list(campaign=deciding.campaign, by=leading_group)
    assert _state(deciding.a) == ApplicationState.APPROVED


def test_fix_list_refused_for_a_stale_campaign_copy(deciding, leading_group):
    """A page loaded before someone else fixed the list: the locked row decides."""
    stale = Campaign.objects.get(pk=deciding.campaign.pk)
    _decide_all(deciding, leading_group)
    services.campaign_fix_list(campaign=deciding.campaign, by=leading_group, now=FIXED_AT)
    assert stale.state == CampaignState.DECIDING
    with pytest.raises(DomainError, match="名单已于2026年9月18日 14:30审定"):
        services.campaign_fix_list(campaign=stale, by=leading_group)


# --- the decision list ----------------------------------------------------------------------


def _forwarded(reviewing, team, party_office):
    """A (full points) and B (15 of 25 on 文化廉洁) scored by reviewer1, both
    recommended (B's opinion written twice), forwarded to the leading group."""
    criteria = [c for s in rubric_columns(reviewing.campaign) for c in s.criteria]
    low = {criteria[14].pk: Decimal(0)}  # 文化廉洁's 10-point criterion
    for application, scores in ((reviewing.a, None), (reviewing.b, low)):
        review = assignment.review_assign(
            application=application, reviewer=team[1], by=party_office
        )
        fill_review(review, by=team[1], scores=scores, direct=True)
        reviews.review_opinion_record(
            application=application, by=party_office, recommended=True, opinion="建议推荐。"
        )
    reviews.review_opinion_record(
        application=reviewing.b, by=party_office, recommended=True, opinion="整改到位，推荐。"
    )
    return reviews.campaign_forward(campaign=reviewing.campaign, by=party_office)


def test_decision_rows_ranked_with_totals_subtotals_opinion_and_decision(
    reviewing, team, party_office, leading_group
):
    campaign = _forwarded(reviewing, team, party_office)
    reject(reviewing.a, leading_group, reason="同分比较后暂缓。")
    table = decision_rows(campaign)
    assert [s.name for s in table.standards] == ["管理规范", "服务优质", "纪律严明", "文化廉洁"]
    assert [
        (r.result.rank, r.application.unit.name, r.result.total, r.application.state)
        for r in table.rows
    ] == [
        (1, "心内科", Decimal("100.00"), ApplicationState.REJECTED),
        (2, "骨科", Decimal("90.00"), ApplicationState.RECOMMENDED),
    ]
    a, b = table.rows
    assert b.result.subtotals == [
        Decimal("25.00"),
        Decimal("25.00"),
        Decimal("25.00"),
        Decimal("15.00"),
    ]
    assert (a.opinion.opinion, b.opinion.opinion) == ("建议推荐。", "整改到位，推荐。")
    assert (a.decision.actor, a.decision.reason, b.decision) == (
        leading_group,
        "同分比较后暂缓。",
        None,
    )
    assert (table.approved_count, table.undecided_count, table.has_vetoes) == (0, 1, False)
    assert a.vetoes == ()


def test_decision_rows_leave_out_applications_not_recommended(deciding, leading_group):
    Application.objects.filter(pk=deciding.c.pk).update(state=ApplicationState.NOT_RECOMMENDED)
    table = decision_rows(deciding.campaign)
    assert [r.application.unit.name for r in table.rows] == ["心内科", "骨科"]
    assert [r.result.rank for r in table.rows] == [None, None]  # no review counted


def test_decision_rows_show_the_latest_decision(deciding, leading_group):
    approve(deciding.a, leading_group, reason="同意。")
    reject(deciding.a, leading_group, reason="改为不通过。")
    row = decision_rows(deciding.campaign).row_for(deciding.a.pk)
    assert (row.decision.transition, row.decision.reason) == ("reject", "改为不通过。")


def test_campaigns_awaiting_decision_count_undecided_and_approved(deciding, leading_group):
    approve(deciding.a, leading_group)
    reject(deciding.b, leading_group)
    (campaign,) = campaigns_awaiting_decision()
    assert (campaign.pk, campaign.undecided, campaign.approved, campaign.rejected) == (
        deciding.campaign.pk,
        1,
        1,
        1,
    )


def test_ranking_keeps_applications_after_the_decision(
    reviewing, team, party_office, leading_group
):
    from appraisal.ranking import campaign_ranking

    campaign = _forwarded(reviewing, team, party_office)
    approve(reviewing.b, leading_group)
    reject(reviewing.a, leading_group)
    assert [
        (r.rank, r.application.unit.name, r.application.state)
        for r in campaign_ranking(campaign).rows
    ] == [
        (1, "心内科", ApplicationState.REJECTED),
        (2, "骨科", ApplicationState.APPROVED),
    ]


# --- a decision made on what the member saw (drills) ------------------------------------------


def test_decision_on_a_state_changed_meanwhile_is_refused_naming_it(deciding, leading_group):
    other = UserFactory(username="leader2", roles=[Role.LEADING_GROUP])
    approve(deciding.a, other)
    with pytest.raises(StaleStateError) as refusal:
        services.decision_record(
            application=deciding.a,
            by=leading_group,
            approve=False,
            reason="有投诉。",
            seen_state=ApplicationState.RECOMMENDED,
        )
    assert refusal.value.message == (
        "该记录当前状态为“审定通过”，已被他人处理，请刷新页面后再操作。"
    )
    assert _state(deciding.a) == ApplicationState.APPROVED


def test_decision_on_the_state_seen_changes_an_earlier_decision(deciding, leading_group):
    approve(deciding.a, leading_group)
    services.decision_record(
        application=deciding.a,
        by=leading_group,
        approve=False,
        reason="再议：有投诉。",
        seen_state=ApplicationState.APPROVED,
    )
    assert _state(deciding.a) == ApplicationState.REJECTED
