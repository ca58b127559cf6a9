"""The demo clock (DEBUG only): a newcomer moves the product's time forward so the
sweeps close a publicity at its deadline and end a rectification, and the demo can be
played to its end in the browser. With DEBUG off it does not exist at all."""

import datetime
import importlib

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import NoReverseMatch, clear_url_caches, reverse
from django.utils import timezone

import qinglian.urls
from appraisal.enums import CampaignState
from core import demo_clock
from core.errors import DomainError
from home.demo_clock import demo_clock_advance, waiting_on_the_clock
from publicity.enums import PublicityState
from publicity.models import PublicityEvent
from publicity.services.confirmation import campaign_confirm
from publicity.services.publicities import publicity_open
from tests.factories import decided_campaign, rectification_of
from veto.enums import RectificationState
from veto.models import RectificationEvent

pytestmark = pytest.mark.usefixtures("statutory_calendar")

SH = timezone.get_fixed_timezone(8 * 60)
# The real clock in these tests: Friday 2026-09-18, 10:00 in Shanghai.
REAL = datetime.datetime(2026, 9, 18, 10, tzinfo=SH)


def _reload_urls():
    importlib.reload(qinglian.urls)
    clear_url_caches()


@pytest.fixture
def real_clock(monkeypatch):
    """The real time, fixed: what the demo clock adds its days to."""
    monkeypatch.setattr(demo_clock, "REAL_NOW", lambda: REAL)
    monkeypatch.setattr(timezone, "now", lambda: REAL)


@pytest.fixture
def debug_on(settings, tmp_path, real_clock):
    """A site started with DEBUG on: the demo clock installed, its URLs registered."""
    settings.DEBUG = True
    settings.VAR_DIR = tmp_path
    demo_clock._read["at"] = None
    demo_clock.install()
    _reload_urls()
    yield
    demo_clock.uninstall()
    settings.DEBUG = False
    demo_clock._read["at"] = None
    _reload_urls()


@pytest.fixture
def decided(party_office, department_a, department_b, applicant_a, applicant_b, head_a):
    campaign, _applications = decided_campaign(party_office, [department_a, department_b])
    return campaign


@pytest.fixture
def publicity(decided, party_office, discipline_office):
    """Opened on Friday 2026-09-18 for 5 working days: it ends at 24:00 on 2026-09-23."""
    return publicity_open(campaign=decided, by=party_office, starts_on=datetime.date(2026, 9, 18))


# --- DEBUG off: nothing of it exists ------------------------------------------------------


def test_no_url_with_debug_off(persona_client, party_office):
    with pytest.raises(NoReverseMatch):
        reverse("demo_clock")
    with pytest.raises(NoReverseMatch):
        reverse("demo_clock_move")
    client = persona_client("party_office")
    assert client.get("/demo/clock/").status_code == 404
    assert client.post("/demo/clock/move/", {"to": "2027-01-01"}).status_code == 404


def test_no_link_in_the_pages_with_debug_off(persona_client, party_office):
    page = persona_client("party_office").get(reverse("home")).content.decode()
    assert "demo-clock-link" not in page
    assert "演示时钟" not in page


def test_clock_not_installed_with_debug_off(settings):
    settings.DEBUG = False
    demo_clock.install()
    assert timezone.now is demo_clock.REAL_NOW
    assert not demo_clock.installed()


def test_command_refuses_with_debug_off(db):
    with pytest.raises(CommandError, match="演示时钟只在开发调试模式（DEBUG 开启）下可用。"):
        call_command("demo_clock", "--next")


def test_service_refuses_with_debug_off(db):
    with pytest.raises(DomainError) as refusal:
        demo_clock_advance(to=datetime.date(2027, 1, 1))
    assert refusal.value.message == "演示时钟只在开发调试模式（DEBUG 开启）下可用。"


# --- DEBUG on: the page --------------------------------------------------------------------


def test_footer_links_the_demo_clock_with_debug_on(debug_on, persona_client, party_office):
    page = persona_client("party_office").get(reverse("home")).content.decode()
    assert f'<a href="{reverse("demo_clock")}" id="demo-clock-link">演示时钟</a>' in page


def test_page_lists_what_waits_and_proposes_the_first_due_day(
    debug_on, persona_client, publicity, department_a
):
    rectification_of(department_a, starts_on=datetime.date(2026, 9, 1), months=3)
    page = persona_client("party_office").get(reverse("demo_clock")).content.decode()
    assert "系统的今天：2026年9月18日。" in page
    rows = page[page.index('id="demo-clock-waiting"') :]
    assert rows.index("公示截止") < rows.index("整改期满")
    assert "2026年9月24日" in rows  # the publicity: past due from the day after 9-23
    assert 'value="2026-09-24"' in page


def test_page_is_for_those_signed_in(debug_on, client):
    response = client.get(reverse("demo_clock"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_moving_backwards_is_refused_on_the_form(debug_on, persona_client, party_office):
    response = persona_client("party_office").post(reverse("demo_clock_move"), {"to": "2026-09-18"})
    assert response.status_code == 200
    assert (
        "演示时钟只能向后拨：请选择今天（2026年9月18日）之后的日期。" in response.content.decode()
    )
    assert demo_clock.offset_days() == 0


# --- DEBUG on: end to end ------------------------------------------------------------------


def test_publicity_past_its_deadline_closes_once_the_clock_is_moved(
    debug_on, persona_client, publicity, party_committee
):
    client = persona_client("party_office")
    response = client.post(reverse("demo_clock_move"), {"to": "2026-09-24"}, follow=True)
    page = response.content.decode()
    assert (
        "演示时钟已前进 6 天，今天是2026年9月24日：截止申报 0 个批次，结束公示 1 个，整改期满 0 项。"
        in page
    )
    assert "系统的今天：2026年9月24日。" in page
    publicity.refresh_from_db()
    assert publicity.state == PublicityState.CLOSED
    assert PublicityEvent.objects.filter(subject=publicity, transition="close").exists()

    # The rest of the product sees the same day: the committee confirms on it.
    campaign = campaign_confirm(
        campaign=publicity.campaign,
        by=party_committee,
        confirmed_on=datetime.date(2026, 9, 24),
        reference="院党委会2026年第12次会议",
    )
    assert campaign.state == CampaignState.CLOSED


def test_publicity_stays_open_when_the_clock_stops_before_its_deadline(
    debug_on, persona_client, publicity
):
    persona_client("party_office").post(reverse("demo_clock_move"), {"to": "2026-09-23"})
    publicity.refresh_from_db()
    assert publicity.state == PublicityState.OPEN


def test_rectification_ends_once_the_clock_passes_its_last_day(
    debug_on, persona_client, department_a, party_office
):
    rectification = rectification_of(department_a, starts_on=datetime.date(2026, 9, 1), months=3)
    assert rectification.ends_on == datetime.date(2026, 12, 1)
    client = persona_client("party_office")
    client.post(reverse("demo_clock_move"), {"to": "2026-12-01"})
    rectification.refresh_from_db()
    assert rectification.state == RectificationState.ACTIVE  # its last day has not passed
    client.post(reverse("demo_clock_move"), {"to": "2026-12-02"})
    rectification.refresh_from_db()
    assert rectification.state == RectificationState.DUE
    assert RectificationEvent.objects.get(subject=rectification, transition="end").actor is None


def test_another_process_reads_the_moved_clock(debug_on, party_office):
    """The worker's beat sweeps read the same offset file: it is the clock, not this process."""
    demo_clock_advance(to=datetime.date(2026, 9, 20))
    demo_clock._read["at"] = None  # as a process that has never read it
    assert timezone.localdate() == datetime.date(2026, 9, 20)


# --- the command -----------------------------------------------------------------------------


def test_command_lists_then_moves_to_the_next_due_day(debug_on, publicity, capsys):
    call_command("demo_clock")
    listing = capsys.readouterr().out
    assert "系统的今天：2026-09-18。" in listing
    assert "2026-09-24  公示截止  " in listing
    call_command("demo_clock", "--next")
    assert "结束公示 1 个" in capsys.readouterr().out
    publicity.refresh_from_db()
    assert publicity.state == PublicityState.CLOSED
    assert waiting_on_the_clock() == []


def test_command_reset_goes_back_to_the_real_clock(debug_on, db, capsys):
    call_command("demo_clock", "--to", "2026-10-01")
    assert timezone.localdate() == datetime.date(2026, 10, 1)
    call_command("demo_clock", "--reset")
    assert timezone.localdate() == datetime.date(2026, 9, 18)


def test_command_refuses_a_day_in_the_past(debug_on, db):
    with pytest.raises(CommandError, match="演示时钟只能向后拨"):
        call_command("demo_clock", "--to", "2026-09-01")


def test_a_new_browser_sees_the_moved_day(debug_on, party_office):
    demo_clock_advance(to=datetime.date(2026, 9, 21))
    browser = Client()
    browser.force_login(party_office)
    assert "系统的今天：2026年9月21日。" in browser.get(reverse("demo_clock")).content.decode()
