"""The revoked titles for the mid-level cadre meeting: the page and its Excel export."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from appraisal.enums import TitleStatus
from appraisal.models import Title
from tests.factories import DepartmentFactory, campaign_with_titles, rectification_of

pytestmark = pytest.mark.django_db

HEADER = [
    "序号",
    "科室编码",
    "科室",
    "称号年度",
    "证书编号",
    "撤销日期",
    "撤销理由",
    "整改期起",
    "整改期止",
    "整改状态",
    "整改通知书文号",
]


@pytest.fixture
def revoked(party_office, department_a, department_b):
    _campaign, (title_a, title_b) = campaign_with_titles(
        party_office, [department_a, department_b], year=2025
    )
    rectification_of(
        department_a,
        title=title_a,
        starts_on=datetime.date(2026, 11, 30),
        notice_number="院纪〔2026〕3号",
    )
    # A title revoked without a rectification row, its reason typed like a formula.
    Title.objects.filter(pk=title_b.pk).update(
        status=TitleStatus.REVOKED,
        revoked_on=datetime.date(2026, 3, 2),
        revocation_reason='=HYPERLINK("http://x")',
    )
    return title_a, title_b


def _workbook(response):
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(response.content))


def test_export_lists_every_revoked_title_with_its_rectification(persona_client, revoked):
    response = persona_client("party_office").get(reverse("veto:revocations_export"))
    rows = list(_workbook(response)["撤销称号"].iter_rows(values_only=True))

    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert list(rows[0]) == HEADER
    assert list(rows[1]) == [
        1, "B01", "骨科", 2025, "清廉〔2025〕2号", datetime.datetime(2026, 3, 2),
        "'=HYPERLINK(\"http://x\")", None, None, None, None,
    ]  # fmt: skip
    assert list(rows[2]) == [
        2, "A01", "心内科", 2025, "清廉〔2025〕1号", datetime.datetime(2026, 11, 30),
        "否决性指标第4项：违反中央八项规定精神及医疗卫生行业“九项准则”规定，被相关部门或医院处分",
        datetime.datetime(2026, 11, 30), datetime.datetime(2027, 2, 28), "整改中", "院纪〔2026〕3号",
    ]  # fmt: skip
    assert len(rows) == 3


def test_export_filters_by_revocation_date(persona_client, revoked):
    response = persona_client("party_committee").get(
        reverse("veto:revocations_export"), {"revoked_from": "2026-06-01", "revoked_to": ""}
    )
    rows = list(_workbook(response).active.iter_rows(values_only=True))

    assert [row[2] for row in rows[1:]] == ["心内科"]


def test_a_held_title_is_not_listed(persona_client, party_office):
    campaign_with_titles(party_office, [DepartmentFactory(code="H01", name="眼科")])

    content = persona_client("party_office").get(reverse("veto:revocations")).content.decode()

    assert "没有撤销的称号。" in content


def test_page_links_the_export_with_the_same_filter(persona_client, revoked):
    content = (
        persona_client("party_office")
        .get(reverse("veto:revocations"), {"revoked_from": "2026-06-01"})
        .content.decode()
    )

    assert "心内科" in content
    assert "骨科" not in content
    assert f"{reverse('veto:revocations_export')}?revoked_from=2026-06-01" in content


@pytest.mark.parametrize("persona", ["discipline_office", "applicant_a", "staff", "leading_group"])
def test_revocations_are_for_the_party_office_and_committee(persona_client, persona):
    assert persona_client(persona).get(reverse("veto:revocations")).status_code == 403
    assert persona_client(persona).get(reverse("veto:revocations_export")).status_code == 403


def test_revocations_list_queries_do_not_grow_with_rows(persona_client, party_office):
    client = persona_client("party_office")
    url = reverse("veto:revocations")
    units = [DepartmentFactory(code=f"V{n}", name=f"撤销科室{n}") for n in range(4)]
    _campaign, titles = campaign_with_titles(party_office, units, year=2025)
    rectification_of(units[0], title=titles[0])
    with CaptureQueriesContext(connection) as one:
        first = client.get(url)
    for unit, title in zip(units[1:], titles[1:], strict=True):
        rectification_of(unit, title=title)
    with CaptureQueriesContext(connection) as many:
        second = client.get(url)

    assert second.content.decode().count("<tr") == 5 > first.content.decode().count("<tr") == 2
    assert len(many) == len(one)
