"""A finding of a supervision visit followed through the rectification ledger, in
Debian's Chromium (issue 15, item 4).

The discipline office records a finding about 心内科 on a done visit; the item appears
on the department's home page; its contact submits the rectification with a photo; the
office sends it back with a reason; the department rectifies again; the office closes
it. The ledger prints on A4 without the navigation.
"""

import datetime
import io
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from supervision.enums import LedgerState
from supervision.models import LedgerItem
from supervision.services import visits
from tests.browser.helpers import alert, cn_date
from tests.supervision.factories import planned_visit
from workcalendar.workdays import WorkCalendar

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

A4_POINTS = (595.28, 841.89)
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
    b"\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def visited(statutory_calendar, discipline_office, department_a, applicant_a, head_a):
    """Today's ad hoc visit to 心内科, done."""
    today = timezone.localdate()
    visit = planned_visit(discipline_office, [department_a], kind="ad_hoc", planned_on=today)
    return visits.visit_complete(
        visit=visit,
        by=discipline_office,
        visited_on=today,
        members="纪检监察室王某",
        methods=["hear_reports", "read_records"],
    )


def _rectify(page, text, photo):
    form = page.locator("#rectify-form")
    form.get_by_label("整改情况").fill(text)
    form.get_by_label("佐证材料").set_input_files(str(photo))
    form.get_by_role("button", name="提交整改情况").click()
    expect(alert(page)).to_contain_text("整改情况已提交")
    expect(page.locator("#item-state")).to_have_text("已整改，待核查")


def test_a_finding_is_rectified_sent_back_rectified_again_and_closed_and_the_ledger_prints(
    sign_in, live_server, media_root, tmp_path, visited, head_a
):
    import pdfplumber

    today = timezone.localdate()
    due_on = WorkCalendar().nth_working_day(today + datetime.timedelta(days=1), 5)
    home = live_server.url + reverse("home")
    photo = tmp_path / "签到表.png"
    photo.write_bytes(PNG)

    # 1. The discipline office records the finding on the visit's page.
    office = sign_in("discipline_office")
    office.goto(live_server.url + reverse("supervision:visit", args=[visited.pk]))
    form = office.locator("#finding-form")
    form.get_by_label("科室").select_option(label="心内科")
    form.get_by_label("发现的问题").fill("科内学习记录不全，缺少签到表。")
    form.get_by_label("整改责任人工号").fill(head_a.person.employee_number)
    form.get_by_label("整改期限").fill(due_on.isoformat())
    form.get_by_role("button", name="列入整改台账").click()
    expect(alert(office)).to_contain_text("已记录问题并列入整改台账")
    expect(office.locator("#findings")).to_contain_text("心内科：科内学习记录不全")
    item = LedgerItem.objects.get()

    # 2. The item is on the department's home page, with its due date.
    department = sign_in("applicant_a")
    entry = department.locator("li", has=department.get_by_role("link", name="待整改：心内科"))
    expect(entry).to_contain_text(f"截止 {cn_date(due_on)}")
    department.get_by_role("link", name="待整改：心内科").click()
    expect(department.locator("#finding")).to_contain_text("科内学习记录不全")
    _rectify(department, "已补齐签到表。", photo)
    expect(department.locator("#rectifications")).to_contain_text("签到表.png")

    # 3. The office finds it from its home page and sends it back with a reason.
    office.goto(home)
    office.get_by_role("link", name="待核查的整改事项").click()
    office.get_by_role("link", name="科内学习记录不全，缺少签到表。").click()
    send_back = office.locator("#send-back-form")
    send_back.get_by_label("退回理由").fill("签到表缺少二月。")
    send_back.get_by_role("button", name="退回").click()
    expect(alert(office)).to_contain_text("已退回")
    expect(office.locator("#item-state")).to_have_text("退回重新整改")

    # 4. The department reads the reason and rectifies again.
    department.goto(home)
    department.get_by_role("link", name="整改被退回：心内科").click()
    expect(department.locator("#item-history")).to_contain_text("签到表缺少二月。")
    _rectify(department, "已补齐二月签到表。", photo)

    # 5. The office closes it: on time.
    office.reload()
    office.locator("#close-form").get_by_role("button", name="销号").click()
    expect(alert(office)).to_contain_text("核查通过，已销号")
    expect(office.locator("#item-state")).to_have_text("已销号")
    expect(office.locator("#due-on")).to_contain_text("按期销号")
    item.refresh_from_db()
    assert item.state == LedgerState.CLOSED
    assert item.closed_on == today
    assert item.rectifications.count() == 2

    # 6. The ledger prints: A4, the hospital's header, the item, no navigation.
    office.goto(live_server.url + reverse("supervision:ledger"))
    expect(office.locator("#ledger-rows")).to_contain_text("按期销号")
    office.emulate_media(media="print")
    pdf = office.pdf(prefer_css_page_size=True, print_background=True)
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        sizes = [(p.width, p.height) for p in document.pages]
        text = "\n".join(p.extract_text() or "" for p in document.pages)
    assert sizes
    assert all(abs(w - A4_POINTS[0]) < 1 and abs(h - A4_POINTS[1]) < 1 for w, h in sizes)
    squeezed = text.replace(" ", "")
    for expected in (settings.HOSPITAL_NAME, "心内科", "按期销号"):
        assert _found(expected, squeezed), expected
    for screen_only in ("清廉科室创建考评系统", "导出 Excel"):
        assert screen_only not in text
    assert "http" not in text


def _found(expected, text):
    """As tests/appraisal/test_print.py: the CJK font's map may name a character by its
    radical (⺠ for 民), so any character may also read as a radical."""

    radical = "[\u2e80-\u2fdf]"
    return re.search("".join(f"(?:{re.escape(c)}|{radical})" for c in expected), text)
