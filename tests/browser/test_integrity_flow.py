"""A department's integrity records through the pages, in Debian's Chromium (issue 15).

心内科's contact follows the home page's item to the department's records, records a
commitment signed on paper (a scan of the wrong kind is refused first, naming what is
allowed) and a study session with two attendees from the roster; a staff member of 心内科
confirms their own commitment from their home page; the contact sees the coverage go from
0 to 2 of the department's 4 members. Then 心内科 applies: the application offers these
records under the criteria they evidence, the contact attaches them with one click and
submits, a commitment recorded afterwards leaves the submitted summary as it was, and the
assigned reviewer reads it and follows its link to the department's records.
"""

import datetime
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts.roles import Role
from appraisal.models import Criterion
from appraisal.services import applications as application_services
from appraisal.services import assignment
from integrity.models import Commitment, StudySession
from integrity.services.commitments import commitment_confirm
from tests.browser.helpers import alert
from tests.factories import (
    STATEMENT,
    DepartmentFactory,
    PersonFactory,
    UserFactory,
    close_applications,
    open_campaign,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
# The default rubric's criteria these records evidence (fixtures/default_rubric.json).
COMMITMENTS_CRITERION = "科室与全体人员签订廉洁承诺书"
SESSIONS_CRITERION = "科内学习党纪党规、法律法规、行业作风要求每季不少于 1 次"


def named(action, kind):
    """The accessible name of an action on a kind of record: its visible word and the
    kind (visually hidden; Chromium puts a space between them)."""
    return re.compile(rf"^{action}\s*：{kind}$")


@pytest.fixture
def department_people(department_a, applicant_a, head_a):
    """心内科: its contact and head, 王医生 (no account) and 职工甲 (an account)."""
    doctor = PersonFactory(department=department_a, name="王医生")
    user = UserFactory(username="staff_a", name="职工甲")
    PersonFactory(department=department_a, name="职工甲", user=user)
    return doctor


def test_contact_records_commitments_and_a_session_and_attaches_them_to_the_application(
    sign_in,
    live_server,
    media_root,
    tmp_path,
    department_people,
    head_a,
    applicant_a,
    department_a,
    party_office,
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

    # 6. The department applies: each criterion offers its records of the year, attached
    # with one click.
    campaign = open_campaign(party_office)
    application = application_services.application_start(
        campaign=campaign, unit=department_a, by=applicant_a
    )
    application_services.application_save(
        application=application,
        by=applicant_a,
        staff_count=4,
        party_member_count=1,
        materials_list="廉洁承诺书、科内学习记录",
        statement=STATEMENT,
    )
    rubric = campaign.rubric
    signed = Criterion.objects.get(standard__rubric=rubric, text=COMMITMENTS_CRITERION)
    studied = Criterion.objects.get(standard__rubric=rubric, text=SESSIONS_CRITERION)
    contact.goto(live_server.url + reverse("appraisal:application_edit", args=[application.pk]))
    signed_panel = contact.locator(f"#records-{signed.pk}")
    expect(signed_panel).to_contain_text("已签 2/4 人（50%）")
    signed_panel.get_by_role("button", name=named("附上", "廉洁承诺书")).click()
    expect(signed_panel.locator(".attached-records")).to_contain_text("已签 2/4 人（50%）")
    studied_panel = contact.locator(f"#records-{studied.pk}")
    studied_panel.get_by_role("button", name=named("附上", "科内学习")).click()
    expect(studied_panel.locator(".attached-records")).to_contain_text("学习 1 次")

    # 7. Submitted; a commitment recorded afterwards does not change what was submitted.
    application_services.head_confirm(application=application, by=head_a)
    contact.goto(live_server.url + reverse("appraisal:application", args=[application.pk]))
    contact.get_by_role("button", name="提交申报").click()
    expect(contact.get_by_role("alert").first).to_contain_text("已提交党办")
    commitment_confirm(by=head_a)

    # 8. The assigned reviewer reads the records as attached and follows their link.
    campaign = close_applications(campaign)
    user = UserFactory(username="reviewer_c", name="评审人丙", roles=[Role.REVIEWER])
    PersonFactory(department=DepartmentFactory(code="C09", name="检验科"), user=user)
    assignment.pool_add(campaign=campaign, reviewer=user, by=party_office)
    review = assignment.review_assign(application=application, reviewer=user, by=party_office)
    reviewer = sign_in("reviewer_c")
    reviewer.goto(live_server.url + reverse("appraisal:review", args=[review.pk]))
    item = reviewer.locator(f"#criterion-{signed.pk}")
    expect(item).to_contain_text("已签 2/4 人（50%）")
    expect(item).not_to_contain_text("已签 3/4 人")
    item.get_by_role("link", name=named("查看台账", "廉洁承诺书")).click()
    expect(reviewer.locator("#commitment-coverage")).to_contain_text("已签 3/4 人（75%）")
