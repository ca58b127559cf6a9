"""The honour roll (荣誉榜): every title by year, newest first, with its status; for
everyone signed in; filtered, sorted, paged and exported (core/lists.py); a query count
that does not grow."""

import datetime
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

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
        for row in re.findall(r"<tr[^>]*>\s*(<td.*?)</tr>", page, re.DOTALL)
    ]


def test_honour_roll_lists_titles_by_year_newest_first(two_years, persona_client):
    older, newer = two_years
    page = _page(persona_client("staff"))
    year = newer.year
    assert _rows(page) == [
        [f"{year}年度", "眼科", newer.title, _cn(newer.confirmed_on), f"QL{year}-001", "有效"],
        [f"{year}年度", "口腔科", newer.title, _cn(newer.confirmed_on), f"QL{year}-002", "有效"],
        ["2025年度", "儿科", older.title, _cn(older.confirmed_on), "QL2025-001", "有效"],
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
    assert [row[1] for row in _rows(page)] == ["儿科"]
    assert '<option value="2025" selected>2025</option>' in page


def test_honour_roll_ignores_an_unknown_year(two_years, persona_client):
    assert len(_rows(_page(persona_client("staff"), "?year=abc"))) == 3


def test_honour_roll_filters_by_status(two_years, persona_client):
    Title.objects.filter(unit__code="H01").update(status=TitleStatus.REVOKED)
    page = _page(persona_client("staff"), "?status=revoked")
    assert [row[1] for row in _rows(page)] == ["儿科"]


def test_honour_roll_filters_by_award_date_with_date_inputs(two_years, persona_client):
    older, newer = two_years
    Title.objects.filter(campaign=older).update(awarded_on=datetime.date(2025, 12, 30))
    day = newer.confirmed_on.isoformat()
    page = _page(persona_client("staff"), f"?awarded_from={day}&awarded_to={day}")
    assert [row[1] for row in _rows(page)] == ["眼科", "口腔科"]
    assert '<input type="date" name="awarded_from" value="' + day in page


def test_honour_roll_refuses_a_date_range_that_ends_before_it_starts(two_years, persona_client):
    page = _page(persona_client("staff"), "?awarded_from=2026-02-01&awarded_to=2026-01-01")
    assert "结束日期不能早于开始日期。" in page
    assert len(_rows(page)) == 3


def test_honour_roll_sorts_by_department(two_years, persona_client):
    page = _page(persona_client("staff"), "?sort=-unit")
    assert [row[1] for row in _rows(page)] == ["口腔科", "眼科", "儿科"]


def test_honour_roll_pages(two_years, persona_client, monkeypatch):
    monkeypatch.setattr("core.lists.PAGE_SIZE", 2)
    client = persona_client("staff")
    assert [row[1] for row in _rows(_page(client))] == ["眼科", "口腔科"]
    second = _page(client, "?page=2")
    assert [row[1] for row in _rows(second)] == ["儿科"]
    assert "第 2/2 页，共 3 条" in second


def test_honour_roll_export_holds_the_filtered_rows_in_the_shown_order(two_years, persona_client):
    _older, newer = two_years
    Title.objects.filter(unit__code="H03").update(
        status=TitleStatus.REVOKED, revoked_on=datetime.date(2026, 3, 1)
    )
    response = persona_client("staff").get(URL + f"?year={newer.year}&sort=-unit&export=xlsx")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0] == ("年度", "科室", "评选批次", "授予日期", "证书编号", "状态", "撤销日期")
    assert rows[1:] == [
        (
            newer.year,
            "口腔科",
            newer.title,
            datetime.datetime.combine(newer.confirmed_on, datetime.time()),
            f"QL{newer.year}-002",
            "已撤销",
            datetime.datetime(2026, 3, 1),
        ),
        (
            newer.year,
            "眼科",
            newer.title,
            datetime.datetime.combine(newer.confirmed_on, datetime.time()),
            f"QL{newer.year}-001",
            "有效",
            None,
        ),
    ]


def test_honour_roll_without_titles_says_so(persona_client):
    assert "尚无清廉科室。" in _page(persona_client("staff"))


def test_honour_roll_needs_a_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_home_links_the_honour_roll_for_staff(persona_client):
    page = persona_client("staff").get(reverse("home")).content.decode()
    assert f'href="{URL}"' in page


def _queries(client, query=""):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL + query).status_code == 200
    return len(captured)


@pytest.mark.parametrize("query", ["", "?export=xlsx"])
def test_honour_roll_query_count_does_not_grow(
    party_office, party_committee, persona_client, query
):
    client = persona_client("staff")
    confirmed_campaign(party_office, party_committee, [DepartmentFactory(code="Q01")], year=2024)
    one = _queries(client, query)
    confirmed_campaign(
        party_office,
        party_committee,
        [DepartmentFactory(code=f"Q1{n}") for n in range(3)],
        year=2025,
    )
    assert Title.objects.count() == 4
    assert _queries(client, query) == one
