"""A department's integrity records through the pages, in Debian's Chromium (issue 15).

心内科's contact follows the home page's item to the department's records, records a
commitment signed on paper (a scan of the wrong kind is refused first, naming what is
allowed) and a study session with two attendees from the roster; a staff member of 心内科
confirms their own commitment from their home page; the contact sees the coverage go from
0 to 2 of the department's 4 members.
"""

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from integrity.models import Commitment, StudySession
from tests.browser.helpers import alert
from tests.factories import PersonFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def department_people(department_a, applicant_a, head_a):
    """心内科: its contact and head, 王医生 (no account) and 职工甲 (an account)."""
    doctor = PersonFactory(department=department_a, name="王医生")
    user = UserFactory(username="staff_a", name="职工甲")
    PersonFactory(department=department_a, name="职工甲", user=user)
    return doctor


def test_contact_records_commitments_and_a_session_and_staff_confirm_their_own(
    sign_in, live_server, media_root, tmp_path, department_people, head_a
):
    doctor = department_people
    home = live_server.url + reverse("home")

    # 1. The contact opens the department's records from the home page: nobody signed yet.
    contact = sign_in("applicant_a")
    contact.get_by_role("link", name="心内科：尚未签署本年度廉洁承诺书的人员").click()
    expect(contact.locator("#commitment-coverage")).to_contain_text("已签 0/4 人")
    expect(contact.locator("#unsigned")).to_contain_text("王医生")

    # 2. A commitment signed on paper: a file that is no scan is refused, then the scan.
    contact.get_by_role("link", name="记录承诺书").click()
    contact.get_by_label("签署人").select_option(str(doctor.pk))
    wrong = tmp_path / "承诺书.pdf"
    wrong.write_bytes(b"PK\x03\x04" + b"\x00" * 64)
    contact.get_by_label("承诺书扫描件").set_input_files(str(wrong))
    contact.get_by_role("button", name="保存").click()
    expect(contact.locator("#id_scan_error")).to_contain_text("只能上传 PDF、JPG、PNG 文件")
    scan = tmp_path / "承诺书扫描.png"
    scan.write_bytes(PNG)
    contact.get_by_label("签署人").select_option(str(doctor.pk))
    contact.get_by_label("承诺书扫描件").set_input_files(str(scan))
    contact.get_by_role("button", name="保存").click()
    expect(alert(contact)).to_contain_text("已记录王医生的廉洁承诺书。")
    expect(contact.locator("#commitment-coverage")).to_contain_text("已签 1/4 人（25%）")

    # 3. A study session with two attendees picked from the roster.
    contact.get_by_role("link", name="记录学习").click()
    contact.get_by_label("学习主题").fill("学习《医疗机构工作人员廉洁从业九项准则》")
    contact.get_by_label(str(doctor)).check()
    contact.get_by_label(str(head_a.person)).check()
    contact.get_by_label("学习记录", exact=True).fill("全科集中学习，逐条讨论。")
    contact.get_by_role("button", name="保存").click()
    expect(alert(contact)).to_contain_text("的科内学习（2 人参加）")
    expect(contact.locator("#session-coverage")).to_contain_text("学习 1 次，覆盖 1 个季度")
    session = StudySession.objects.get()
    assert set(session.attendees.all()) == {doctor, head_a.person}

    # 4. A staff member confirms their own commitment from their home page.
    member = sign_in("staff_a")
    member.get_by_role("link", name="签署本年度廉洁承诺书").click()
    member.get_by_label("我已阅读并承诺遵守以上内容").check()
    member.get_by_role("button", name="签署本年度廉洁承诺书").click()
    expect(alert(member)).to_contain_text("已签署本年度廉洁承诺书。")
    expect(member.locator("#commitment-status")).to_contain_text("已于")
    member.goto(home)
    expect(member.get_by_role("link", name="签署本年度廉洁承诺书")).to_have_count(0)

    # 5. The contact sees the coverage change.
    contact.reload()
    expect(contact.locator("#commitment-coverage")).to_contain_text("已签 2/4 人（50%）")
    assert Commitment.objects.filter(year=datetime.date.today().year).count() == 2
