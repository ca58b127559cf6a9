"""The board holds a crowd: its list comes from the cache, cleared when the list changes."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from publicity.services.board import BOARD_CACHE_KEY, board_cache_keys, board_html_key
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
    cache.delete(board_html_key("zh-hans", True))  # its minute is over
    client = persona_client("staff")  # signed in again: the session's idle timeout passed
    page, sqls = _get(client)
    assert _list_queries(sqls) == []
    assert "剩余 1 小时 30 分钟" in page


def test_board_content_is_not_kept_past_the_deadline(publicity, persona_client, clock, monkeypatch):
    calls = []
    real_set = cache.set
    monkeypatch.setattr(
        cache,
        "set",
        lambda key, value, timeout: calls.append((key, timeout)) or real_set(key, value, timeout),
    )
    clock(at(2026, 9, 23, 23, 59, 30))
    _get(persona_client("staff"))
    assert calls[-1] == (board_html_key("zh-hans", True), 31)


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


def test_board_cache_has_a_timeout_as_a_safety_net(publicity, persona_client, monkeypatch):
    calls = []
    real_set = cache.set
    monkeypatch.setattr(
        cache,
        "set",
        lambda key, value, timeout: calls.append((key, timeout)) or real_set(key, value, timeout),
    )
    _get(persona_client("staff"))
    assert calls == [(BOARD_CACHE_KEY, 300), (board_html_key("zh-hans", True), 60)]


# --- queries do not grow with rows (STYLE.md §6) -----------------------------------------


def _cold_queries(client):
    _get(client)  # the session's refresh (once a minute) is not the board's
    cache.delete_many(board_cache_keys())
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
    cache.delete_many(board_cache_keys())  # the factories write past the services
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
    cache.delete_many(board_cache_keys())  # the factories write past the services
    page = _get(client)[0]
    assert page.count('class="list-group-item"') == 3
    assert _cold_queries(client) == few
