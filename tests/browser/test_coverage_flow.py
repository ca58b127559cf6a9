"""The way to full coverage through the pages, in Debian's Chromium (issue 16).

心内科 won the title in 2024; 骨科 won it in 2023 and is merged into 心内科 this year,
which the party office records on 骨科's page; 儿科 is titled in 2024 but the title
was revoked. The party committee opens its home, follows the coverage row to the
page, reads the way to the target and the trend, opens the units' table and exports
it to Excel.
"""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from departments.models import Department
from tests.browser.helpers import alert
from tests.coverage.factories import title_of
from tests.factories import DepartmentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def titled(party_office, party_committee, department_a, department_b):
    title_of(department_a, 2024, by=party_office)
    title_of(department_b, 2023, by=party_office)
    children = DepartmentFactory(code="E01", name="儿科")
    title_of(
        children, 2024, by=party_office, revoked_on=datetime.date(2025, 4, 10), reason="通报批评"
    )
    # The personas' own offices are not units to be titled in this story.
    Department.objects.exclude(pk__in=[department_a.pk, department_b.pk, children.pk]).update(
        closed_on=datetime.date(2022, 12, 31), active=False
    )
    return department_a, department_b, children


def test_the_committee_follows_the_way_to_full_coverage_and_exports_it(
    sign_in, live_server, titled
):
    _department_a, department_b, _children = titled
    merged_on = timezone.localdate().replace(month=1, day=2)

    # 1. The party office records 骨科's merging into 心内科 (a reason first missing).
    office = sign_in("party_office")
    office.goto(live_server.url + reverse("departments:detail", args=[department_b.pk]))
    office.get_by_role("link", name="设立与撤并").click()
    office.get_by_label("撤销或并入日期").fill(merged_on.isoformat())
    office.get_by_label("并入", exact=True).select_option(label="心内科")
    office.get_by_role("button", name="登记撤销或并入").click()
    expect(office.locator("#close-form")).to_contain_text("请填写依据或原因")
    office.locator("#close-form").get_by_label("依据或原因").fill("院党委会决定：骨科并入心内科")
    office.get_by_role("button", name="登记撤销或并入").click()
    expect(alert(office)).to_contain_text("骨科已于")
    expect(office.locator("#lifetime-changes")).to_contain_text("院党委会决定：骨科并入心内科")

    # 2. The committee's home shows the share and links the page.
    committee = sign_in("party_committee")
    row = committee.get_by_role("link", name="全覆盖进度：已覆盖 1/2 个科室和团队（50.0%）")
    expect(row).to_be_visible()
    row.click()
    expect(committee.get_by_role("heading", level=1)).to_have_text("全覆盖进度")
    expect(committee.locator("#coverage-share")).to_have_text("50.0%")
    expect(committee.locator("#coverage-counts")).to_have_text("1/2")
    expect(committee.get_by_role("img", name="历年累计覆盖率")).to_be_visible()
    expect(committee.locator("#not-covered")).to_contain_text("称号已被撤销")
    expect(committee.locator("#left-out")).to_contain_text("骨科：已于")

    # 3. Each unit's years, then the export of the table.
    committee.get_by_role("link", name="各单元历年情况").click()
    expect(committee.locator("#coverage-unit-table")).to_contain_text("已获（原骨科）")
    with committee.expect_download() as download:
        committee.get_by_role("link", name="导出 Excel（当前筛选和排序）").click()
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    rows = {row[0]: row for row in sheet.values if row and row[0] in ("A01", "E01")}
    assert rows["A01"][3] == "已获（原骨科）"
    assert "称号已被撤销" in rows["E01"]
