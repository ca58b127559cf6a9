"""The board, a publicity's page and the party office's opening form."""

import datetime

import pytest
from django.urls import reverse

from appraisal.enums import CampaignState
from publicity.enums import PublicityState
from publicity.models import Objection, Publicity
from publicity.services.publicities import close_due_publicities, publicity_open
from publicity.views.board import time_left
from tests.factories import DepartmentFactory, archived_publicity
from tests.publicity.conftest import at

pytestmark = pytest.mark.usefixtures("statutory_calendar")

BOARD = reverse("publicity:board")
PERIOD = "公示期：2026年9月18日至2026年9月23日"


@pytest.fixture
def publicity(decided, party_office, clock):
    """Opened for Friday 2026-09-18; the clock stands at Monday 2026-09-21 10:00."""
    clock(at(2026, 9, 21, 10, 0))
    return publicity_open(
        campaign=decided,
        by=party_office,
        starts_on=datetime.date(2026, 9, 18),
        contact="纪检监察室，电话 8888",
        now=at(2026, 9, 17, 9),
    )


def _page(client, url=BOARD):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


# --- the board -------------------------------------------------------------------------


def test_board_shows_the_period_the_departments_and_the_contact(publicity, persona_client):
    page = _page(persona_client("staff"))
    assert PERIOD in page
    assert "“2026年度清廉科室评选”拟表扬名单公示" in page
    assert '<ol class="publicity-units">\n      <li>心内科</li><li>骨科</li>\n    </ol>' in page
    assert "对公示名单有异议的，请于公示期内向纪检监察室，电话 8888反映。" in page
    assert "剩余 2 天 14 小时" in page
    assert "公示中" in page


def test_board_lists_departments_in_unit_code_order(party_office, clock, persona_client):
    clock(at(2026, 9, 21, 10, 0))
    units = [
        DepartmentFactory(code=code, name=name) for code, name in [("Z9", "眼科"), ("C3", "儿科")]
    ]
    from tests.factories import decided_campaign

    campaign, _applications = decided_campaign(party_office, units)
    publicity_open(
        campaign=campaign,
        by=party_office,
        starts_on=datetime.date(2026, 9, 18),
        now=at(2026, 9, 17),
    )
    page = _page(persona_client("staff"))
    assert page.index("儿科") < page.index("眼科")


def test_board_offers_the_objection_form_while_open(publicity, persona_client):
    page = _page(persona_client("staff"))
    assert f'href="/publicity/{publicity.pk}/objections/new/">提出异议</a>' in page


def test_board_after_the_deadline_says_it_has_ended(publicity, persona_client, clock):
    clock(at(2026, 9, 24, 0, 1))
    page = _page(persona_client("staff"))
    assert "已截止" in page
    assert "请于公示期内向" not in page


def test_board_shows_closed_pending_as_current(publicity, persona_client, staff, clock):
    Objection.objects.create(
        publicity=publicity,
        application=publicity.campaign.applications.first(),
        objector=staff,
        receipt_number="YY20260001",
        content="内容",
    )
    close_due_publicities(now=at(2026, 9, 24, 0, 0))
    clock(at(2026, 9, 24, 0, 1))
    page = _page(persona_client("staff"))
    assert "公示期满，异议待处理" in page
    assert "公示期已满，尚有异议正在核实办理，办结后公示结束。" in page
    assert PERIOD in page
    assert "暂无往期公示。" in page


def test_board_requires_login_by_default(publicity, client, settings):
    settings.PUBLICITY_BOARD_PUBLIC = False
    response = client.get(BOARD)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={BOARD}"


def test_board_is_readable_without_login_when_public(publicity, client, settings):
    settings.PUBLICITY_BOARD_PUBLIC = True
    assert PERIOD in _page(client)


def test_board_without_any_publicity(db, persona_client):
    page = _page(persona_client("staff"))
    assert "目前没有正在进行的公示。" in page
    assert "暂无往期公示。" in page


def test_board_archive_shows_the_final_list_and_outcome(
    party_office, department_a, department_b, persona_client
):
    past = archived_publicity(party_office, [department_a, department_b], removed=[department_b])
    page = _page(persona_client("staff"))
    assert f'<a class="fw-semibold" href="/publicity/{past.pk}/">2026年度清廉科室评选</a>' in page
    assert "最终名单：心内科</div>" in page
    assert "经核实撤出名单：骨科</div>" in page
    assert "目前没有正在进行的公示。" in page


def test_board_archive_without_removals_says_the_list_did_not_change(
    party_office, department_a, persona_client
):
    archived_publicity(party_office, [department_a])
    assert "公示结束，名单无变化。" in _page(persona_client("staff"))


def test_board_never_shows_an_objection(publicity, persona_client, staff):
    Objection.objects.create(
        publicity=publicity,
        application=publicity.campaign.applications.first(),
        objector=staff,
        receipt_number="YY20260001",
        content="该科室存在收受红包的情况。",
    )
    page = _page(persona_client("applicant_a"))
    assert "收受红包" not in page
    assert staff.name not in page
    assert "YY20260001" not in page


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (2 * 86400 + 5 * 3600 + 59, "剩余 2 天 5 小时"),
        (5 * 3600 + 30 * 60, "剩余 5 小时 30 分钟"),
        (30, "剩余 1 分钟"),
        (0, "已截止"),
        (-3600, "已截止"),
    ],
)
def test_time_left_as_a_person_reads_it(seconds, text):
    now = at(2026, 9, 21, 10)
    assert time_left(now + datetime.timedelta(seconds=seconds), now) == text


# --- a publicity's page ------------------------------------------------------------------


def test_detail_shows_a_current_publicity(publicity, persona_client):
    page = _page(persona_client("staff"), reverse("publicity:detail", args=[publicity.pk]))
    assert PERIOD in page
    assert "<li>心内科</li><li>骨科</li>" in page
    assert "开始公示" in page


def test_detail_shows_an_archived_publicity(
    party_office, department_a, department_b, persona_client
):
    past = archived_publicity(party_office, [department_a, department_b], removed=[department_a])
    page = _page(persona_client("staff"), reverse("publicity:detail", args=[past.pk]))
    assert "公示结束" in page
    assert "<li>骨科</li>" in page
    assert "<del>心内科</del>" in page
    assert "公示结束，经核实撤出名单的科室不再列入表扬名单。" in page


def test_detail_of_an_unknown_publicity_is_404(db, persona_client):
    assert persona_client("staff").get(reverse("publicity:detail", args=[999])).status_code == 404


def test_detail_requires_login_unless_public(publicity, client, settings):
    url = reverse("publicity:detail", args=[publicity.pk])
    settings.PUBLICITY_BOARD_PUBLIC = False
    assert client.get(url).status_code == 302
    settings.PUBLICITY_BOARD_PUBLIC = True
    assert client.get(url).status_code == 200


# --- opening ---------------------------------------------------------------------------------


def _open_url(campaign):
    return reverse("publicity:open", args=[campaign.pk])


def test_open_form_defaults_to_the_next_working_day(decided, persona_client, clock):
    """Saturday 2026-09-19: the next working day is the adjusted Sunday 2026-09-20."""
    clock(at(2026, 9, 19, 10))
    page = _page(persona_client("party_office"), _open_url(decided))
    assert 'value="2026-09-20"' in page
    assert "公示期：2026年9月20日至2026年9月24日（5 个工作日，截止当日 24:00）" in page
    assert 'value="纪检监察室"' in page


def test_open_form_defaults_to_today_on_a_working_day(decided, persona_client, clock):
    clock(at(2026, 9, 18, 10))
    page = _page(persona_client("party_office"), _open_url(decided))
    assert 'value="2026-09-18"' in page
    assert "公示期：2026年9月18日至2026年9月23日（5 个工作日，截止当日 24:00）" in page


def test_open_form_proposes_today_by_the_shanghai_calendar(decided, persona_client, clock):
    """Friday 01:30 in Shanghai is still Thursday in UTC: today is Friday, a working day."""
    moment = clock(at(2026, 9, 18, 1, 30))
    assert moment.astimezone(datetime.UTC).date() == datetime.date(2026, 9, 17)
    page = _page(persona_client("party_office"), _open_url(decided))
    assert 'value="2026-09-18"' in page


def test_open_form_proposes_today_on_an_adjusted_working_sunday(decided, persona_client, clock):
    """Sunday 2026-09-20 is a working day by the State Council's adjustment: proposed as is."""
    clock(at(2026, 9, 20, 8))
    page = _page(persona_client("party_office"), _open_url(decided))
    assert 'value="2026-09-20"' in page


def test_open_form_preview_by_htmx(decided, persona_client, clock):
    clock(at(2026, 9, 18, 10))
    response = persona_client("party_office").get(
        _open_url(decided), {"starts_on": "2026-09-24"}, HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert page.startswith('<div id="period-preview"')
    assert "公示期：2026年9月24日至2026年10月8日（5 个工作日，截止当日 24:00）" in page


def test_open_form_preview_of_an_unconfirmed_year(decided, persona_client, clock):
    clock(at(2026, 9, 18, 10))
    response = persona_client("party_office").get(
        _open_url(decided), {"starts_on": "2026-12-29"}, HTTP_HX_REQUEST="true"
    )
    assert "2027 年的法定节假日和调休安排尚未录入或尚未确认" in response.content.decode()


def test_open_form_post_opens_the_publicity(decided, persona_client, clock):
    clock(at(2026, 9, 18, 10))
    response = persona_client("party_office").post(
        _open_url(decided), {"starts_on": "2026-09-18", "contact": "纪检监察室，电话 8888"}
    )
    publicity = Publicity.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("publicity:detail", args=[publicity.pk])
    assert (publicity.last_day, publicity.contact) == (
        datetime.date(2026, 9, 23),
        "纪检监察室，电话 8888",
    )
    decided.refresh_from_db()
    assert decided.state == CampaignState.PUBLICITY


def test_open_form_refusal_is_shown_on_the_form(decided, persona_client, clock):
    clock(at(2026, 9, 18, 10))
    response = persona_client("party_office").post(
        _open_url(decided), {"starts_on": "2026-12-29", "contact": ""}
    )
    assert response.status_code == 200
    assert "2027 年的法定节假日和调休安排尚未录入或尚未确认" in response.content.decode()
    assert not Publicity.objects.exists()


def test_open_form_of_a_campaign_not_decided_says_so(publicity, persona_client):
    page = _page(persona_client("party_office"), _open_url(publicity.campaign))
    assert "评选批次当前状态为“公示中”，只有名单已审定的批次才能发布公示。" in page


def test_campaign_page_links_to_opening_when_decided(decided, persona_client):
    page = _page(persona_client("party_office"), reverse("appraisal:campaign", args=[decided.pk]))
    assert f'href="/publicity/campaigns/{decided.pk}/open/">发布公示</a>' in page


def test_campaign_page_shows_the_publicity_period_and_state(publicity, persona_client):
    page = _page(
        persona_client("leading_group"), reverse("appraisal:campaign", args=[publicity.campaign_id])
    )
    assert f'<a href="/publicity/{publicity.pk}/">{PERIOD}</a>' in page
    assert "发布公示</a>" not in page


def test_home_page_shows_the_open_publicity_to_staff(publicity, persona_client):
    page = _page(persona_client("staff"), reverse("home"))
    assert "公示中：2026年度清廉科室评选" in page
    assert "9月23日 24:00 截止" in page


def test_home_page_leaves_out_closed_publicities(publicity, persona_client):
    Publicity.objects.filter(pk=publicity.pk).update(state=PublicityState.CLOSED)
    assert "公示中：" not in _page(persona_client("staff"), reverse("home"))


# --- before the period starts -------------------------------------------------------------


@pytest.fixture
def upcoming(decided, party_office, clock):
    """Opened on Thursday 2026-09-17 for Friday 2026-09-18; the clock stands at the 17th, 15:00."""
    clock(at(2026, 9, 17, 15, 0))
    return publicity_open(
        campaign=decided,
        by=party_office,
        starts_on=datetime.date(2026, 9, 18),
        contact="纪检监察室，电话 8888",
        now=at(2026, 9, 17, 9),
    )


def test_board_before_the_period_says_when_it_starts_without_objection_button(
    upcoming, persona_client
):
    page = _page(persona_client("staff"))
    assert "公示将于2026年9月18日开始，开始后方可提出异议。" in page
    assert "尚未开始" in page
    assert "提出异议</a>" not in page
    assert reverse("publicity:objection_new", args=[upcoming.pk]) not in page
    assert "剩余" not in page
    assert "不是工作日" not in page


def test_board_offers_the_objection_button_from_the_first_day(upcoming, persona_client, clock):
    clock(at(2026, 9, 18, 0, 0))
    page = _page(persona_client("staff"))
    assert "公示将于" not in page
    assert reverse("publicity:objection_new", args=[upcoming.pk]) in page


def test_board_before_a_weekend_start_counts_from_the_next_working_day(
    decided, party_office, persona_client, clock
):
    """Posted for Saturday 2026-09-19: the period counts from Sunday the 20th, an
    adjusted working day."""
    clock(at(2026, 9, 17, 15, 0))
    publicity_open(
        campaign=decided, by=party_office, starts_on=datetime.date(2026, 9, 19), now=at(2026, 9, 17)
    )
    page = _page(persona_client("staff"))
    assert "公示将于2026年9月19日开始，开始后方可提出异议。" in page
    assert "2026年9月19日不是工作日，5 个工作日的公示期自2026年9月20日起计算。" in page


def test_detail_before_the_period_says_when_it_starts(upcoming, persona_client):
    page = _page(persona_client("staff"), reverse("publicity:detail", args=[upcoming.pk]))
    assert "公示将于2026年9月18日开始，开始后方可提出异议。" in page
    assert reverse("publicity:objection_new", args=[upcoming.pk]) not in page


def test_objection_page_before_the_period_refuses_politely(upcoming, persona_client):
    client = persona_client("staff")
    url = reverse("publicity:objection_new", args=[upcoming.pk])
    page = _page(client, url)
    assert (
        '<div class="alert alert-warning" role="alert" id="not-accepting">公示将于2026年9月18日开始，开始后方可提出异议。</div>'
        in page
    )
    assert 'name="content"' not in page
    response = client.post(url, {"application": "", "content": "该科室存在问题。"})
    assert response.status_code == 200
    assert "公示将于2026年9月18日开始，开始后方可提出异议。" in response.content.decode()
    assert not Objection.objects.exists()
