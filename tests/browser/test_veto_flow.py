"""Ongoing supervision through the pages, in Debian's Chromium (issue 6).

The discipline office reports a veto event against 心内科 (with an evidence PDF)
and verifies it; the party committee confirms it with a 3-month rectification (the
discipline office records its announcement at the mid-level cadre meeting):
心内科's application in this year's running campaign is disqualified and its
title of last year is revoked on the honour roll. The department downloads its
rectification notice, uploads its rectification report; the period ends (the
beat sweep runs), and while the party committee has not accepted it the
department cannot apply in next year's campaign. Once it is accepted, it can.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from appraisal.enums import ApplicationState, TitleStatus
from appraisal.models import Application, Title
from documents.enums import DocumentState
from documents.models import OfficialDocument
from tests.browser.helpers import alert, cn_date, confirm_veto, pdf_text, report_veto, verify_veto
from tests.factories import (
    campaign_with_titles,
    open_campaign,
    submitted_application,
    veto_indicator,
)
from veto.enums import RectificationState
from veto.models import Rectification
from veto.services.rectifications import end_due_rectifications

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


@pytest.fixture
def supervised_department(party_office, department_a, applicant_a, head_a):
    """心内科 holds last year's title and has applied in this year's open campaign.

    Returns (this year's campaign, its application, last year's title).
    """
    last_year = timezone.localdate().year - 1
    _, (title,) = campaign_with_titles(
        party_office,
        [department_a],
        year=last_year,
        title=f"{last_year}年度清廉科室评选",
        document_number=f"〔{last_year}〕49号",
        confirmed_on=datetime.date(last_year, 12, 20),
    )
    campaign = open_campaign(party_office)
    application = submitted_application(campaign, department_a, applicant=applicant_a)
    return campaign, application, title


def test_confirmed_veto_disqualifies_revokes_and_the_rectification_runs_its_course(
    sign_in,
    live_server,
    media_root,
    tmp_path,
    supervised_department,
    party_office,
    discipline_office,
    party_committee,
    applicant_a,
):
    campaign, application, title = supervised_department
    indicator = veto_indicator()  # no. 4; the discipline office reports under every indicator
    today = timezone.localdate()
    home = live_server.url + reverse("home")
    # On or after 1 January, so it falls in this year's campaign's look-back window.
    occurred_on = max(today - datetime.timedelta(days=2), datetime.date(today.year, 1, 1))
    evidence = tmp_path / "处分决定.pdf"
    evidence.write_bytes(MINIMAL_PDF)

    # 1. The discipline office reports the event with its evidence, then verifies it.
    discipline = sign_in("discipline_office")
    report_veto(discipline, indicator, "心内科", occurred_on, evidence)
    expect(discipline.locator("#event-state")).to_have_text("待核实")
    expect(discipline.locator("#evidence")).to_contain_text("处分决定.pdf")
    verify_veto(discipline)
    expect(discipline.locator("#event-state")).to_have_text("已核实，待党委确认")

    # 2. The party committee confirms it, with a rectification of 3 months.
    committee = sign_in("party_committee")
    confirm_veto(committee, "心内科", today.year)
    expect(committee.locator("#event-state")).to_have_text("已确认")
    effects = committee.locator("#effects")
    expect(effects).to_contain_text(f"{campaign.title}：因否决性指标取消资格")
    expect(effects.locator("#rectification")).to_contain_text("撤销清廉科室称号，整改期 3 个月")

    rectification = Rectification.objects.get(unit=application.unit)
    assert rectification.months == 3
    assert rectification.starts_on == today
    assert Application.objects.get(pk=application.pk).state == ApplicationState.DISQUALIFIED
    assert Title.objects.get(pk=title.pk).status == TitleStatus.REVOKED

    # 2b. The discipline office records the revocation's announcement at the mid-level
    # cadre meeting (seed 001 七.2) on the event's page; the date proposed is today.
    meeting = f"{today.year}年第9次中层干部会议"
    discipline.reload()
    announcement = discipline.locator("#announcement")
    expect(announcement).to_contain_text("尚未记录在中层干部会议上的通报。")
    announcement.get_by_label("会议").fill(meeting)
    announcement.get_by_role("button", name="记录通报").click()
    expect(alert(discipline)).to_contain_text("已记录中层干部会议通报。")
    expect(discipline.locator("#announcement-record")).to_have_text(
        f"已于{cn_date(today)}在{meeting}上通报撤销称号。"
    )

    # 3. The department's running application is out, naming the indicator; last
    # year's title shows as revoked on the honour roll.
    department = sign_in("applicant_a")
    department.get_by_role("link", name=f"{campaign.title}：心内科").click()
    disqualified = department.locator("#veto-disqualified")
    expect(disqualified).to_contain_text("因否决性指标取消资格")
    expect(disqualified).to_contain_text(f"第{indicator.number}项否决性指标：{indicator.text}")
    department.goto(home)
    department.get_by_role("link", name="荣誉榜：历年清廉科室").click()
    row = (
        department.locator("#honour-roll tbody tr")
        .filter(has_text=f"{title.year}年度")
        .filter(has_text="心内科")
    )
    expect(row).to_contain_text("已撤销")
    expect(row).to_contain_text(cn_date(today))

    # 4. The department opens its rectification from its home page and downloads the
    # notice (rendered by the task, eager in tests; the page polls until it is ready).
    department.goto(home)
    department.get_by_role("link", name="整改中：心内科").click()
    expect(department.locator("#period")).to_have_text(
        f"{cn_date(rectification.starts_on)}至{cn_date(rectification.ends_on)}"
    )
    notice_link = department.locator("#rectification-notice").get_by_role(
        "link", name="下载整改通知书"
    )
    expect(notice_link).to_be_visible()
    assert OfficialDocument.objects.get(rectification=rectification).state == DocumentState.READY
    with department.expect_download() as download_info:
        notice_link.click()
    download = download_info.value
    assert download.suggested_filename == "心内科整改通知书.pdf"
    notice = tmp_path / "rectification.pdf"
    download.save_as(notice)
    assert notice.read_bytes().startswith(b"%PDF-")
    text = pdf_text(notice)
    assert "关于对心内科限期整改的通知" in text
    assert rectification.notice_number in text
    assert f"取消你科室{title.year}年度“清廉科室”称号" in text
    assert f"整改期：{cn_date(rectification.starts_on)}至{cn_date(rectification.ends_on)}。" in text

    # 5. The department uploads its rectification report; the period ends (moved into
    # the past, the beat sweep runs); the party committee accepts it.
    report = tmp_path / "心内科整改报告.pdf"
    report.write_bytes(MINIMAL_PDF)
    report_form = department.locator("#report-form")
    report_form.get_by_label("整改报告").set_input_files(report)
    report_form.get_by_label("说明").fill("已组织全科廉政警示教育并建立红包登记制度。")
    report_form.get_by_role("button", name="提交整改报告").click()
    expect(alert(department)).to_contain_text(
        "已提交整改报告「心内科整改报告.pdf」，党办和纪检监察室已收到通知。"
    )
    expect(department.locator("#reports")).to_contain_text("心内科整改报告.pdf")

    shift = datetime.timedelta(days=(rectification.ends_on - today).days + 1)
    Rectification.objects.filter(pk=rectification.pk).update(
        starts_on=rectification.starts_on - shift, ends_on=rectification.ends_on - shift
    )
    assert [r.pk for r in end_due_rectifications()] == [rectification.pk]
    rectification.refresh_from_db()
    assert rectification.state == RectificationState.DUE

    # Next year's campaign opens now. Its look-back window starts on 1 January of
    # next year (no veto_lookback_from), after the event's date, so the event alone
    # no longer bars the department: only the rectification does, until accepted.
    next_year = today.year + 1
    next_campaign = open_campaign(
        party_office,
        year=next_year,
        title=f"{next_year}年度清廉科室评选",
        document_number=f"〔{next_year}〕49号",
    )
    department.goto(home)
    department.get_by_role("link", name=f"{next_campaign.title}：心内科").click()
    expect(department.locator("#application-block")).to_contain_text(
        f"整改期至{cn_date(rectification.ends_on)}，验收通过后方可申报。"
    )
    expect(department.get_by_role("button", name="开始申报")).to_have_count(0)

    committee.goto(home)
    committee.get_by_role("link", name="待验收的整改：心内科").click()
    expect(committee.locator("#rectification-state")).to_have_text("整改期满，待验收")
    expect(committee.locator("#reports")).to_contain_text("心内科整改报告.pdf")
    accept = committee.locator("#accept-form")
    accept.get_by_label("验收意见").fill(
        f"经院党委会{next_year}年第3次会议研究，整改到位，同意验收。"
    )
    accept.get_by_role("button", name="验收通过").click()
    expect(alert(committee)).to_contain_text("已验收通过，已通知该科室可重新申报。")
    expect(committee.locator("#rectification-state")).to_have_text("已验收")

    # 6. The department can apply again in next year's campaign.
    department.goto(home)
    expect(department.locator("main")).not_to_contain_text("整改中：心内科")
    department.get_by_role("link", name=f"{next_campaign.title}：心内科").click()
    expect(department.locator("#application-block")).to_have_count(0)
    department.get_by_role("button", name="开始申报").click()
    expect(alert(department)).to_contain_text("已开始申报，人数已按人员名单预填，请核对。")
    assert Application.objects.filter(campaign=next_campaign, unit=application.unit).exists()
