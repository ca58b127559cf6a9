"""The leading group's bulk decision (appraisal/services/decisions.py
``decisions_record_many``) and its form on the decision page: all or nothing, the quota,
stale rows, recusal."""

import re
import threading
from types import SimpleNamespace

import pytest
from django.db import connection
from django.urls import reverse

from accounts.roles import Role
from appraisal.enums import ApplicationState, CampaignState
from appraisal.models import Application, ApplicationEvent, Campaign
from appraisal.services import decisions as services
from core.errors import DomainError
from notifications.models import Notification
from tests.conftest import needs_postgresql
from tests.factories import DepartmentFactory, PersonFactory, UserFactory, deciding_campaign


@pytest.fixture
def deciding(party_office, department_a, department_b):
    """心内科 (A), 骨科 (B), 儿科 (C) and 眼科 (D) recommended; three places."""
    c = DepartmentFactory(code="C02", name="儿科")
    d = DepartmentFactory(code="D03", name="眼科")
    campaign, (a, b, c, d) = deciding_campaign(
        party_office, [department_a, department_b, c, d], quota=3
    )
    return SimpleNamespace(campaign=campaign, a=a, b=b, c=c, d=d)


def many(deciding, applications, by, *, approve=True, reason="材料扎实，同意。", seen=None):
    return services.decisions_record_many(
        campaign=deciding.campaign,
        applications=applications,
        by=by,
        approve=approve,
        reason=reason,
        seen_states=seen,
    )


def _states(*applications):
    return [Application.objects.get(pk=a.pk).state for a in applications]


def _decision_events():
    return ApplicationEvent.objects.filter(transition__in=["approve", "reject"]).count()


# --- the service ---------------------------------------------------------------------------


def test_decisions_many_approve_each_with_its_own_event(deciding, leading_group):
    result = many(deciding, [deciding.b, deciding.a], leading_group, reason=" 同意推荐。 ")
    assert [a.unit.name for a in result] == ["心内科", "骨科"]
    assert _states(deciding.a, deciding.b, deciding.c) == [
        ApplicationState.APPROVED,
        ApplicationState.APPROVED,
        ApplicationState.RECOMMENDED,
    ]
    events = ApplicationEvent.objects.filter(transition="approve").order_by("subject__unit__code")
    assert [(e.subject_id, e.actor, e.from_state, e.to_state, e.reason) for e in events] == [
        (deciding.a.pk, leading_group, "recommended", "approved", "同意推荐。"),
        (deciding.b.pk, leading_group, "recommended", "approved", "同意推荐。"),
    ]


def test_decisions_many_reject_each_with_the_reason(deciding, leading_group):
    many(deciding, [deciding.c, deciding.d], leading_group, approve=False, reason="排名靠后。")
    assert _states(deciding.c, deciding.d) == [ApplicationState.REJECTED] * 2
    assert list(
        ApplicationEvent.objects.filter(transition="reject").values_list("reason", flat=True)
    ) == ["排名靠后。", "排名靠后。"]


def test_decisions_many_send_no_notification_as_a_single_decision(deciding, leading_group):
    before = Notification.objects.count()
    services.decision_record(application=deciding.d, by=leading_group, approve=False, reason="否")
    assert Notification.objects.count() == before
    many(deciding, [deciding.a, deciding.b, deciding.c], leading_group)
    assert Notification.objects.count() == before


def test_decisions_many_beyond_quota_are_refused_naming_quota_count_and_added(
    deciding, leading_group
):
    services.decision_record(application=deciding.a, by=leading_group, approve=True, reason="同意")
    with pytest.raises(DomainError) as refusal:
        many(deciding, [deciding.b, deciding.c, deciding.d], leading_group)
    assert str(refusal.value) == (
        "评选名额为 3 个，已审定通过 1 个，本次将再通过 3 个（骨科、儿科、眼科），共 4 个，"
        "超过名额。请减少勾选的科室，或先将已通过的科室改为不通过。"
    )
    assert _states(deciding.b, deciding.c, deciding.d) == [ApplicationState.RECOMMENDED] * 3
    assert _decision_events() == 1


def test_decisions_many_up_to_the_quota_are_accepted(deciding, leading_group):
    services.decision_record(application=deciding.a, by=leading_group, approve=True, reason="同意")
    many(deciding, [deciding.b, deciding.c], leading_group)
    assert Application.objects.filter(state=ApplicationState.APPROVED).count() == 3


def test_decisions_many_rejecting_never_count_against_the_quota(deciding, leading_group):
    many(deciding, [deciding.a, deciding.b, deciding.c], leading_group)
    many(deciding, [deciding.d], leading_group, approve=False)
    assert _states(deciding.d) == [ApplicationState.REJECTED]


def test_decisions_many_on_a_row_changed_meanwhile_are_refused_naming_it(deciding, leading_group):
    seen = {a.pk: ApplicationState.RECOMMENDED for a in (deciding.a, deciding.b)}
    other = UserFactory(username="leader2", roles=[Role.LEADING_GROUP])
    services.decision_record(application=deciding.b, by=other, approve=False, reason="不同意")
    with pytest.raises(DomainError) as refusal:
        many(deciding, [deciding.a, deciding.b], leading_group, seen=seen)
    assert str(refusal.value) == (
        "以下科室的审定情况已被他人改变：骨科（现为“审定未通过”）。"
        "请刷新页面，看过最新状态后重新选择。"
    )
    assert _states(deciding.a, deciding.b) == [
        ApplicationState.RECOMMENDED,
        ApplicationState.REJECTED,
    ]


def test_decisions_many_with_one_not_recommended_are_refused_whole(deciding, leading_group):
    Application.objects.filter(pk=deciding.c.pk).update(state=ApplicationState.NOT_RECOMMENDED)
    with pytest.raises(DomainError) as refusal:
        many(deciding, [deciding.a, deciding.c], leading_group)
    assert str(refusal.value) == "以下科室的申报不在报送领导小组的推荐名单内：儿科。"
    assert _states(deciding.a) == [ApplicationState.RECOMMENDED]


def test_decisions_many_with_one_already_decided_so_are_refused(deciding, leading_group):
    services.decision_record(application=deciding.a, by=leading_group, approve=True, reason="同意")
    with pytest.raises(DomainError) as refusal:
        many(deciding, [deciding.a, deciding.b], leading_group)
    assert str(refusal.value) == (
        "以下科室已是“审定通过”，无需重复审定：心内科。请取消勾选后再提交。"
    )
    assert _states(deciding.b) == [ApplicationState.RECOMMENDED]


def test_decisions_many_including_own_department_are_refused_whole(deciding, department_a):
    member = UserFactory(username="leader_a", roles=[Role.LEADING_GROUP])
    PersonFactory(department=department_a, user=member)
    with pytest.raises(DomainError) as refusal:
        many(deciding, [deciding.a, deciding.b], member)
    assert str(refusal.value) == "您须回避本科室的申报，不能审定：心内科。请取消勾选后再提交。"
    assert _decision_events() == 0


def test_decisions_many_of_another_campaign_are_refused(deciding, party_office, leading_group):
    _, (elsewhere,) = deciding_campaign(party_office, [DepartmentFactory()], title="另一批次")
    with pytest.raises(DomainError) as refusal:
        many(deciding, [deciding.a, elsewhere], leading_group)
    assert str(refusal.value) == "所选的申报有的已不在本批次中，请刷新页面后重新选择。"
    assert _decision_events() == 0


@pytest.mark.parametrize(
    ("selected", "reason", "message"),
    [([], "同意", "请先勾选要审定的科室。"), (["a"], "  ", "请填写审定理由。")],
)
def test_decisions_many_without_selection_or_reason_are_refused(
    deciding, leading_group, selected, reason, message
):
    with pytest.raises(DomainError) as refusal:
        many(deciding, [getattr(deciding, x) for x in selected], leading_group, reason=reason)
    assert str(refusal.value) == message


@pytest.mark.parametrize("persona", ["party_office", "party_committee", "staff"])
def test_decisions_many_outside_leading_group_are_refused(deciding, request, persona):
    with pytest.raises(DomainError, match=r"^只有领导小组成员可以审定。$"):
        many(deciding, [deciding.a], request.getfixturevalue(persona))


def test_decisions_many_after_the_list_is_fixed_are_refused(deciding, leading_group):
    Campaign.objects.filter(pk=deciding.campaign.pk).update(state=CampaignState.DECIDED)
    with pytest.raises(DomainError, match="不在领导小组审定阶段"):
        many(deciding, [deciding.a], leading_group)


@pytest.mark.django_db(transaction=True)
@needs_postgresql
def test_concurrent_bulk_and_single_approvals_never_exceed_the_quota(party_office):
    """One member approves two departments together while another approves a third on its
    own, two places left: one of them wins, the other is told the quota, never three."""
    units = [DepartmentFactory(code=f"Z0{n}", name=name) for n, name in enumerate("甲乙丙")]
    campaign, (a, b, c) = deciding_campaign(party_office, units, quota=2)
    first = UserFactory(username="leader1", roles=[Role.LEADING_GROUP])
    second = UserFactory(username="leader2", roles=[Role.LEADING_GROUP])
    outcomes = {}
    barrier = threading.Barrier(2)

    def decide(name, call):
        barrier.wait()
        try:
            call()
            outcomes[name] = "ok"
        except DomainError as refusal:
            outcomes[name] = str(refusal)
        finally:
            connection.close()

    threads = [
        threading.Thread(
            target=decide,
            args=(
                "bulk",
                lambda: services.decisions_record_many(
                    campaign=campaign, applications=[a, b], by=first, approve=True, reason="同意"
                ),
            ),
        ),
        threading.Thread(
            target=decide,
            args=(
                "single",
                lambda: services.decision_record(
                    application=c, by=second, approve=True, reason="同意"
                ),
            ),
        ),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    approved = Application.objects.filter(campaign=campaign, state=ApplicationState.APPROVED)
    assert approved.count() == (2 if outcomes["bulk"] == "ok" else 1)
    assert sorted(outcomes.values()).count("ok") == 1
    loser = next(name for name, outcome in outcomes.items() if outcome != "ok")
    assert outcomes[loser].startswith("评选名额为 2 个，已审定通过")


# --- the page ------------------------------------------------------------------------------


def _bulk_url(campaign):
    return reverse("appraisal:decision_record_many", args=[campaign.pk])


def _post(client, deciding, applications, decision="approve", reason="同意。", **extra):
    data = {"applications": [a.pk for a in applications], "decision": decision, "reason": reason}
    data.update({f"seen-{a.pk}": a.state for a in applications})
    return client.post(_bulk_url(deciding.campaign), data, **extra)


def test_decision_page_offers_a_labelled_checkbox_per_row(deciding, persona_client):
    page = persona_client("leading_group").get(
        reverse("appraisal:decision", args=[deciding.campaign.pk])
    )
    html = page.content.decode()
    assert re.findall(r'aria-label="(选择 [^"]+)"', html) == [
        "选择 心内科",
        "选择 骨科",
        "选择 儿科",
        "选择 眼科",
    ]
    assert 'data-select-all="applications"' in html
    assert f'action="{_bulk_url(deciding.campaign)}"' in html


def test_decision_page_has_no_bulk_form_for_readers(deciding, persona_client):
    html = persona_client("party_office").get(
        reverse("appraisal:decision", args=[deciding.campaign.pk])
    )
    assert 'id="bulk-decision"' not in html.content.decode()
    assert 'name="applications"' not in html.content.decode()


def test_decision_many_post_approves_and_says_which(deciding, persona_client):
    client = persona_client("leading_group")
    response = _post(client, deciding, [deciding.a, deciding.c])
    assert response.status_code == 302
    assert _states(deciding.a, deciding.c) == [ApplicationState.APPROVED] * 2
    page = client.get(response["Location"]).content.decode()
    assert "已审定通过 2 个科室：心内科、儿科。" in page
    assert "已通过 2 / 名额 3" in page


def test_decision_many_by_htmx_beyond_quota_keeps_ticks_and_reason(deciding, persona_client):
    client = persona_client("leading_group")
    everyone = [deciding.a, deciding.b, deciding.c, deciding.d]
    response = _post(client, deciding, everyone, reason="一并通过。", HTTP_HX_REQUEST="true")
    fragment = response.content.decode()
    assert fragment.lstrip().startswith('<section id="decision-list"')
    assert "评选名额为 3 个，已审定通过 0 个，本次将再通过 4 个" in fragment
    assert fragment.count("checked") == 4
    assert ">一并通过。</textarea>" in fragment
    assert Application.objects.filter(state=ApplicationState.APPROVED).count() == 0


def test_decision_many_plain_post_beyond_quota_shows_the_page_with_ticks_and_reason(
    deciding, persona_client
):
    client = persona_client("leading_group")
    everyone = [deciding.a, deciding.b, deciding.c, deciding.d]
    response = _post(client, deciding, everyone, reason="一并通过。")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1" in page
    assert "评选名额为 3 个，已审定通过 0 个，本次将再通过 4 个" in page
    assert page.count('name="applications"') == 4
    assert page.count(" checked") == 4
    assert ">一并通过。</textarea>" in page
    assert Application.objects.filter(state=ApplicationState.APPROVED).count() == 0


def test_decision_many_by_htmx_rejects_and_says_so(deciding, persona_client):
    client = persona_client("leading_group")
    response = _post(client, deciding, [deciding.d], "reject", "排名靠后。", HTTP_HX_REQUEST="true")
    assert "已审定 1 个科室不通过：眼科。" in response.content.decode()
    assert _states(deciding.d) == [ApplicationState.REJECTED]


def test_decision_many_without_a_choice_is_refused(deciding, persona_client):
    client = persona_client("leading_group")
    response = _post(client, deciding, [deciding.a], decision="", follow=True)
    assert "请选择通过或不通过。" in response.content.decode()
    assert _states(deciding.a) == [ApplicationState.RECOMMENDED]


def test_decision_many_on_a_fixed_campaign_is_not_found(deciding, persona_client):
    Campaign.objects.filter(pk=deciding.campaign.pk).update(state=CampaignState.DECIDED)
    assert _post(persona_client("leading_group"), deciding, [deciding.a]).status_code == 404
