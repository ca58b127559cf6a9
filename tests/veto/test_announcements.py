"""The announcement of a revocation at the mid-level cadre meeting (中层干部会议通报,
seed 001 七.2): recorded by the discipline office with its date and meeting, kept with
its history, shown on the event's page and the revocations list."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from core.errors import DomainError
from tests.factories import (
    PersonFactory,
    UserFactory,
    campaign_with_titles,
    rectification_of,
    veto_event_in_state,
)
from veto.models import RevocationAnnouncement
from veto.rules import ANNOUNCE_REVOCATION
from veto.services.announcements import revocation_announce

pytestmark = pytest.mark.django_db

MEETING = "2026年第9次中层干部会议"
TODAY = timezone.localdate()


@pytest.fixture
def rectification(department_a):
    """Department A's title revoked ten days ago; its rectification running."""
    return rectification_of(department_a, starts_on=TODAY - datetime.timedelta(days=10))


@pytest.fixture
def event(rectification):
    return rectification.event


def _announce(event, by, *, on=None, meeting=MEETING):
    return revocation_announce(event=event, announced_on=on or TODAY, meeting=meeting, by=by)


def _refusal(event, by, **kwargs):
    with pytest.raises(DomainError) as refused:
        _announce(event, by, **kwargs)
    return refused.value.message


# --- the service ----------------------------------------------------------------------------


def test_announce_records_date_meeting_recorder_and_time(event, discipline_office):
    announcement = _announce(event, discipline_office, on=TODAY - datetime.timedelta(days=2))

    assert (announcement.event, announcement.announced_on, announcement.meeting) == (
        event,
        TODAY - datetime.timedelta(days=2),
        MEETING,
    )
    assert announcement.recorded_by == discipline_office
    assert abs((timezone.now() - announcement.recorded_at).total_seconds()) < 60
    (record,) = announcement.history.all()
    assert (record.history_user, record.history_change_reason) == (discipline_office, "announce")


def test_announce_again_corrects_the_record_and_keeps_the_history(
    event, discipline_office, rectification
):
    _announce(event, discipline_office, meeting="第8次中层干部会议")
    corrected = _announce(event, discipline_office, on=rectification.starts_on)

    assert RevocationAnnouncement.objects.count() == 1
    assert (corrected.announced_on, corrected.meeting) == (rectification.starts_on, MEETING)
    assert [h.meeting for h in corrected.history.order_by("history_date")] == [
        "第8次中层干部会议",
        MEETING,
    ]


def test_announce_refused_to_other_offices(event, party_office, party_committee, applicant_a):
    for user in (party_office, party_committee, applicant_a):
        assert _refusal(event, user) == "只有纪检监察室可以记录撤销称号的通报（本科室人员须回避）。"
    assert not RevocationAnnouncement.objects.exists()


def test_announce_refused_to_the_discipline_office_of_the_unit(event, department_a):
    colleague = UserFactory(username="jijian_a", roles=[Role.DISCIPLINE_OFFICE])
    PersonFactory(user=colleague, department=department_a)
    assert "本科室人员须回避" in _refusal(event, colleague)


def test_announce_refused_for_an_event_that_revoked_nothing(department_a, discipline_office):
    event = veto_event_in_state(department_a, discipline_office, state="confirmed")
    assert (
        _refusal(event, discipline_office) == "该否决事项没有撤销称号，无需在中层干部会议上通报。"
    )


def test_announce_refused_in_the_future(event, discipline_office):
    tomorrow = TODAY + datetime.timedelta(days=1)
    assert _refusal(event, discipline_office, on=tomorrow) == (
        f"通报日期不能晚于今天（{TODAY.year}年{TODAY.month}月{TODAY.day}日）。"
    )


def test_announce_refused_before_the_revocation(event, discipline_office, rectification):
    day = rectification.starts_on
    assert _refusal(event, discipline_office, on=day - datetime.timedelta(days=1)) == (
        f"通报日期不能早于撤销称号的日期（{day.year}年{day.month}月{day.day}日）。"
    )


def test_announce_refused_without_the_meeting(event, discipline_office):
    assert _refusal(event, discipline_office, meeting="  ") == (
        "请填写通报的会议，例如：2026年第9次中层干部会议。"
    )
    assert _refusal(event, discipline_office, meeting="会" * 201) == "会议名称最多 200 个字。"


# --- the rule -------------------------------------------------------------------------------


def test_announce_permission_is_the_discipline_office_s_never_of_the_unit(
    event, discipline_office, party_office, department_a
):
    assert discipline_office.has_perm(ANNOUNCE_REVOCATION, event)
    assert not party_office.has_perm(ANNOUNCE_REVOCATION, event)
    colleague = UserFactory(username="jijian_a2", roles=[Role.DISCIPLINE_OFFICE])
    PersonFactory(user=colleague, department=department_a)
    assert not colleague.has_perm(ANNOUNCE_REVOCATION, event)


# --- the pages ------------------------------------------------------------------------------


def test_event_page_offers_the_form_today_and_records_it(event, persona_client):
    client = persona_client("discipline_office")
    url = reverse("veto:event", args=[event.pk])
    page = client.get(url).content.decode()
    assert "尚未记录在中层干部会议上的通报。" in page
    assert f'name="announced_on" value="{TODAY.isoformat()}"' in page

    response = client.post(
        reverse("veto:event_announce", args=[event.pk]),
        {"announced_on": TODAY.isoformat(), "meeting": MEETING},
        follow=True,
    )

    page = response.content.decode()
    assert "已记录中层干部会议通报。" in page
    assert f"已于{TODAY.year}年{TODAY.month}月{TODAY.day}日在{MEETING}上通报撤销称号。" in page
    assert "更正通报记录" in page


def test_event_page_shows_the_refusal_under_the_field(event, persona_client):
    response = persona_client("discipline_office").post(
        reverse("veto:event_announce", args=[event.pk]),
        {"announced_on": (TODAY + datetime.timedelta(days=1)).isoformat(), "meeting": MEETING},
    )
    assert response.status_code == 200
    assert "通报日期不能晚于今天" in response.content.decode()
    assert not RevocationAnnouncement.objects.exists()


def test_event_page_shows_the_announcement_to_the_department_without_the_form(
    event, discipline_office, persona_client
):
    _announce(event, discipline_office)
    page = persona_client("applicant_a").get(reverse("veto:event", args=[event.pk]))
    page = page.content.decode()
    assert f"在{MEETING}上通报撤销称号" in page
    assert reverse("veto:event_announce", args=[event.pk]) not in page


def test_event_page_lists_corrections(event, discipline_office, persona_client):
    _announce(event, discipline_office, meeting="第8次中层干部会议")
    _announce(event, discipline_office)
    page = persona_client("party_office").get(reverse("veto:event", args=[event.pk]))
    page = page.content.decode()
    assert "修改记录" in page
    assert "第8次中层干部会议" in page


def test_revocations_list_shows_the_announcement(
    party_office, department_a, department_b, discipline_office, persona_client
):
    _campaign, (title_a, title_b) = campaign_with_titles(
        party_office, [department_a, department_b], year=TODAY.year - 1
    )
    announced = rectification_of(
        department_a, title=title_a, starts_on=TODAY, reporter=discipline_office
    )
    rectification_of(department_b, title=title_b, starts_on=TODAY, reporter=discipline_office)
    _announce(announced.event, discipline_office)
    page = persona_client("party_office").get(reverse("veto:revocations")).content.decode()
    assert f"{TODAY.year}年{TODAY.month}月{TODAY.day}日 · {MEETING}</a>" in page
    assert "未记录</a>" in page
