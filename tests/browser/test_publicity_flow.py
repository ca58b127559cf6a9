"""From the leading group's decision to the commendation, through the pages, in Debian's Chromium.

The leading group tries to approve all three recommended departments at once (quota
2) and is refused, approves two together, rejects the third and fixes the list; the
party office opens the publicity; a staff member objects
from a phone-sized window; the discipline office takes the objection up and
dismisses it; the deadline passes and the beat sweep closes the publicity; the
party committee confirms the list, the departments hold the title, and the
commendation notice (rendered by the task, eager in tests) downloads as a PDF.
"""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from core.i18n import full_date
from departments.models import Department
from publicity.models import Publicity
from tests.browser.helpers import PHONE, alert, cn_date, decide, pass_the_deadline, pdf_text
from tests.factories import DepartmentFactory, deciding_campaign

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def three_recommended(party_office, department_a, department_b):
    """心内科, 骨科 and 眼科 recommended to the leading group, for a quota of 2."""
    department_c = DepartmentFactory(code="C02", name="眼科")
    campaign, _ = deciding_campaign(
        party_office, [department_a, department_b, department_c], quota=2
    )
    return campaign


def test_decision_publicity_objection_and_confirmation(
    sign_in,
    live_server,
    media_root,
    tmp_path,
    statutory_calendar,
    three_recommended,
    leading_group,
    party_office,
    staff,
    discipline_office,
    party_committee,
):
    campaign = three_recommended
    campaign_url = live_server.url + reverse("appraisal:campaign", args=[campaign.pk])
    today = timezone.localdate()

    # 1. The leading group ticks all three to approve them together: refused, the quota is 2
    # and nothing changes; it unticks 眼科 and approves the other two with one reason, rejects
    # 眼科 on its own row and fixes the list.
    leader = sign_in("leading_group")
    leader.get_by_role("link", name=f"{campaign.title}：待审定推荐名单").click()
    counter = leader.locator("#decision-counter")
    expect(counter).to_contain_text("已通过 0 / 名额 2")
    expect(counter).to_contain_text("待审定 3 个")
    leader.get_by_label("全选").check()
    expect(leader.get_by_label("选择 眼科")).to_be_checked()
    leader.get_by_label("所选科室的审定理由").fill("廉政风险防控扎实，清廉文化建设有特色，同意。")
    leader.get_by_role("button", name="通过所选科室", exact=True).click()
    expect(leader.locator("#bulk-decision-error")).to_have_text(
        "评选名额为 2 个，已审定通过 0 个，本次将再通过 3 个（心内科、骨科、眼科），共 3 个，"
        "超过名额。请减少勾选的科室，或先将已通过的科室改为不通过。"
    )
    expect(counter).to_contain_text("已通过 0 / 名额 2")
    expect(leader.get_by_label("所选科室的审定理由")).to_have_value(
        "廉政风险防控扎实，清廉文化建设有特色，同意。"
    )
    leader.get_by_label("选择 眼科").uncheck()
    leader.get_by_role("button", name="通过所选科室", exact=True).click()
    expect(counter).to_contain_text("已通过 2 / 名额 2")
    expect(leader.locator("#decision-list")).to_contain_text("已审定通过 2 个科室：心内科、骨科。")
    decide(leader, "眼科", "名额已满，眼科排名靠后，不予通过。", "不通过")
    expect(counter).to_contain_text("待审定 0 个")
    expect(leader.locator("#decision-table")).to_contain_text("名额已满，眼科排名靠后，不予通过。")
    leader.get_by_role("button", name="审定名单", exact=True).click()
    expect(alert(leader)).to_contain_text("名单已审定，已通知党办发布公示。")
    expect(leader.locator("#fixed-list")).to_contain_text("审定名单：心内科、骨科")

    # 2. The party office opens the publicity from the campaign page, starting today.
    office = sign_in("party_office")
    office.goto(campaign_url)
    office.get_by_role("link", name="发布公示", exact=True).click()
    office.get_by_label("公示开始日期").fill(today.isoformat())
    expect(office.locator("#period-preview")).to_contain_text(f"公示期：{cn_date(today)}至")
    office.get_by_role("button", name="发布公示", exact=True).click()
    expect(alert(office)).to_contain_text("公示已发布，公示栏已更新。")
    publicity = Publicity.objects.get(campaign=campaign)
    period = f"公示期：{cn_date(publicity.starts_on)}至{cn_date(publicity.last_day)}"
    office.goto(live_server.url + reverse("publicity:board"))
    card = office.locator(f"#publicity-{publicity.pk}")
    expect(card.locator(".publicity-period")).to_have_text(period)
    expect(card.locator(".publicity-units li")).to_have_text(["心内科", "骨科"])
    expect(card).not_to_contain_text("眼科")

    # 3. A staff member objects to 心内科 from a phone-sized window.
    phone = sign_in("staff", phone=True)
    phone.get_by_role("link", name=f"公示中：{campaign.title}").click()
    expect(phone.locator(".publicity-period")).to_have_text(period)
    phone.get_by_role("link", name="提出异议").click()
    phone.get_by_label("被提出异议的科室").select_option(label="心内科")
    content = phone.get_by_label("异议内容")
    content.fill("心内科今年曾收受患者红包，尚未处理，请核实。")
    expect(phone.locator("#objection-count")).to_have_text("22")
    submit = phone.get_by_role("button", name="提交异议")
    submit.scroll_into_view_if_needed()
    expect(submit).to_be_visible()
    box = submit.bounding_box()
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= PHONE["width"]
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    submit.tap()
    expect(alert(phone)).to_contain_text("异议已提交，受理编号")
    receipt_number = phone.locator("#receipt-number").inner_text().strip()
    expect(alert(phone)).to_contain_text(f"异议已提交，受理编号 {receipt_number}。")
    expect(phone.locator("main")).to_contain_text("心内科")

    # 4. The discipline office takes it up and dismisses it with its findings.
    discipline = sign_in("discipline_office")
    discipline.get_by_role("link", name="待受理的异议").click()
    discipline.get_by_role("link", name=receipt_number).click()
    expect(discipline.get_by_role("heading", level=1)).to_contain_text(
        f"对“心内科”的异议 {receipt_number}"
    )
    discipline.get_by_role("button", name="受理", exact=True).click()
    expect(alert(discipline)).to_contain_text("已受理，请调查后办结。")
    dismissal = discipline.locator("#settle-dismissed")
    dismissal.get_by_label("调查结论").fill("经调阅记录并约谈相关人员，未发现收受红包的情况。")
    dismissal.get_by_role("button", name="异议不成立").click()
    expect(alert(discipline)).to_contain_text("已办结：异议不成立。")
    expect(discipline.locator("main")).to_contain_text("未发现收受红包的情况")

    # 5. The clock passes the deadline.
    publicity.refresh_from_db()
    pass_the_deadline(publicity, today)
    office.goto(live_server.url + reverse("publicity:board"))
    expect(office.locator("#current")).to_contain_text("目前没有正在进行的公示。")
    archived = office.locator("#archive li").filter(has_text=campaign.title)
    expect(archived).to_contain_text(
        f"公示期：{cn_date(publicity.starts_on)}至{cn_date(publicity.last_day)}"
    )
    expect(archived).to_contain_text("最终名单：心内科、骨科")
    expect(archived).to_contain_text("公示结束，名单无变化。")

    # 6. The party committee confirms the list at its meeting.
    committee = sign_in("party_committee")
    committee.get_by_role("link", name=f"待党委确认：{campaign.title}").click()
    expect(committee.locator("#final-list")).to_contain_text("心内科")
    expect(committee.locator("#final-list")).not_to_contain_text("眼科")
    committee.get_by_label("党委确认日期").fill(today.isoformat())
    committee.get_by_label("会议").fill(f"院党委会{today.year}年第12次会议")
    committee.get_by_role("button", name="确认名单，予以表扬").click()
    expect(alert(committee)).to_contain_text(
        "名单已确认，各科室予以表扬；表扬通报和荣誉证书正在生成。"
    )
    confirmation = committee.locator("#confirmation")
    expect(confirmation).to_contain_text(full_date(today))
    expect(confirmation).to_contain_text(f"院党委会{today.year}年第12次会议")
    titles = committee.locator("#titles tbody tr")
    expect(titles).to_have_count(2)
    for row, (unit, number) in enumerate([("心内科", "001"), ("骨科", "002")]):
        cells = titles.nth(row).locator("td")
        expect(cells.nth(0)).to_have_text(unit)
        expect(cells.nth(1)).to_have_text(f"QL{campaign.year}-{number}")
        expect(cells.nth(2)).to_have_text(full_date(today))
    assert not Department.objects.get(name="眼科").titles.exists()

    # 7. The commendation notice downloads from the campaign page (the page polls the
    # status until the worker has stored it).
    notice_link = committee.locator("#commendation-document").get_by_role(
        "link", name="下载表扬通报"
    )
    expect(notice_link).to_be_visible()
    with committee.expect_download() as download_info:
        notice_link.click()
    download = download_info.value
    assert download.suggested_filename == f"{campaign.year}年度清廉科室表扬通报.pdf"
    notice = tmp_path / "commendation.pdf"
    download.save_as(notice)
    assert notice.read_bytes().startswith(b"%PDF-")
    text = pdf_text(notice)
    campaign.refresh_from_db()
    assert f"关于表扬{campaign.year}年度清廉科室的通报" in text
    assert campaign.commendation_number in text
    assert "心内科" in text
    assert "骨科" in text
    assert "眼科" not in text
