"""Opening the publicity: the period from the statutory calendar, and who may open it."""

import datetime

import pytest
from django.core.cache import cache

from appraisal.enums import CampaignState
from appraisal.models import Campaign, CampaignEvent
from core.errors import DomainError, StaleStateError
from documents.enums import DocumentKind
from documents.models import OfficialDocument
from notifications.models import Notification
from publicity.enums import PublicityState
from publicity.models import Publicity, PublicityEvent
from publicity.services.board import BOARD_CACHE_KEY
from publicity.services.publicities import publicity_open
from tests.publicity.conftest import at

D = datetime.date

pytestmark = pytest.mark.usefixtures("statutory_calendar")


def _open(decided, by, starts_on, **kwargs):
    kwargs.setdefault("now", at(2026, 9, 1, 9))
    return publicity_open(campaign=decided, by=by, starts_on=starts_on, **kwargs)


def test_open_friday_runs_over_the_adjusted_sunday(decided, party_office):
    """The deadline rule's own example: posted Friday 2026-09-18 for 5 working days, it ends at 24:00 2026-09-23."""
    publicity = _open(decided, party_office, D(2026, 9, 18))
    assert publicity.starts_on == D(2026, 9, 18)
    assert publicity.last_day == D(2026, 9, 23)
    assert publicity.ends_at == at(2026, 9, 24, 0, 0)
    assert publicity.working_days == 5
    assert publicity.state == PublicityState.OPEN


def test_open_across_the_national_day_holiday(decided, party_office):
    """Thu 24 Sep, (Fri 25 Mid-autumn, weekend), Mon 28, Tue 29, Wed 30, (1–7 Oct), Thu 8 Oct."""
    publicity = _open(decided, party_office, D(2026, 9, 24))
    assert publicity.last_day == D(2026, 10, 8)
    assert publicity.ends_at == at(2026, 10, 9, 0, 0)


def test_open_on_a_holiday_counts_from_the_next_working_day(decided, party_office):
    """Saturday 3 Oct is in the holiday: Thu 8, Fri 9 and the adjusted Saturday 10 Oct."""
    Campaign.objects.filter(pk=decided.pk).update(publicity_working_days=3)
    decided.refresh_from_db()
    publicity = _open(decided, party_office, D(2026, 10, 3))
    assert publicity.last_day == D(2026, 10, 10)
    assert publicity.ends_at == at(2026, 10, 11, 0, 0)
    assert publicity.working_days == 3


def test_open_reaching_an_unconfirmed_year_is_refused_with_the_calendars_message(
    decided, party_office
):
    with pytest.raises(DomainError) as refused:
        _open(decided, party_office, D(2026, 12, 29))
    assert str(refused.value).startswith("2027 年的法定节假日和调休安排尚未录入或尚未确认")
    assert "/calendar/2027/" in str(refused.value)
    decided.refresh_from_db()
    assert decided.state == CampaignState.DECIDED
    assert not Publicity.objects.exists()


def test_open_before_today_is_refused(decided, party_office):
    with pytest.raises(DomainError, match="公示开始日期不能早于今天（2026年9月18日）"):
        _open(decided, party_office, D(2026, 9, 17), now=at(2026, 9, 18, 8))


def test_open_today_is_allowed(decided, party_office):
    publicity = _open(decided, party_office, D(2026, 9, 18), now=at(2026, 9, 18, 23, 30))
    assert publicity.starts_on == D(2026, 9, 18)


def test_open_moves_the_campaign_and_records_it(decided, party_office):
    publicity = _open(decided, party_office, D(2026, 9, 18))
    decided.refresh_from_db()
    assert decided.state == CampaignState.PUBLICITY
    event = CampaignEvent.objects.get(subject=decided, transition="start_publicity")
    assert (event.actor, event.from_state, event.to_state) == (
        party_office,
        CampaignState.DECIDED,
        CampaignState.PUBLICITY,
    )
    opened = PublicityEvent.objects.get(subject=publicity)
    assert (opened.transition, opened.actor, opened.to_state) == ("open", party_office, "open")
    assert publicity.opened_by == party_office
    assert publicity.document_number == f"院党〔{decided.year}〕1号"


def test_open_requests_the_publicity_notice(decided, party_office):
    publicity = _open(decided, party_office, D(2026, 9, 18))
    document = OfficialDocument.objects.get(kind=DocumentKind.PUBLICITY)
    assert (document.key, document.kind, document.campaign) == (
        f"publicity:{publicity.pk}",
        DocumentKind.PUBLICITY,
        decided,
    )


def test_open_contact_defaults_to_the_setting_read_at_call_time(decided, party_office, settings):
    settings.PUBLICITY_CONTACT = "纪委办公室，电话 6666"
    publicity = _open(decided, party_office, D(2026, 9, 18))
    assert publicity.contact == "纪委办公室，电话 6666"


def test_open_keeps_the_contact_given(decided, party_office):
    publicity = _open(decided, party_office, D(2026, 9, 18), contact=" 纪检监察室，电话 8888 ")
    assert publicity.contact == "纪检监察室，电话 8888"


def test_open_notifies_the_listed_units_and_the_offices(
    decided, party_office, applicant_a, applicant_b, discipline_office, staff
):
    _open(decided, party_office, D(2026, 9, 18))
    subject = f"“{decided.title}”拟表扬名单开始公示：2026年9月18日至2026年9月23日"
    notified = set(
        Notification.objects.filter(subject=subject).values_list("recipient__username", flat=True)
    )
    # applicant_a01 and applicant_b01 applied for the units in the factory.
    assert notified == {
        "applicant_a",
        "applicant_a01",
        "applicant_b",
        "applicant_b01",
        "party_office",
        "discipline_office",
    }
    body = Notification.objects.get(recipient=applicant_a, subject=subject).body
    assert body == "公示名单：心内科、骨科。对公示名单有异议的，请在公示期内向纪检监察室反映。"


def test_open_clears_the_board_cache_on_commit(
    decided, party_office, django_capture_on_commit_callbacks
):
    cache.set(BOARD_CACHE_KEY, {"current": [], "archive": []})
    with django_capture_on_commit_callbacks(execute=True):
        _open(decided, party_office, D(2026, 9, 18))
    assert cache.get(BOARD_CACHE_KEY) is None


@pytest.mark.parametrize("state", [CampaignState.DECIDING, CampaignState.PUBLICITY])
def test_open_refused_unless_the_list_is_fixed(decided, party_office, state):
    Campaign.objects.filter(pk=decided.pk).update(state=state)
    decided.refresh_from_db()
    label = CampaignState(state).label
    with pytest.raises(DomainError) as refused:
        _open(decided, party_office, D(2026, 9, 18))
    assert str(refused.value) == (
        f"评选批次当前状态为“{label}”，只有名单已审定的批次才能发布公示。"
    )


def test_open_twice_is_refused(decided, party_office):
    stale = Campaign.objects.get(pk=decided.pk)
    _open(decided, party_office, D(2026, 9, 18))
    with pytest.raises(StaleStateError):
        _open(stale, party_office, D(2026, 9, 21))
    assert Publicity.objects.count() == 1


@pytest.mark.parametrize(
    "persona", ["staff", "applicant_a", "leading_group", "party_committee", "discipline_office"]
)
def test_open_refused_without_the_permission(request, decided, persona):
    user = request.getfixturevalue(persona)
    with pytest.raises(DomainError, match="只有党办可以发布公示。"):
        _open(decided, user, D(2026, 9, 18))
    assert not Publicity.objects.exists()
