"""Steps and readings shared by the browser tests (the ``sign_in`` fixture is in conftest.py)."""

import datetime
import re
import shutil
import subprocess

from django.urls import reverse
from playwright.sync_api import expect

from publicity.models import Publicity
from publicity.services.publicities import close_due_publicities

# A phone-sized window (a staff member on the intranet from their phone).
PHONE = {"width": 390, "height": 844}


def alert(page):
    """The first message of the page (the outcome of the last action)."""
    return page.get_by_role("alert").first


def cn_date(day):
    """A date as the pages and notices write it: 2026年9月18日."""
    return f"{day.year}年{day.month}月{day.day}日"


def pdf_text(path):
    """The PDF's text as pdftotext reads it, without line breaks (a title may wrap)."""
    text = subprocess.run(  # noqa: S603 - poppler-utils on our own file, fixed arguments
        [shutil.which("pdftotext"), str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    ).stdout
    return text.replace("\n", "")


def write_and_confirm(
    sign_in,
    live_server,
    application_pk,
    statement,
    evidence_path=None,
    *,
    unit="心内科",
    applicant="applicant_a",
    head="head_a",
):
    """The applicant writes the statement (and uploads ``evidence_path`` under the
    first criterion), the head confirms in their own account, the applicant submits
    to the branch secretary. Returns the applicant's page."""
    applicant_name, head_name = applicant, head
    applicant = sign_in(applicant_name)
    applicant.goto(live_server.url + reverse("appraisal:application_edit", args=[application_pk]))
    applicant.get_by_label("申报材料").fill(statement)
    expect(applicant.locator("#statement-count")).to_have_text(str(len(statement)))
    applicant.get_by_role("button", name="保存", exact=True).click()
    expect(alert(applicant)).to_contain_text("已保存")
    if evidence_path is not None:
        first_criterion = applicant.locator("[id^=criterion-]").first
        first_criterion.get_by_label("选择佐证材料").set_input_files(evidence_path)
        first_criterion.get_by_role("button", name="上传").click()
        expect(alert(applicant)).to_contain_text(f"已上传「{evidence_path.name}」")

    head = sign_in(head_name)
    head.get_by_role("link", name=f"待您确认：{unit}的申报").click()
    head.get_by_role("button", name="负责人确认").click()
    expect(alert(head)).to_contain_text("已确认申报内容")

    applicant.goto(live_server.url + reverse("appraisal:application", args=[application_pk]))
    applicant.get_by_role("button", name="提交申报").click()
    expect(alert(applicant)).to_contain_text("已提交，等待党支部书记填写意见")
    return applicant


def branch_opinion(sign_in, opinion, *, unit="心内科", secretary="secretary_a"):
    """The branch secretary agrees to recommend ``unit``, from their home page."""
    page = sign_in(secretary)
    page.get_by_role("link", name=f"待填写党支部意见：{unit}").click()
    page.get_by_role("radio", name="同意推荐", exact=True).check()
    page.get_by_label("意见").fill(opinion)
    page.get_by_role("button", name="提交党支部意见").click()
    expect(alert(page)).to_contain_text("党支部意见已记录")
    return page


def decide(page, unit, reason, button):
    """On the leading group's decision page: approve (``通过``) or reject (``不通过``) ``unit``."""
    row = page.locator("#decision-table tbody tr").filter(has_text=unit)
    row.get_by_label("审定理由").fill(reason)
    row.get_by_role("button", name=button, exact=True).click()


def pass_the_deadline(publicity, today):
    """The clock passes the publicity's deadline: the whole period moves back until
    its last day was yesterday, and the sweep closes it as the beat would."""
    shift = datetime.timedelta(days=(publicity.last_day - today).days + 1)
    Publicity.objects.filter(pk=publicity.pk).update(
        starts_on=publicity.starts_on - shift,
        last_day=publicity.last_day - shift,
        ends_at=publicity.ends_at - shift,
    )
    assert [p.pk for p in close_due_publicities()] == [publicity.pk]
    publicity.refresh_from_db()


VETO_FACTS = "经查，心内科一名医生收受患者红包，已受到医院处分。"


def report_veto(page, indicator, unit, occurred_on, evidence):
    """The discipline office reports a veto event about ``unit`` with one evidence file."""
    page.get_by_role("link", name="报告否决事项").click()
    page.get_by_label("否决性指标").select_option(label=f"{indicator.number}. {indicator.text}")
    page.get_by_label(re.compile(r"^科室\s*\*?$")).select_option(label=unit)
    page.get_by_label("发生日期").fill(occurred_on.isoformat())
    page.get_by_label("事实描述").fill(VETO_FACTS)
    page.get_by_label("证据材料（可选）").set_input_files(evidence)
    page.get_by_role("button", name="提交报告").click()
    expect(alert(page)).to_contain_text("否决事项已报告，纪检监察室将核实。")


def verify_veto(page):
    """The discipline office verifies the event on its page."""
    verify = page.locator("#verify")
    verify.get_by_label("核实情况").fill("已调阅院纪委处分决定，情况属实。")
    verify.get_by_role("button", name="核实", exact=True).click()
    expect(alert(page)).to_contain_text("已核实，报院党委确认。")


def confirm_veto(page, unit, year):
    """The party committee opens the verified event about ``unit`` (a title holder)
    and confirms it with a rectification of 3 months."""
    page.get_by_role("link", name="待院党委确认的否决事项").click()
    page.locator("#event-table").get_by_role("link", name=unit).click()
    confirm = page.locator("#confirm")
    expect(confirm).to_contain_text("该科室持有清廉科室称号")
    confirm.get_by_label("确认意见").fill(f"经院党委会{year}年第15次会议研究，予以确认。")
    confirm.get_by_label("整改期").select_option(label="3 个月")
    confirm.get_by_role("button", name="确认", exact=True).click()
    expect(alert(page)).to_contain_text("已确认否决事项，相关处理已生效。")
