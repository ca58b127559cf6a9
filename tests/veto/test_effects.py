"""What a confirmed veto event does: disqualification in a running campaign (also
during publicity), revocation of titles and a rectification of 3–6 months."""

import datetime

import pytest
from django.core.cache import cache

from appraisal.enums import ApplicationState, TitleStatus
from appraisal.models import ApplicationEvent, TitleEvent
from core.errors import DomainError
from documents.enums import DocumentKind
from documents.models import OfficialDocument
from notifications.models import Notification
from publicity.services.board import BOARD_CACHE_KEY
from publicity.services.objections import listed_applications
from tests.factories import (
    UserFactory,
    campaign_with_titles,
    close_applications,
    deciding_campaign,
    listed_publicity,
    make_reviewer,
    open_campaign,
    submitted_application,
    veto_event_in_state,
)
from veto.enums import RectificationState, VetoEventState
from veto.models import Rectification
from veto.selectors import veto_reasons_for
from veto.services.events import veto_event_confirm
from veto.services.rectifications import rectification_last_day

pytestmark = pytest.mark.django_db


def subjects(user):
    return list(Notification.objects.filter(recipient=user).values_list("subject", flat=True))


@pytest.fixture
def enqueued(monkeypatch):
    """The documents whose render was enqueued after commit (no real render in these tests)."""
    calls = []
    monkeypatch.setattr("documents.services._enqueue_render", lambda pk, revision: calls.append(pk))
    return calls


def verified(unit, reporter):
    return veto_event_in_state(unit, reporter, state="verified")


# --- the month arithmetic -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("starts_on", "months", "ends_on"),
    [
        (datetime.date(2026, 11, 30), 3, datetime.date(2027, 2, 28)),
        (datetime.date(2026, 8, 31), 6, datetime.date(2027, 2, 28)),
        (datetime.date(2026, 1, 15), 3, datetime.date(2026, 4, 15)),
        (datetime.date(2026, 5, 31), 3, datetime.date(2026, 8, 31)),
        (datetime.date(2027, 11, 30), 3, datetime.date(2028, 2, 29)),
        (datetime.date(2026, 10, 1), 4, datetime.date(2027, 2, 1)),
        (datetime.date(2026, 7, 1), 6, datetime.date(2027, 1, 1)),
    ],
)
def test_rectification_ends_on_the_corresponding_day_months_later(starts_on, months, ends_on):
    """Civil Code art. 201–202: the notice's day does not count; the period ends on the
    corresponding day of the last month, or that month's last day when it has none."""
    assert rectification_last_day(starts_on, months) == ends_on


# --- (a) disqualification -----------------------------------------------------------------


def test_confirmed_event_disqualifies_the_running_application_with_its_event(
    party_office, party_committee, discipline_office, department_a, department_b, head_a
):
    _campaign, (a, b) = deciding_campaign(party_office, [department_a, department_b])
    event = verified(department_a, discipline_office)
    veto_event_confirm(event=event, by=party_committee, reason="院党委会研究确认")
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.state == ApplicationState.DISQUALIFIED
    assert b.state == ApplicationState.RECOMMENDED
    record = ApplicationEvent.objects.get(subject=a, transition="disqualify")
    assert record.actor == party_committee
    assert (record.from_state, record.to_state) == ("recommended", "disqualified")
    assert record.reason == (
        f"因否决性指标取消资格：第4项否决性指标“{event.indicator_text}”"
        f"（否决事项 {event.pk}，院党委已确认）"
    )
    assert discipline_office.name not in record.reason


def test_confirmed_event_leaves_closed_and_draft_campaigns_alone(
    party_office, party_committee, discipline_office, department_a, enqueued
):
    from tests.factories import make_campaign

    closed, _titles = campaign_with_titles(party_office, [department_a])
    make_campaign(party_office, title="草稿批次")
    event = verified(department_a, discipline_office)
    veto_event_confirm(event=event, by=party_committee, reason="确认", rectification_months=3)
    application = closed.applications.get()
    assert application.state == ApplicationState.COMMENDED


def test_disqualification_notifies_the_offices_reviewers_and_applicants(
    party_office,
    party_committee,
    discipline_office,
    leading_group,
    department_a,
    applicant_a,
    head_a,
):
    from appraisal.services.assignment import pool_add, review_assign

    campaign = open_campaign(party_office)
    application = submitted_application(campaign, department_a, applicant=applicant_a)
    close_applications(campaign)
    reviewer = make_reviewer(department_a.__class__.objects.create(code="R01", name="病理科"), "r1")
    pool_add(campaign=campaign, reviewer=reviewer, by=party_office)
    review_assign(application=application, reviewer=reviewer, by=party_office)
    Notification.objects.all().delete()
    veto_event_confirm(
        event=verified(department_a, discipline_office), by=party_committee, reason="确认"
    )
    expected = [f"“心内科”因否决性指标取消{campaign.title}资格"]
    assert subjects(party_office) == expected
    assert subjects(reviewer) == expected
    assert subjects(applicant_a) == expected
    assert subjects(leading_group) == []  # the list has not reached it yet


def test_disqualification_tells_the_leading_group_once_it_has_the_list(
    party_office, party_committee, discipline_office, leading_group, department_a, head_a
):
    campaign, _ = deciding_campaign(party_office, [department_a])
    veto_event_confirm(
        event=verified(department_a, discipline_office), by=party_committee, reason="确认"
    )
    assert subjects(leading_group) == [f"“心内科”因否决性指标取消{campaign.title}资格"]


def test_decision_page_shows_why_to_the_leading_group(
    party_office,
    party_committee,
    discipline_office,
    department_a,
    department_b,
    head_a,
    persona_client,
):
    from django.urls import reverse

    campaign, (a, b) = deciding_campaign(party_office, [department_a, department_b])
    veto_event_confirm(
        event=verified(department_a, discipline_office), by=party_committee, reason="确认"
    )
    pending = verified(department_b, discipline_office)
    veto_event_in_state(department_b, discipline_office)  # reported only: never shown
    response = persona_client("leading_group").get(
        reverse("appraisal:decision", args=[campaign.pk])
    )
    content = response.content.decode()
    assert "因否决性指标取消资格" in content
    assert content.count("已确认</span>") == 1
    assert content.count("待党委确认</span>") == 1
    reasons = veto_reasons_for([a, b])
    assert [r.state for r in reasons[a.pk]] == [VetoEventState.CONFIRMED]
    assert [(r.event_pk, r.state) for r in reasons[b.pk]] == [(pending.pk, VetoEventState.VERIFIED)]


def test_application_page_shows_why_it_was_disqualified(
    party_office,
    party_committee,
    discipline_office,
    department_a,
    applicant_a,
    head_a,
    persona_client,
):
    from django.urls import reverse

    _campaign, (a,) = deciding_campaign(party_office, [department_a])
    veto_event_confirm(
        event=verified(department_a, discipline_office), by=party_committee, reason="确认"
    )
    response = persona_client("party_office").get(reverse("appraisal:application", args=[a.pk]))
    content = response.content.decode()
    assert 'id="veto-disqualified"' in content
    assert "第4项否决性指标：违反中央八项规定精神" in content


# --- during publicity ---------------------------------------------------------------------


def test_event_confirmed_during_publicity_takes_the_department_off_the_list(
    party_office,
    party_committee,
    discipline_office,
    department_a,
    department_b,
    head_a,
    django_capture_on_commit_callbacks,
    enqueued,
):
    publicity, (_a, b) = listed_publicity(party_office, [department_a, department_b])
    cache.set(BOARD_CACHE_KEY, "old board")
    with django_capture_on_commit_callbacks(execute=True):
        veto_event_confirm(
            event=verified(department_a, discipline_office), by=party_committee, reason="确认"
        )
    assert list(listed_applications(publicity)) == [b]
    assert cache.get(BOARD_CACHE_KEY) is None
    notice = OfficialDocument.objects.get(kind=DocumentKind.PUBLICITY)
    assert notice.campaign == publicity.campaign
    assert enqueued == [notice.pk]
    assert subjects(party_office)[0] == "“心内科”因否决性指标取消资格，已撤出公示名单"


# --- (b) titles and rectification ---------------------------------------------------------


def test_confirmed_event_revokes_the_title_and_starts_a_rectification(
    party_office,
    party_committee,
    discipline_office,
    department_a,
    head_a,
    applicant_a,
    enqueued,
    django_capture_on_commit_callbacks,
):
    _campaign, (title,) = campaign_with_titles(party_office, [department_a])
    event = verified(department_a, discipline_office)
    with django_capture_on_commit_callbacks(execute=True):
        veto_event_confirm(
            event=event,
            by=party_committee,
            reason="院党委会2026年第20次会议决定",
            rectification_months=3,
            today=datetime.date(2026, 11, 30),
        )
    title.refresh_from_db()
    assert title.status == TitleStatus.REVOKED
    assert title.revoked_on == datetime.date(2026, 11, 30)
    assert title.revocation_reason.startswith("第4项否决性指标“违反中央八项规定精神")
    assert title.revocation_reason.endswith("：院党委会2026年第20次会议决定")
    record = TitleEvent.objects.get(subject=title, transition="revoke")
    assert (record.actor, record.from_state, record.to_state) == (
        party_committee,
        "held",
        "revoked",
    )
    rectification = Rectification.objects.get()
    assert (rectification.event, rectification.unit, rectification.title) == (
        event,
        department_a,
        title,
    )
    assert rectification.months == 3
    assert rectification.starts_on == datetime.date(2026, 11, 30)
    assert rectification.ends_on == datetime.date(2027, 2, 28)
    # The discipline commission's own sequence, not the party committee's.
    assert rectification.notice_number == "院纪〔2026〕1号"
    assert rectification.state == RectificationState.ACTIVE
    start = rectification.events.get()
    assert (start.transition, start.to_state, start.actor) == ("start", "active", party_committee)
    notice = OfficialDocument.objects.get(kind=DocumentKind.RECTIFICATION)
    assert notice.rectification == rectification
    assert enqueued == [notice.pk]
    expected = "“心内科”的清廉科室称号已撤销，整改 3 个月"
    assert subjects(head_a)[0] == expected
    assert subjects(applicant_a)[0] == expected
    assert expected in subjects(party_office)
    assert expected in subjects(discipline_office)


def test_rectification_of_six_months_from_the_end_of_august(
    party_office, party_committee, discipline_office, department_a, enqueued
):
    campaign_with_titles(party_office, [department_a])
    veto_event_confirm(
        event=verified(department_a, discipline_office),
        by=party_committee,
        reason="确认",
        rectification_months=6,
        today=datetime.date(2026, 8, 31),
    )
    assert Rectification.objects.get().ends_on == datetime.date(2027, 2, 28)


@pytest.mark.parametrize("months", [None, 2, 7, "x"])
def test_months_outside_three_to_six_refused_when_a_title_is_held(
    party_office, party_committee, discipline_office, department_a, months
):
    _campaign, (title,) = campaign_with_titles(party_office, [department_a])
    event = verified(department_a, discipline_office)
    with pytest.raises(DomainError, match="须选择 3 至 6 个月的整改期"):
        veto_event_confirm(
            event=event, by=party_committee, reason="确认", rectification_months=months
        )
    event.refresh_from_db()
    title.refresh_from_db()
    assert event.state == VetoEventState.VERIFIED
    assert title.status == TitleStatus.HELD
    assert Rectification.objects.count() == 0


def test_months_ignored_without_a_title(party_committee, discipline_office, department_a):
    veto_event_confirm(
        event=verified(department_a, discipline_office),
        by=party_committee,
        reason="确认",
        rectification_months=9,
    )
    assert Rectification.objects.count() == 0


def test_nothing_changes_when_the_confirmation_rolls_back(
    party_office, party_committee, discipline_office, department_a, head_a, monkeypatch
):
    _campaign, (a,) = deciding_campaign(party_office, [department_a])

    def broken(**kwargs):
        raise RuntimeError("the title step failed")

    monkeypatch.setattr("veto.services.effects.revoke_titles", broken)
    event = verified(department_a, discipline_office)
    with pytest.raises(RuntimeError):
        veto_event_confirm(event=event, by=party_committee, reason="确认")
    a.refresh_from_db()
    event.refresh_from_db()
    assert (a.state, event.state) == (ApplicationState.RECOMMENDED, VetoEventState.VERIFIED)
    assert not UserFactory._meta.model.objects.filter(username="nobody").exists()
