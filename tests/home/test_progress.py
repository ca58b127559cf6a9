"""Each home page shows where every campaign in progress stands (a stepper) and the
next step for this user, with a button only when the target page lets them act."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from appraisal.enums import CampaignState
from appraisal.services import assignment
from home.progress import STEPS, current_step
from publicity.enums import PublicityState
from tests.conftest import PERSONAS
from tests.factories import (
    DepartmentFactory,
    close_applications,
    confirmable_campaign,
    decided_campaign,
    deciding_campaign,
    listed_publicity,
    make_campaign,
    open_campaign,
    submitted_application,
)

pytestmark = pytest.mark.django_db

SIGNED_IN = [p for p in PERSONAS if p != "anonymous"]


def _page(persona_client, persona):
    response = persona_client(persona).get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def _progress(page):
    found = re.search(r'<section class="card mb-3" id="campaign-progress".*?</section>', page, re.S)
    return found.group(0) if found else ""


def _buttons(page):
    """``[(label, url)]`` of the buttons under the steppers."""
    return re.findall(r'<a class="btn btn-sm [^"]*" href="([^"]+)">([^<]+)</a>', _progress(page))


def _labels(page):
    return [label for _url, label in _buttons(page)]


def _steps(page):
    """``[(label, current?)]`` of the first stepper."""
    stepper = re.search(r'<ol class="stepper".*?</ol>', page, re.S).group(0)
    return [
        (label.strip(), bool(current))
        for current, label in re.findall(
            r'<li class="stepper-step [^"]*"( aria-current="step")?>.*?</span>\s*'
            r'<span class="visually-hidden">[^<]*</span>([^<]+)</li>',
            stepper,
            re.S,
        )
    ]


# --- the steps ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("campaign_state", "publicity_state", "step"),
    [
        (CampaignState.DRAFT, None, "申报"),
        (CampaignState.OPEN, None, "申报"),
        (CampaignState.REVIEWING, None, "评审"),
        (CampaignState.DECIDING, None, "审定"),
        (CampaignState.DECIDED, None, "公示"),
        (CampaignState.PUBLICITY, PublicityState.OPEN, "公示"),
        (CampaignState.PUBLICITY, PublicityState.CLOSED_PENDING, "公示"),
        (CampaignState.PUBLICITY, PublicityState.CLOSED, "确认"),
        (CampaignState.CLOSED, None, "表扬"),
    ],
)
def test_every_state_maps_to_its_step(campaign_state, publicity_state, step):
    from appraisal.models import Campaign
    from publicity.models import Publicity

    campaign = Campaign(state=campaign_state)
    if publicity_state is not None:
        campaign.publicity = Publicity(state=publicity_state)
    assert str(STEPS[current_step(campaign)]) == step


def test_stepper_is_an_ordered_list_with_the_current_step_marked(persona_client, party_office):
    decided_campaign(party_office, [DepartmentFactory()])
    page = _page(persona_client, "party_office")
    assert _steps(page) == [
        ("申报", False),
        ("评审", False),
        ("审定", False),
        ("公示", True),
        ("确认", False),
        ("表扬", False),
    ]
    assert page.count('aria-current="step"') == 1
    # Not by colour alone: done steps are ticked and named as done for screen readers.
    assert page.count('<span class="visually-hidden">已完成：</span>') == 3
    assert page.count('<span class="visually-hidden">当前步骤：</span>') == 1


def test_no_campaign_no_progress(persona_client):
    assert _progress(_page(persona_client, "party_office")) == ""


def test_drafts_only_for_those_who_prepare_campaigns(persona_client, party_office):
    campaign = make_campaign(party_office)
    assert _buttons(_page(persona_client, "party_office")) == [
        (reverse("appraisal:campaign", args=[campaign.pk]), "完善设置并开放申报")
    ]
    assert _progress(_page(persona_client, "leading_group")) == ""


def test_closed_campaigns_leave_the_progress(persona_client, party_office, party_committee):
    from tests.factories import confirmed_campaign

    confirmed_campaign(party_office, party_committee, [DepartmentFactory()])
    assert _progress(_page(persona_client, "party_office")) == ""


# --- the next step of each role -------------------------------------------------------


def test_applicant_is_asked_to_submit_until_submitted(
    persona_client, party_office, applicant_a, department_a
):
    campaign = open_campaign(party_office)
    unit_home = reverse("appraisal:unit_home", args=[campaign.pk, department_a.pk])
    assert _buttons(_page(persona_client, "applicant_a")) == [(unit_home, "提交申报：心内科")]
    submitted_application(campaign, department_a, applicant=applicant_a)
    assert _buttons(_page(persona_client, "applicant_a")) == []


def test_head_confirms_and_branch_secretary_gives_the_opinion(
    persona_client, party_office, applicant_a, head_a, branch_secretary_a, department_a
):
    from appraisal.services import applications as services

    campaign = open_campaign(party_office, uses_branch_opinion=True)
    application = services.application_start(campaign=campaign, unit=department_a, by=applicant_a)
    page = reverse("appraisal:application", args=[application.pk])
    assert _buttons(_page(persona_client, "head_a")) == [(page, "确认申报：心内科")]
    assert _buttons(_page(persona_client, "branch_secretary_a")) == []
    submitted_application(campaign, department_a, applicant=applicant_a)
    assert _buttons(_page(persona_client, "head_a")) == []
    assert _buttons(_page(persona_client, "branch_secretary_a")) == [
        (page, "填写党支部意见：心内科")
    ]


def test_party_office_sees_the_submitted_applications_while_open(persona_client, party_office):
    campaign = open_campaign(party_office)
    for unit in (DepartmentFactory(), DepartmentFactory()):
        submitted_application(campaign, unit)
    assert _buttons(_page(persona_client, "party_office")) == [
        (reverse("appraisal:applications", args=[campaign.pk]), "查看申报（已提交 2 份）")
    ]


def test_reviewer_with_unfinished_reviews_is_asked_to_score(
    persona_client, party_office, reviewer_a, department_b
):
    campaign = open_campaign(party_office)
    application = submitted_application(campaign, department_b)
    close_applications(campaign)
    assignment.pool_add(campaign=campaign, reviewer=reviewer_a, by=party_office)
    assignment.review_assign(application=application, reviewer=reviewer_a, by=party_office)
    assert _buttons(_page(persona_client, "reviewer_a")) == [
        (reverse("appraisal:review_queue"), "评分（待评审 1 份）")
    ]
    assert _buttons(_page(persona_client, "party_office")) == [
        (reverse("appraisal:review_overview", args=[campaign.pk]), "跟进评审（未完成 1 份）")
    ]


def test_reviewer_without_reviews_has_no_button(persona_client, party_office):
    campaign = open_campaign(party_office)
    submitted_application(campaign, DepartmentFactory())
    close_applications(campaign)
    assert _buttons(_page(persona_client, "reviewer_a")) == []
    assert _labels(_page(persona_client, "party_office")) == ["提交领导小组审定"]


def test_leading_group_decides(persona_client, party_office):
    campaign, _applications = deciding_campaign(party_office, [DepartmentFactory()])
    assert _buttons(_page(persona_client, "leading_group")) == [
        (reverse("appraisal:decision", args=[campaign.pk]), "审定")
    ]
    assert _buttons(_page(persona_client, "party_office")) == []


def test_party_office_publishes_as_soon_as_the_list_is_fixed(persona_client, party_office):
    campaign, _applications = decided_campaign(party_office, [DepartmentFactory()])
    assert _buttons(_page(persona_client, "party_office")) == [
        (reverse("publicity:open", args=[campaign.pk]), "发布公示")
    ]
    for persona in ("leading_group", "party_committee", "discipline_office", "staff"):
        assert _buttons(_page(persona_client, persona)) == []


def test_during_publicity_staff_read_the_board_and_the_discipline_office_objections(
    persona_client, party_office
):
    from tests.factories import objection_of, objector

    publicity, [application] = listed_publicity(party_office, [DepartmentFactory()])
    board = reverse("publicity:board")
    assert _buttons(_page(persona_client, "staff")) == [(board, "查看公示")]
    assert _buttons(_page(persona_client, "discipline_office")) == [(board, "查看公示")]
    objection_of(publicity, application, objector())
    assert _buttons(_page(persona_client, "discipline_office")) == [
        (board, "查看公示"),
        (reverse("publicity:objections"), "处理异议（未办结 1 件）"),
    ]


def test_party_committee_confirms_once_the_publicity_has_ended(persona_client, party_office):
    campaign, _applications, _publicity = confirmable_campaign(party_office, [DepartmentFactory()])
    assert _buttons(_page(persona_client, "party_committee")) == [
        (reverse("confirmation:confirm", args=[campaign.pk]), "确认名单")
    ]
    assert _buttons(_page(persona_client, "party_office")) == []
    assert "确认" in [label for label, current in _steps(_page(persona_client, "staff")) if current]


def test_party_committee_waits_while_objections_are_open(persona_client, party_office):
    confirmable_campaign(party_office, [DepartmentFactory()], state=PublicityState.CLOSED_PENDING)
    assert _buttons(_page(persona_client, "party_committee")) == []


def _campaigns_at_every_step(party_office, department_a):
    """One campaign at each step, department A applying in the open one."""
    make_campaign(party_office, title="草稿批次")
    open_campaign(party_office, title="申报中批次")
    reviewing = open_campaign(party_office, title="评审中批次")
    submitted_application(reviewing, DepartmentFactory())
    close_applications(reviewing)
    deciding_campaign(party_office, [DepartmentFactory()], title="审定中批次")
    decided_campaign(party_office, [DepartmentFactory()], title="已审定批次")
    listed_publicity(party_office, [DepartmentFactory()])
    confirmable_campaign(party_office, [DepartmentFactory()], title="待确认批次")


@pytest.mark.parametrize("persona", SIGNED_IN)
def test_every_button_opens_a_page_the_persona_may_use(
    persona_client, persona, party_office, department_a, applicant_a, reviewer_a
):
    """The buttons agree with the pages: each one shown answers 200 to its persona."""
    _campaigns_at_every_step(party_office, department_a)
    client = persona_client(persona)
    for url, label in _buttons(_page(persona_client, persona)):
        assert client.get(url).status_code == 200, (persona, label, url)


# --- queries --------------------------------------------------------------------------


def _queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("home")).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "persona",
    ["party_office", "applicant_a", "reviewer_a", "leading_group", "admin_user", "staff"],
)
def test_home_queries_do_not_grow_with_campaigns(persona_client, persona, party_office):
    campaigns = [open_campaign(party_office, title="第1批")]
    client = persona_client(persona)
    _queries(client)  # the process-wide caches (content types) filled once
    one = _queries(client)
    campaigns += [open_campaign(party_office, title=f"第{n}批") for n in (2, 3)]
    assert _queries(client) == one
    assert len(_progress(client.get(reverse("home")).content.decode()).split("<ol ")) == 4
