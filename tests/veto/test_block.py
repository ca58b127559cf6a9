"""The submission block: a confirmed veto event in the campaign's look-back window,
or a rectification not yet accepted, bars a department from applying."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from appraisal.enums import ApplicationState, TitleStatus
from appraisal.services import applications as application_services
from core.errors import DomainError
from tests.factories import (
    UserFactory,
    campaign_with_titles,
    head_of,
    open_campaign,
    rectification_of,
    submitted_application,
    veto_event_in_state,
)
from veto.models import VetoEvent
from veto.selectors import application_block, lookback_start
from veto.services import rectifications as rectification_services

TODAY = timezone.localdate()


@pytest.fixture
def reporter(db):
    return UserFactory(username="reporter")


@pytest.fixture
def campaign(party_office):
    return open_campaign(party_office)


def _confirmed(unit, reporter, *, occurred_on, confirmed_on=None, state="confirmed"):
    event = veto_event_in_state(unit, reporter, state=state, occurred_on=occurred_on)
    if confirmed_on is not None:
        VetoEvent.objects.filter(pk=event.pk).update(
            decided_at=timezone.make_aware(
                datetime.datetime.combine(confirmed_on, datetime.time(10))
            )
        )
    return event


def test_lookback_starts_on_1_january_of_the_campaign_year_by_default(campaign):
    assert lookback_start(campaign) == datetime.date(campaign.year, 1, 1)


def test_lookback_is_the_campaign_setting_when_given(campaign):
    campaign.veto_lookback_from = datetime.date(campaign.year - 1, 7, 1)

    assert lookback_start(campaign) == datetime.date(campaign.year - 1, 7, 1)


def test_confirmed_event_in_the_window_blocks_with_its_indicator_and_date(
    department_a, campaign, reporter
):
    _confirmed(
        department_a,
        reporter,
        occurred_on=datetime.date(campaign.year, 1, 1),
        confirmed_on=datetime.date(campaign.year, 3, 5),
    )

    block = application_block(department_a, campaign)

    assert (
        block.message == f"因否决性指标（第4项）于{campaign.year}年3月5日被确认，本批次不能申报。"
    )
    assert block.until == timezone.localdate(campaign.closes_at)


def test_confirmed_event_before_the_window_does_not_block(department_a, campaign, reporter):
    _confirmed(department_a, reporter, occurred_on=datetime.date(campaign.year - 1, 12, 31))

    assert application_block(department_a, campaign) is None


def test_a_lookback_set_earlier_reaches_last_year(department_a, campaign, reporter):
    campaign.veto_lookback_from = datetime.date(campaign.year - 1, 12, 1)
    _confirmed(department_a, reporter, occurred_on=datetime.date(campaign.year - 1, 12, 31))

    block = application_block(department_a, campaign)

    # Without a recorded confirmation time, the date the event occurred is given.
    assert block.message == (
        f"因否决性指标（第4项）于{campaign.year - 1}年12月31日被确认，本批次不能申报。"
    )


@pytest.mark.parametrize("state", ["reported", "verified", "dismissed"])
def test_an_event_not_confirmed_does_not_block(department_a, campaign, reporter, state):
    _confirmed(department_a, reporter, occurred_on=TODAY, state=state)

    assert application_block(department_a, campaign) is None


def test_another_departments_event_does_not_block(department_a, department_b, campaign, reporter):
    _confirmed(department_b, reporter, occurred_on=TODAY)

    assert application_block(department_a, campaign) is None


@pytest.mark.parametrize("state", ["active", "due"])
def test_a_rectification_blocks_until_accepted(department_a, campaign, state):
    rectification = rectification_of(
        department_a,
        starts_on=datetime.date(campaign.year - 1, 11, 30),
        state=state,
    )

    block = application_block(department_a, campaign)

    assert block.message == f"整改期至{campaign.year}年2月28日，验收通过后方可申报。"
    assert block.until == rectification.ends_on


def test_an_accepted_rectification_does_not_block(department_a, campaign):
    rectification_of(
        department_a, starts_on=datetime.date(campaign.year - 1, 6, 1), state="accepted"
    )

    assert application_block(department_a, campaign) is None


# --- enforced by the services, shown on the pages -------------------------------------------


def test_application_start_is_refused_with_the_block(department_a, applicant_a, campaign):
    rectification_of(department_a, starts_on=datetime.date(campaign.year - 1, 11, 30))

    with pytest.raises(DomainError) as refusal:
        application_services.application_start(campaign=campaign, unit=department_a, by=applicant_a)
    assert refusal.value.message == f"整改期至{campaign.year}年2月28日，验收通过后方可申报。"


def test_application_submit_is_refused_with_the_block(
    department_a, applicant_a, head_a, campaign, reporter
):
    application = application_services.application_start(
        campaign=campaign, unit=department_a, by=applicant_a
    )
    application_services.application_save(
        application=application,
        by=applicant_a,
        staff_count=10,
        party_member_count=3,
        materials_list="廉洁承诺书",
        statement="我科坚持把清廉建设融入医疗服务全过程。" * 40,
    )
    application_services.head_confirm(application=application, by=head_a)
    _confirmed(department_a, reporter, occurred_on=TODAY, confirmed_on=TODAY)

    with pytest.raises(DomainError) as refusal:
        application_services.application_submit(application=application, by=applicant_a)

    assert refusal.value.message == (
        f"因否决性指标（第4项）于{TODAY.year}年{TODAY.month}月{TODAY.day}日被确认，本批次不能申报。"
    )
    application.refresh_from_db()
    assert application.state == ApplicationState.DRAFT
    checklist = application_services.submission_checklist(application)
    assert ("无否决事项或未验收的整改", False, refusal.value.message) in checklist


def test_unit_home_shows_the_block_instead_of_the_start_button(
    persona_client, department_a, applicant_a, campaign
):
    rectification_of(department_a, starts_on=datetime.date(campaign.year - 1, 11, 30))

    response = persona_client("applicant_a").get(
        reverse("appraisal:unit_home", args=[campaign.pk, department_a.pk])
    )
    content = response.content.decode()

    assert response.status_code == 200
    assert f"整改期至{campaign.year}年2月28日，验收通过后方可申报。" in content
    assert "开始申报" not in content


def test_unit_home_offers_the_start_button_without_a_block(
    persona_client, department_a, applicant_a, campaign
):
    response = persona_client("applicant_a").get(
        reverse("appraisal:unit_home", args=[campaign.pk, department_a.pk])
    )

    assert "开始申报" in response.content.decode()
    assert 'id="application-block"' not in response.content.decode()


# --- end to end ------------------------------------------------------------------------------


def test_a_revoked_title_and_eligibility_restored_after_acceptance(
    party_office, party_committee, department_a, applicant_a, media_root
):
    """Last year's title is revoked for an event of last December; the department may not
    apply while it rectifies, and may once the party committee accepts."""
    head_of(department_a)
    last_year = TODAY.year - 1
    _campaign, (title,) = campaign_with_titles(party_office, [department_a], year=last_year)
    rectification = rectification_of(
        department_a,
        title=title,
        starts_on=datetime.date(last_year, 12, 15),
        occurred_on=datetime.date(last_year, 12, 1),
    )
    campaign = open_campaign(party_office)

    assert title.status == TitleStatus.REVOKED
    with pytest.raises(DomainError, match="验收通过后方可申报"):
        application_services.application_start(campaign=campaign, unit=department_a, by=applicant_a)

    rectification_services.end_due_rectifications(
        today=rectification.ends_on + datetime.timedelta(days=1)
    )
    rectification.refresh_from_db()
    with pytest.raises(DomainError, match="验收通过后方可申报"):
        application_services.application_start(campaign=campaign, unit=department_a, by=applicant_a)
    rectification_services.rectification_accept(
        rectification=rectification, by=party_committee, note="整改到位，同意验收。"
    )

    assert application_block(department_a, campaign) is None
    application = submitted_application(campaign, department_a, applicant=applicant_a)
    assert application.state == ApplicationState.SUBMITTED


def test_lookback_is_a_campaign_setting_not_copied_to_next_year(party_office):
    from appraisal.services.campaigns import campaign_copy, campaign_update
    from tests.factories import make_campaign

    campaign = make_campaign(party_office)
    campaign = campaign_update(
        campaign=campaign, by=party_office, veto_lookback_from=datetime.date(2025, 7, 1)
    )
    copy = campaign_copy(source=campaign, by=party_office)

    assert campaign.veto_lookback_from == datetime.date(2025, 7, 1)
    assert copy.veto_lookback_from is None


# --- applying again after an accepted rectification (seed 001 七.2) --------------------------


def _rectified_this_year(department, campaign, state):
    """A veto event of this campaign's year (inside its look-back window) that led to a
    rectification in ``state``."""
    return rectification_of(
        department,
        starts_on=datetime.date(campaign.year, 1, 10),
        occurred_on=datetime.date(campaign.year, 1, 2),
        state=state,
    )


def test_an_accepted_rectification_lets_the_unit_apply_again_the_same_year(
    department_a, applicant_a, campaign
):
    _rectified_this_year(department_a, campaign, "accepted")

    assert application_block(department_a, campaign) is None
    application = application_services.application_start(
        campaign=campaign, unit=department_a, by=applicant_a
    )
    assert application.unit == department_a


@pytest.mark.parametrize("state", ["active", "due"])
def test_a_rectification_not_accepted_keeps_the_same_year_event_blocking(
    department_a, applicant_a, campaign, state
):
    rectification = _rectified_this_year(department_a, campaign, state)

    with pytest.raises(DomainError) as refused:
        application_services.application_start(campaign=campaign, unit=department_a, by=applicant_a)
    assert refused.value.message == (
        f"因否决性指标（第{rectification.event.indicator_number}项）于"
        f"{campaign.year}年1月2日被确认，本批次不能申报。"
    )


def test_another_event_without_accepted_rectification_still_blocks(
    department_a, campaign, reporter
):
    _rectified_this_year(department_a, campaign, "accepted")
    _confirmed(
        department_a,
        reporter,
        occurred_on=datetime.date(campaign.year, 1, 5),
        confirmed_on=datetime.date(campaign.year, 1, 6),
    )

    block = application_block(department_a, campaign)

    assert block.message.endswith(f"于{campaign.year}年1月6日被确认，本批次不能申报。")
