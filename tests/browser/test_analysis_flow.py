"""The quarterly situation analysis in Debian's Chromium (issue 16, item 4).

The party office drafts the second quarter's report from the list, reads the figures and
charts, writes its commentary and issues it; the party committee opens it from the
navigation, records the meeting's conclusions and downloads the PDF, which says both.
Every page state is checked with axe-core (tests/browser/conftest.py).
"""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from analysis.models import QuarterlyReportVersion
from tests.browser.helpers import alert, cn_date, pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COMMENTARY = "本季度工作计划按节点推进，月度报告基本按时报送，需督促台账落后科室。"
CONCLUSIONS = "同意党办分析意见，各责任科室抓好整改，下次会议报告整改情况。"


def test_the_office_drafts_and_issues_a_quarter_and_the_committee_concludes_and_downloads(
    sign_in, live_server, media_root, tmp_path, party_office, party_committee, department_a
):
    today = timezone.localdate()
    # The last quarter that has ended.
    year, quarter = (today.year, (today.month - 1) // 3) if today.month > 3 else (today.year - 1, 4)

    # 1. The party office drafts the quarter from the list.
    office = sign_in("party_office")
    office.get_by_role("link", name="形势分析研判").click()
    form = office.locator("#draft-form")
    form.get_by_label("年度").fill(str(year))
    form.get_by_label("季度").select_option(value=str(quarter))
    form.get_by_role("button", name="起草").click()
    expect(alert(office)).to_contain_text("已起草")
    expect(office.locator("#version-state")).to_have_text("草稿")
    expect(office.locator("#section-records")).to_contain_text("心内科")
    expect(office.locator("svg.shape-chart").first).to_be_visible()

    # 2. Its commentary, then the issue: the figures are frozen.
    office.locator("#commentary-form").get_by_label("党办分析意见").fill(COMMENTARY)
    office.get_by_role("button", name="保存分析意见").click()
    expect(alert(office)).to_contain_text("党办分析意见已保存")
    office.locator("#issue-form").get_by_role("button", name="印发").click()
    expect(alert(office)).to_contain_text("已印发")
    expect(office.locator("#version-state")).to_have_text("已印发")
    expect(office.locator("#version-dates")).to_contain_text("数据已固定")
    version = QuarterlyReportVersion.objects.get()
    assert version.snapshot["quarter"] == quarter

    # 3. The committee opens it from the navigation and records its conclusions.
    committee = sign_in("party_committee")
    committee.get_by_role("link", name="形势分析研判").click()
    committee.get_by_role("link", name="第1版").click()
    expect(committee.locator("#commentary-text")).to_contain_text(COMMENTARY)
    form = committee.locator("#conclusions-form")
    form.get_by_label("党委会议日期").fill(today.isoformat())
    form.get_by_label("党委研判意见").fill(CONCLUSIONS)
    form.get_by_role("button", name="记录研判意见").click()
    expect(alert(committee)).to_contain_text("党委研判意见已记录")
    expect(committee.locator("#conclusions-meta")).to_contain_text(cn_date(today))
    expect(committee.locator("#conclusions-text")).to_contain_text(CONCLUSIONS)

    # 4. The PDF, downloaded from the page, says the commentary and the conclusions.
    committee.reload()
    link = committee.locator("#pdf-link").get_by_role("link")
    expect(link).to_contain_text("下载形势分析研判报告", timeout=30_000)
    with committee.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.endswith("（第1版）.pdf")
    path = tmp_path / "report.pdf"
    download.value.save_as(path)
    text = pdf_text(path).replace(" ", "")
    for expected in (f"{year}年第{quarter}季度", COMMENTARY, CONCLUSIONS, "心内科"):
        assert expected in text, expected
    assert datetime.date.fromisoformat(version.snapshot["assembled_on"]) == today
