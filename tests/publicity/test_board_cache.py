"""The board holds a crowd: its list comes from the cache, cleared when the list changes."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.cache import renew_now
from publicity.services.board import (
    BOARD_CACHE_KEY,
    BOARD_VERSION_KEY,
    board_cache_clear,
    board_html_key,
)
from publicity.services.publicities import close_due_publicities, publicity_open
from tests.factories import DepartmentFactory, archived_publicity, decided_campaign
from tests.publicity.conftest import at

pytestmark = pytest.mark.usefixtures("statutory_calendar")

BOARD = reverse("publicity:board")
LIST_TABLES = ('"publicity_publicity"', '"appraisal_application"', '"appraisal_campaign"')


def _get(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(BOARD)
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in queries]


def _main(page):
    return page[page.index('<main id="main"') : page.index("</main>")]


def _list_queries(sqls):
    return [sql for sql in sqls if any(table in sql for table in LIST_TABLES)]


@pytest.fixture
def publicity(decided, party_office, clock):
    clock(at(2026, 9, 21, 10, 0))
    return publicity_open(
        campaign=decided, by=party_office, starts_on=datetime.date(2026, 9, 18), now=at(2026, 9, 17)
    )


def test_board_second_request_reads_the_list_from_the_cache(publicity, persona_client):
    client = persona_client("staff")
    first, first_sqls = _get(client)
    assert len(_list_queries(first_sqls)) == 2
    second, second_sqls = _get(client)
    assert _list_queries(second_sqls) == []
    assert _main(second) == _main(first)


def test_board_cached_hit_for_anonymous_does_no_query(publicity, client, settings):
    settings.PUBLICITY_BOARD_PUBLIC = True
    _get(client)
    _page, sqls = _get(client)
    assert sqls == []


def test_board_content_is_rendered_again_within_a_minute(publicity, persona_client, clock):
    client = persona_client("staff")
    assert "剩余 2 天 14 小时" in _get(client)[0]
    clock(at(2026, 9, 23, 22, 30))
    # Its minute is over: the content and the page around it are gone, the data is not.
    cache.delete(board_html_key("zh-hans", True))
    renew_now(BOARD_VERSION_KEY)
    client = persona_client("staff")  # signed in again: the session's idle timeout passed
    page, sqls = _get(client)
    assert _list_queries(sqls) == []
    assert "剩余 1 小时 30 分钟" in page


@pytest.fixture
def cache_sets(monkeypatch):
    """(key, timeout) of every value the cache is asked to keep."""
    calls = []
    real_set = cache.set
    monkeypatch.setattr(
        cache,
        "set",
        lambda key, value, timeout: calls.append((key, timeout)) or real_set(key, value, timeout),
    )
    return calls


def test_board_content_is_not_kept_past_the_deadline(publicity, persona_client, clock, cache_sets):
    calls = cache_sets
    clock(at(2026, 9, 23, 23, 59, 30))
    _get(persona_client("staff"))
    kept = dict(calls)
    assert kept[board_html_key("zh-hans", True)] == 31
    assert [timeout for key, timeout in calls if key.startswith("page:board:")] == [31]


def test_board_content_is_cached_per_language_and_sign_in(publicity, persona_client, settings):
    from django.test import Client

    settings.PUBLICITY_BOARD_PUBLIC = True
    _get(persona_client("staff"))
    _get(Client())
    assert cache.get(board_html_key("zh-hans", True)) is not None
    assert cache.get(board_html_key("zh-hans", False)) is not None
    assert cache.get(board_html_key("en", True)) is None


def test_board_opening_a_publicity_clears_the_cache(
    party_office, department_a, persona_client, clock, django_capture_on_commit_callbacks
):
    clock(at(2026, 9, 21, 10, 0))
    client = persona_client("staff")
    assert "目前没有正在进行的公示。" in _get(client)[0]
    campaign, _applications = decided_campaign(party_office, [department_a])
    with django_capture_on_commit_callbacks(execute=True):
        publicity_open(
            campaign=campaign,
            by=party_office,
            starts_on=datetime.date(2026, 9, 21),
            now=at(2026, 9, 21, 9),
        )
    assert cache.get(BOARD_CACHE_KEY) is None
    page = _get(client)[0]
    assert "公示期：2026年9月21日至2026年9月25日" not in page  # 25 Sep is a holiday
    assert "公示期：2026年9月21日至2026年9月28日" in page


def test_board_the_sweep_moves_a_publicity_to_the_archive(
    publicity, persona_client, clock, django_capture_on_commit_callbacks
):
    client = persona_client("staff")
    assert "暂无往期公示。" in _get(client)[0]
    with django_capture_on_commit_callbacks(execute=True):
        close_due_publicities(now=at(2026, 9, 24, 0, 0))
    clock(at(2026, 9, 24, 0, 1))
    page = _get(persona_client("staff"))[0]
    assert "目前没有正在进行的公示。" in page
    assert f'href="/publicity/{publicity.pk}/">2026年度清廉科室评选</a>' in page


def test_board_cache_has_a_timeout_as_a_safety_net(publicity, persona_client, cache_sets):
    calls = cache_sets
    _get(persona_client("staff"))
    kept = dict(calls)
    assert kept[BOARD_CACHE_KEY] == 300
    assert kept[board_html_key("zh-hans", True)] == 60
    assert [timeout for key, timeout in calls if key.startswith("page:board:")] == [60]


# --- queries do not grow with rows: 1 row and 3 rows cost the same ---------------------


def _cold_queries(client):
    _get(client)  # the session's refresh (once a minute) is not the board's
    board_cache_clear()
    _page, sqls = _get(client)
    return len(sqls)


def test_board_queries_do_not_grow_with_departments(party_office, persona_client, clock):
    clock(at(2026, 9, 21, 10, 0))
    client = persona_client("staff")
    units = [DepartmentFactory(code=f"Q{n:02d}", name=f"测试科室{n}") for n in range(1, 5)]
    one, _ = decided_campaign(party_office, units[:1])
    publicity_open(
        campaign=one, by=party_office, starts_on=datetime.date(2026, 9, 18), now=at(2026, 9, 17)
    )
    few = _cold_queries(client)
    many, _ = decided_campaign(party_office, units, year=2026)
    publicity_open(
        campaign=many, by=party_office, starts_on=datetime.date(2026, 9, 21), now=at(2026, 9, 17)
    )
    board_cache_clear()  # the factories write past the services
    page = _get(client)[0]
    assert page.count("<li>测试科室") == 5
    assert _cold_queries(client) == few


def test_board_queries_do_not_grow_with_the_archive(party_office, persona_client):
    client = persona_client("staff")
    units = [DepartmentFactory(code=f"Q{n:02d}", name=f"测试科室{n}") for n in range(1, 4)]
    archived_publicity(party_office, units[:1])
    few = _cold_queries(client)
    archived_publicity(party_office, units[:2])
    archived_publicity(party_office, units)
    board_cache_clear()  # the factories write past the services
    page = _get(client)[0]
    assert page.count('class="list-group-item"') == 3
    assert _cold_queries(client) == few


# --- the page around the content, shared by readers who see it alike (qinglian.pages) ----


def _reader(username, name):
    from tests.factories import UserFactory

    return UserFactory(username=username, name=name)


def test_readers_with_the_same_navigation_share_the_page_each_with_their_own_parts(
    publicity, client, django_capture_on_commit_callbacks
):
    from notifications.services import notify

    first = _reader("reader1", "读者<甲>")
    second = _reader("reader2", "读者乙")
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[second], subject="一", body="")
    client.force_login(first)
    page_one = _get(client)[0]
    client.force_login(second)
    page_two, sqls = _get(client)
    assert _list_queries(sqls) == []
    assert "读者&lt;甲&gt;" in page_one
    assert "读者<甲>" not in page_one
    assert "读者乙" in page_two
    assert "读者" not in page_two.replace("读者乙", "")
    assert 'id="nav-unread" class="badge rounded-pill text-bg-warning d-none"' in page_one
    assert 'class="badge rounded-pill text-bg-warning"' in page_two
    assert "qlslot" not in page_one + page_two


def test_a_reader_with_other_permissions_gets_their_own_navigation(publicity, persona_client):
    staff_page = _get(persona_client("staff"))[0]
    office_page = _get(persona_client("party_office"))[0]
    campaigns = reverse("appraisal:campaigns")
    assert f'href="{campaigns}"' not in staff_page
    assert f'href="{campaigns}"' in office_page
    assert _get(persona_client("staff"))[0].count(f'href="{campaigns}"') == 0


def test_the_shared_page_carries_a_working_csrf_token(publicity, staff):
    import re

    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(_reader("reader3", "读者丙"))
    _get(browser)  # the copy is made
    browser.force_login(staff)
    page = _get(browser)[0]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    assert re.search(r'"X-CSRFToken": "([^"]+)"', page).group(1) == token
    response = browser.post(
        reverse("set_language"), {"language": "en", "next": BOARD, "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302


def test_a_message_to_show_is_shown_and_not_shared(publicity, persona_client, staff):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.cookie import CookieStorage

    client = persona_client("staff")
    _get(client)
    storage = CookieStorage(type("Request", (), {"COOKIES": {}})())
    storage.add(constants.SUCCESS, "异议已提交。")
    from django.http import HttpResponse

    response = HttpResponse()
    storage.update(response)
    client.cookies["messages"] = response.cookies["messages"].value
    assert "异议已提交。" in _get(client)[0]
    assert "异议已提交。" not in _get(persona_client("staff"))[0]
