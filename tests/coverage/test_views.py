"""The coverage's pages: the overview (share, way to the target, trend chart, the units not
covered), the units' table with its filters and Excel export, their query counts, and the
row on the party committee's and the party office's home."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from departments.models import Department
from tests.coverage.factories import title_of
from tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db

OVERVIEW = reverse("coverage:overview")
UNITS = reverse("coverage:units")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def titled(party_office, department_a, department_b):
    """Department A titled in 2024; B never; a team merged into A with a 2023 title."""
    title_of(department_a, 2024, by=party_office)
    team = DepartmentFactory(code="A01-T1", name="导管室清廉团队", parent=department_a)
    title_of(team, 2023, by=party_office)
    Department.objects.filter(pk=team.pk).update(
        closed_on=datetime.date(2025, 3, 1), merged_into=department_a, active=False
    )
    return department_a, department_b


def _queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _more_units(party_office):
    for number in range(4):
        unit = DepartmentFactory(code=f"M{number}", name=f"新科室{number}")
        title_of(unit, 2023 + number % 3, by=party_office, revoked_on=None)
    title_of(
        DepartmentFactory(code="R1", name="撤销科室"),
        2024,
        by=party_office,
        revoked_on=datetime.date(2025, 1, 2),
    )


def test_the_overview_shows_the_way_to_the_target(persona_client, titled):
    page = persona_client("party_committee").get(OVERVIEW)
    assert page.status_code == 200
    coverage = page.context["coverage"]
    text = page.content.decode()
    assert '<svg class="shape-chart"' in text
    assert "历年累计覆盖率" in text
    rows = {row.code: row for row in coverage.not_covered}
    assert "B01" in rows
    assert "A01" not in rows
    assert rows["B01"].why_not_covered == "从未获评"
    assert "导管室清廉团队：已于2025年3月1日并入心内科" in text
    assert f"{coverage.covered_count}/{coverage.base_count}" in text


def test_the_units_table_and_its_filters(persona_client, titled):
    client = persona_client("party_office")
    page = client.get(UNITS)
    rows = {row["code"]: row for row in page.context["table"].data}
    assert rows["A01"]["covered"] == "已覆盖"
    assert rows["A01"]["y2023"] == "已获（原导管室清廉团队）"
    assert rows["A01"]["y2024"] == "已获"
    assert rows["B01"]["covered"] == "从未获评"
    uncovered = client.get(UNITS + "?covered=no&kind=department")
    codes = {row["code"] for row in uncovered.context["table"].data}
    assert "B01" in codes
    assert "A01" not in codes
    # An unknown choice is ignored, not an empty list.
    assert len(client.get(UNITS + "?covered=maybe").context["table"].data) == len(rows)


def test_the_export_holds_every_unit_with_its_years(persona_client, titled):
    response = persona_client("party_committee").get(UNITS + "?export=xlsx")
    assert response["Content-Type"] == XLSX
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    header = next(row for row in values if row and row[0] == "科室编码")
    assert header[:4] == ("科室编码", "名称", "类别", "2023年")
    assert "覆盖情况" in header
    a01 = next(row for row in values if row and row[0] == "A01")
    assert a01[3] == "已获（原导管室清廉团队）"
    assert a01[header.index("覆盖情况")] == "已覆盖"


def test_the_overview_queries_do_not_grow_with_units(persona_client, titled, party_office):
    client = persona_client("party_committee")
    one = _queries(client, OVERVIEW)
    _more_units(party_office)
    assert _queries(client, OVERVIEW) == one


def test_the_units_list_queries_do_not_grow_with_units(persona_client, titled, party_office):
    client = persona_client("party_office")
    one = _queries(client, UNITS)
    _more_units(party_office)
    assert _queries(client, UNITS) == one


def test_the_committee_s_home_shows_the_share_and_links_the_page(persona_client, titled):
    page = persona_client("party_committee").get(reverse("home"))
    text = page.content.decode()
    assert "全覆盖进度：已覆盖" in text
    assert f'href="{OVERVIEW}"' in text
    items = [
        item
        for section in page.context["sections"]
        for item in section["items"]
        if item.url == OVERVIEW
    ]
    assert len(items) == 1
    assert "每年需新覆盖" in items[0].note or "目标" in items[0].note


def test_the_party_office_s_home_and_nav_show_it_others_do_not(persona_client, titled):
    office = persona_client("party_office").get(reverse("home")).content.decode()
    assert f'href="{OVERVIEW}"' in office
    for persona in ("admin_user", "applicant_a", "staff"):
        text = persona_client(persona).get(reverse("home")).content.decode()
        assert f'href="{OVERVIEW}"' not in text


def test_the_home_queries_do_not_grow_with_units(persona_client, titled, party_office):
    client = persona_client("party_committee")
    one = _queries(client, reverse("home"))
    _more_units(party_office)
    assert _queries(client, reverse("home")) == one
