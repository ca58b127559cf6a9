"""The honour roll (荣誉榜): every title by year, newest first, with its status; for
everyone signed in; filtered by year; a query count that does not grow."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from appraisal.enums import TitleStatus
from appraisal.models import Title
from tests.factories import DepartmentFactory, confirmed_campaign

pytestmark = pytest.mark.django_db

URL = reverse("appraisal:honour_roll")


@pytest.fixture
def two_years(party_office, party_committee):
    """Titles of 2025 (儿科) and of this year (眼科, 口腔科)."""
    older, _ = confirmed_campaign(
        party_office,
        party_committee,
        [DepartmentFactory(code="H01", name="儿科")],
        year=2025,
        title="2025年度清廉科室评选",
    )
    newer, _ = confirmed_campaign(
        party_office,
        party_committee,
        [DepartmentFactory(code="H03", name="口腔科"), DepartmentFactory(code="H02", name="眼科")],
    )
    return older, newer


def _page(client, query=""):
    response = client.get(URL + query)
    assert response.status_code == 200
    return response.content.decode()


def _rows(page):
    return [
        re.sub(r"<[^>]+>|\s+", " ", row).split()
        for row in re.findall(r"<tr>\s*<td>(.*?)</tr>", page, re.DOTALL)
    ]


def test_honour_roll_groups_titles_by_year_newest_first(two_years, persona_client):
    older, newer = two_years
    page = _page(persona_client("staff"))
    year = newer.year
    assert page.index(f'id="year-{year}"') < page.index('id="year-2025"')
    assert _rows(page) == [
        ["眼科", newer.title, _cn(newer.confirmed_on), f"QL{year}-001", "有效"],
        ["口腔科", newer.title, _cn(newer.confirmed_on), f"QL{year}-002", "有效"],
        ["儿科", older.title, _cn(older.confirmed_on), "QL2025-001", "有效"],
    ]


def _cn(day):
    return f"{day.year}年{day.month}月{day.day}日"


def test_honour_roll_shows_a_revoked_title_with_its_date(two_years, persona_client):
    Title.objects.filter(unit__code="H01").update(
        status=TitleStatus.REVOKED, revoked_on=datetime.date(2026, 3, 1)
    )
    rows = _rows(_page(persona_client("applicant_a")))
    assert rows[-1][-2:] == ["已撤销", "2026年3月1日"]


def test_honour_roll_filters_by_year(two_years, persona_client):
    page = _page(persona_client("staff"), "?year=2025")
    assert [row[0] for row in _rows(page)] == ["儿科"]
    assert '<option value="2025" selected>2025</option>' in page


def test_honour_roll_ignores_an_unknown_year(two_years, persona_client):
    assert len(_rows(_page(persona_client("staff"), "?year=abc"))) == 3


def test_honour_roll_without_titles_says_so(persona_client):
    assert "尚无清廉科室。" in _page(persona_client("staff"))


def test_honour_roll_needs_a_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_home_links_the_honour_roll_for_staff(persona_client):
    page = persona_client("staff").get(reverse("home")).content.decode()
    assert f'href="{URL}"' in page


def _queries(client):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL).status_code == 200
    return len(captured)


def test_honour_roll_query_count_does_not_grow(party_office, party_committee, persona_client):
    client = persona_client("staff")
    confirmed_campaign(party_office, party_committee, [DepartmentFactory(code="Q01")], year=2024)
    one = _queries(client)
    confirmed_campaign(
        party_office,
        party_committee,
        [DepartmentFactory(code=f"Q1{n}") for n in range(3)],
        year=2025,
    )
    assert Title.objects.count() == 4
    assert _queries(client) == one
