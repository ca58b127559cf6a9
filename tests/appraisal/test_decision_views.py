"""The leading group's decision page, its two posts, the link from the campaign page
and the leading group's home section."""

import datetime
import re
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from appraisal.enums import ApplicationState, CampaignState
from appraisal.models import Application, Campaign
from appraisal.services import decisions as services
from tests.factories import DepartmentFactory, PersonFactory, UserFactory, deciding_campaign


@pytest.fixture
def deciding(party_office, department_a, department_b):
    """A, B and C (儿科) recommended to the leading group; two places."""
    department_c = DepartmentFactory(code="C02", name="儿科")
    campaign, (a, b, c) = deciding_campaign(
        party_office, [department_a, department_b, department_c], quota=2
    )
    return SimpleNamespace(campaign=campaign, a=a, b=b, c=c)


def _page_url(campaign):
    return reverse("appraisal:decision", args=[campaign.pk])


def _record_url(application):
    return reverse("appraisal:decision_record", args=[application.pk])


def _approve(application, by, reason="同意。"):
    services.decision_record(application=application, by=by, approve=True, reason=reason)


def _reject(application, by, reason="不同意。"):
    services.decision_record(application=application, by=by, approve=False, reason=reason)


def _state(application):
    return Application.objects.get(pk=application.pk).state


# --- the page --------------------------------------------------------------------------------


def test_decision_page_lists_the_recommended_with_forms_for_the_leading_group(
    deciding, persona_client, leading_group
):
    _approve(deciding.a, leading_group, reason="材料扎实，同意。")
    page = persona_client("leading_group").get(_page_url(deciding.campaign)).content.decode()
    assert "已通过 1 / 名额 2" in page
    assert "待审定 2 个" in page
    assert re.findall(r'<th scope="row">([^<]+)</th>', page) == ["心内科", "骨科", "儿科"]
    for name in ("管理规范", "服务优质", "纪律严明", "文化廉洁"):
        assert f'<th scope="col" class="text-end">{name}' in page
    assert page.count("材料齐全，建议推荐。") == 3  # the review opinion of each
    assert "材料扎实，同意。" in page
    assert "领导小组成员 · " in page  # who decided, then when
    for application in (deciding.a, deciding.b, deciding.c):
        assert f'hx-post="{_record_url(application)}"' in page
        assert f'action="{_record_url(application)}"' in page
    # A's decision can only change to "not approved"; the others can go either way; plus
    # the bulk form's two buttons.
    assert page.count('name="decision" value="approve"') == 2 + 1
    assert page.count('name="decision" value="reject"') == 3 + 1
    assert f'action="{reverse("appraisal:fix_list", args=[deciding.campaign.pk])}"' in page
    assert 'data-confirm="审定名单（通过 1 个）后' in page
    assert "否决性指标" not in page  # no veto model yet: the slot renders nothing
    assert "<script" not in page.split("</nav>", 1)[1]


@pytest.mark.parametrize("persona", ["party_office", "party_committee"])
def test_decision_page_is_read_only_for_party_office_and_committee(
    deciding, persona_client, persona
):
    page = persona_client(persona).get(_page_url(deciding.campaign)).content.decode()
    assert "已通过 0 / 名额 2" in page
    assert re.findall(r'<th scope="row">([^<]+)</th>', page) == ["心内科", "骨科", "儿科"]
    assert "decision_record" not in page
    assert _record_url(deciding.a) not in page
    assert reverse("appraisal:fix_list", args=[deciding.campaign.pk]) not in page


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("anonymous", 302),
        ("staff", 403),
        ("applicant_a", 403),
        ("reviewer_a", 403),
        ("discipline_office", 403),
        ("admin_user", 403),
    ],
)
def test_decision_page_is_refused_to_others(deciding, persona_client, persona, status):
    assert persona_client(persona).get(_page_url(deciding.campaign)).status_code == status


def test_decision_page_does_not_exist_before_the_campaign_is_forwarded(deciding, persona_client):
    Campaign.objects.filter(pk=deciding.campaign.pk).update(state=CampaignState.REVIEWING)
    assert persona_client("leading_group").get(_page_url(deciding.campaign)).status_code == 404


def test_decision_page_offers_no_form_on_own_department(deciding, client, department_a):
    member = UserFactory(username="leader_a", name="领导甲", roles=[Role.LEADING_GROUP])
    PersonFactory(department=department_a, user=member)
    client.force_login(member)
    page = client.get(_page_url(deciding.campaign)).content.decode()
    assert page.count("本科室，须回避") == 1
    assert f'action="{_record_url(deciding.a)}"' not in page
    assert f'action="{_record_url(deciding.b)}"' in page


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_decision_page_query_count_does_not_grow(party_office, leading_group, persona_client):
    client = persona_client("leading_group")
    small, (only,) = deciding_campaign(party_office, [DepartmentFactory()], quota=3)
    _approve(only, leading_group)
    one = _queries(client, _page_url(small))
    large, applications = deciding_campaign(
        party_office, [DepartmentFactory() for _ in range(4)], quota=3, title="另一批次"
    )
    _approve(applications[0], leading_group)
    _reject(applications[1], leading_group)
    assert _queries(client, _page_url(large)) == one


# --- deciding ----------------------------------------------------------------------------


def test_decision_record_post_approves_and_returns_to_the_row(deciding, persona_client):
    client = persona_client("leading_group")
    response = client.post(_record_url(deciding.a), {"decision": "approve", "reason": "同意。"})
    assert response.status_code == 302
    assert response["Location"] == f"{_page_url(deciding.campaign)}#decision-{deciding.a.pk}"
    assert _state(deciding.a) == ApplicationState.APPROVED
    page = client.get(response["Location"]).content.decode()
    assert "已审定通过“心内科”。" in page
    assert "已通过 1 / 名额 2" in page


def test_decision_record_post_rejects_with_the_reason(deciding, persona_client):
    client = persona_client("leading_group")
    client.post(_record_url(deciding.b), {"decision": "reject", "reason": "有投诉未办结。"})
    assert _state(deciding.b) == ApplicationState.REJECTED
    page = client.get(_page_url(deciding.campaign)).content.decode()
    assert "已审定“骨科”不通过。" in page
    assert "有投诉未办结。" in page


def test_decision_record_beyond_quota_shows_the_refusal(deciding, persona_client, leading_group):
    _approve(deciding.a, leading_group)
    _approve(deciding.b, leading_group)
    client = persona_client("leading_group")
    response = client.post(
        _record_url(deciding.c), {"decision": "approve", "reason": "同意。"}, follow=True
    )
    assert (
        "评选名额为 2 个，已审定通过 2 个：心内科、骨科。如需通过“儿科”，请先将其中一个改为不通过。"
        in response.content.decode()
    )
    assert _state(deciding.c) == ApplicationState.RECOMMENDED


def test_decision_record_by_htmx_returns_the_list_with_the_counter(deciding, persona_client):
    client = persona_client("leading_group")
    response = client.post(
        _record_url(deciding.a), {"decision": "approve", "reason": "同意。"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    fragment = response.content.decode()
    assert fragment.lstrip().startswith('<section id="decision-list"')
    assert "<html" not in fragment
    assert "已通过 1 / 名额 2" in fragment
    assert "待审定 2 个" in fragment


def test_decision_record_by_htmx_without_reason_shows_the_refusal_in_the_row(
    deciding, persona_client
):
    client = persona_client("leading_group")
    response = client.post(
        _record_url(deciding.a), {"decision": "approve", "reason": " "}, HTTP_HX_REQUEST="true"
    )
    row = re.search(
        rf'<tr id="decision-{deciding.a.pk}">.*?</tr>', response.content.decode(), re.DOTALL
    ).group(0)
    assert '<div class="text-danger small mb-1" role="alert">请填写审定理由。</div>' in row
    assert _state(deciding.a) == ApplicationState.RECOMMENDED


def test_decision_record_without_a_choice_is_refused(deciding, persona_client):
    response = persona_client("leading_group").post(
        _record_url(deciding.a), {"reason": "同意。"}, follow=True
    )
    assert "请选择通过或不通过，并填写审定理由。" in response.content.decode()
    assert _state(deciding.a) == ApplicationState.RECOMMENDED


# --- fixing the list ----------------------------------------------------------------------


def test_fix_list_refusal_names_the_undecided(deciding, persona_client, leading_group):
    _approve(deciding.a, leading_group)
    response = persona_client("leading_group").post(
        reverse("appraisal:fix_list", args=[deciding.campaign.pk]), follow=True
    )
    assert "以下推荐的科室尚未审定：骨科、儿科。" in response.content.decode()
    assert Campaign.objects.get(pk=deciding.campaign.pk).state == CampaignState.DECIDING


def test_fix_list_then_the_page_is_read_only_with_who_and_when(
    deciding, persona_client, leading_group
):
    _approve(deciding.a, leading_group)
    _approve(deciding.b, leading_group)
    _reject(deciding.c, leading_group, reason="名额已满，排名靠后。")
    client = persona_client("leading_group")
    response = client.post(reverse("appraisal:fix_list", args=[deciding.campaign.pk]), follow=True)
    page = response.content.decode()
    assert "名单已审定，已通知党办发布公示。" in page
    campaign = Campaign.objects.get(pk=deciding.campaign.pk)
    assert campaign.state == CampaignState.DECIDED
    at = timezone.localtime(campaign.list_fixed_at)
    assert f"名单已于 {at.year}年{at.month}月{at.day}日 {at:%H:%M} 由领导小组成员审定" in page
    assert "<strong>审定名单：</strong>心内科、骨科" in page
    assert "名额已满，排名靠后。" in page
    assert 'name="decision"' not in page
    assert reverse("appraisal:fix_list", args=[campaign.pk]) not in page
    # A post from a page loaded earlier is refused, saying when the list was fixed.
    response = client.post(
        _record_url(deciding.a), {"decision": "reject", "reason": "再议。"}, follow=True
    )
    assert f"名单已于{at.year}年{at.month}月{at.day}日 {at:%H:%M}审定，审定意见不能再修改。" in (
        response.content.decode()
    )


# --- the campaign page and home -------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "text"),
    [
        ("leading_group", "审定推荐名单"),
        ("party_office", "查看推荐名单与审定情况"),
        ("party_committee", "查看推荐名单与审定情况"),
    ],
)
def test_campaign_page_links_the_decision_page(deciding, persona_client, persona, text):
    page = (
        persona_client(persona)
        .get(reverse("appraisal:campaign", args=[deciding.campaign.pk]))
        .content.decode()
    )
    assert f'<a href="{_page_url(deciding.campaign)}">{text}</a>' in page


def test_campaign_page_links_the_fixed_list_later(deciding, persona_client):
    Campaign.objects.filter(pk=deciding.campaign.pk).update(
        state=CampaignState.PUBLICITY, list_fixed_at=timezone.now()
    )
    page = (
        persona_client("party_office")
        .get(reverse("appraisal:campaign", args=[deciding.campaign.pk]))
        .content.decode()
    )
    assert f'<a href="{_page_url(deciding.campaign)}">查看审定名单</a>' in page


@pytest.mark.parametrize("persona", ["discipline_office", "admin_user"])
def test_campaign_page_hides_the_decision_link_from_others(deciding, persona_client, persona):
    page = (
        persona_client(persona)
        .get(reverse("appraisal:campaign", args=[deciding.campaign.pk]))
        .content.decode()
    )
    assert _page_url(deciding.campaign) not in page


def test_campaign_page_has_no_decision_link_before_forwarding(deciding, persona_client):
    Campaign.objects.filter(pk=deciding.campaign.pk).update(state=CampaignState.REVIEWING)
    page = (
        persona_client("leading_group")
        .get(reverse("appraisal:campaign", args=[deciding.campaign.pk]))
        .content.decode()
    )
    assert _page_url(deciding.campaign) not in page


def test_leading_group_home_shows_campaigns_awaiting_its_decision(
    deciding, persona_client, leading_group
):
    _approve(deciding.a, leading_group)
    page = persona_client("leading_group").get(reverse("home")).content.decode()
    assert "2026年度清廉科室评选：待审定推荐名单" in page
    assert "待审定 2 个，已通过 1 / 名额 2" in page
    assert f'href="{_page_url(deciding.campaign)}"' in page


def test_leading_group_home_drops_a_fixed_campaign(deciding, persona_client):
    Campaign.objects.filter(pk=deciding.campaign.pk).update(
        state=CampaignState.DECIDED, list_fixed_at=timezone.now() - datetime.timedelta(hours=1)
    )
    page = persona_client("leading_group").get(reverse("home")).content.decode()
    assert "待审定推荐名单" not in page


# --- the state the member saw (drills) ------------------------------------------------------


def test_decision_form_sends_the_state_seen(deciding, persona_client):
    page = persona_client("leading_group").get(_page_url(deciding.campaign)).content.decode()
    assert page.count('<input type="hidden" name="seen_state" value="recommended">') == 3


def test_decision_post_after_another_members_decision_is_refused(
    deciding, persona_client, leading_group
):
    other = UserFactory(username="leader2", roles=[Role.LEADING_GROUP])
    _approve(deciding.a, other)
    response = persona_client("leading_group").post(
        _record_url(deciding.a),
        {"decision": "reject", "reason": "有投诉。", "seen_state": "recommended"},
        follow=True,
    )
    assert response.status_code == 200
    assert (
        "该记录当前状态为“审定通过”，已被他人处理，请刷新页面后再操作。"
        in response.content.decode()
    )
    assert _state(deciding.a) == ApplicationState.APPROVED
