"""A campaign from opening to the closing of its window, through the pages, in Debian's Chromium.

The party office opens a campaign with the default rubric; department A writes
its statement, uploads evidence, has its head confirm and submits; the branch
secretary gives the opinion; the party office returns it; the department
revises and resubmits; the window then closes by itself (the beat sweep).
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import Role
from appraisal.enums import ApplicationState, CampaignState
from appraisal.models import Application, Campaign
from appraisal.services.deadlines import close_due_applications
from tests.browser.helpers import branch_opinion, write_and_confirm
from tests.factories import STATEMENT, PersonFactory, UserFactory

pytestmark = [pytest.mark.browser(minutes=1), pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "zh-CN"}


def _local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def department_b_people(department_b, applicant_b):
    """Department B's head and its branch secretary, beside applicant B."""
    head = UserFactory(username="head_b", name="主任乙")
    department_b.head = PersonFactory(name="主任乙", department=department_b, user=head)
    department_b.save(update_fields=["head"])
    secretary = UserFactory(username="secretary_b", name="书记乙", roles=[Role.BRANCH_SECRETARY])
    branch = department_b.party_branch
    branch.secretary = PersonFactory(name="书记乙", department=department_b, user=secretary)
    branch.save(update_fields=["secretary"])


def test_campaign_from_opening_to_the_window_closing(
    sign_in,
    live_server,
    party_office,
    applicant_a,
    head_a,
    branch_secretary_a,
    department_b_people,
    tmp_path,
):
    evidence = tmp_path / "廉政约谈记录.pdf"
    evidence.write_bytes(b"%PDF-1.4\n% qinglian test\n")
    now = timezone.now()

    office = sign_in("party_office")
    office.get_by_role("link", name="评选批次", exact=True).first.click()
    office.get_by_role("link", name="新建评选批次").click()
    office.get_by_label("评选年度").fill(str(timezone.localdate().year))
    office.get_by_label("名称").fill("本年度清廉科室评选")
    office.get_by_label("文号").fill("〔2026〕49号")
    office.get_by_label("申报开始").fill(_local(now - datetime.timedelta(hours=1)))
    office.get_by_label("申报截止").fill(_local(now + datetime.timedelta(days=10)))
    office.get_by_label("评选名额").fill("3")
    office.get_by_label("需党支部意见").check()
    office.get_by_role("button", name="保存").click()
    expect(office.get_by_role("alert").first).to_contain_text("已套用默认考评细则")
    expect(office.locator("main")).to_contain_text("合计 100 分")
    office.get_by_role("button", name="开放申报").click()
    expect(office.get_by_role("alert").first).to_contain_text("已开放申报")
    campaign = Campaign.objects.get()
    assert campaign.state == CampaignState.OPEN

    applicant = sign_in("applicant_a")
    applicant.get_by_role("link", name="本年度清廉科室评选：心内科").click()
    applicant.get_by_role("button", name="开始申报").click()
    expect(applicant.get_by_role("alert").first).to_contain_text("人数已按人员名单预填")
    application = Application.objects.get()

    write_and_confirm(sign_in, live_server, application.pk, STATEMENT, evidence)
    branch_opinion(sign_in, "支部同意推荐。")
    application.refresh_from_db()
    assert application.state == ApplicationState.SUBMITTED

    # A second department applies with its own evidence.
    other = sign_in("applicant_b")
    other.get_by_role("link", name="本年度清廉科室评选：骨科").click()
    other.get_by_role("button", name="开始申报").click()
    expect(other.get_by_role("alert").first).to_contain_text("人数已按人员名单预填")
    application_b = Application.objects.get(unit__name="骨科")
    write_and_confirm(
        sign_in,
        live_server,
        application_b.pk,
        STATEMENT,
        evidence,
        unit="骨科",
        applicant="applicant_b",
        head="head_b",
    )
    branch_opinion(sign_in, "同意。", unit="骨科", secretary="secretary_b")

    office.goto(live_server.url + reverse("appraisal:applications", args=[campaign.pk]))
    expect(office.locator("#state-counts")).to_contain_text("已提交 2")
    office.get_by_role("link", name="心内科").click()
    expect(office.locator("main")).to_contain_text("廉政约谈记录.pdf")
    office.get_by_label("理由").fill("请补充科主任廉政约谈的记录。")
    office.get_by_role("button", name="退回科室修改").click()
    expect(office.get_by_role("alert").first).to_contain_text("已退回科室修改")

    revised = STATEMENT.replace("全过程", "各环节", 1)
    applicant = write_and_confirm(sign_in, live_server, application.pk, revised)
    branch_opinion(sign_in, "已补充，同意。")
    application.refresh_from_db()
    assert (application.state, application.version) == (ApplicationState.SUBMITTED, 2)

    office.goto(live_server.url + reverse("appraisal:application", args=[application.pk]))
    expect(office.locator("#changes")).to_contain_text("与上一版相比的修改（第 2 版）")
    expect(office.locator("#changes del").first).to_have_text("全过程")

    # The deadline passes; the beat sweep closes the window by itself.
    Campaign.objects.filter(pk=campaign.pk).update(
        closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    close_due_applications()
    office.goto(live_server.url + reverse("appraisal:campaign", args=[campaign.pk]))
    expect(office.locator("main")).to_contain_text("评审中")
    expect(office.locator("main")).to_contain_text("申报截止时间已到，系统自动截止。")


def test_administrator_enters_a_new_year_of_the_calendar(sign_in, live_server, admin_user):
    admin = sign_in("admin")
    admin.goto(live_server.url + reverse("workcalendar:year", args=[2031]))
    expect(admin.locator("main")).to_contain_text("2031 年的放假安排尚未录入")
    admin.get_by_label("依据").fill("国办发明电〔2030〕1号")
    admin.get_by_role("button", name="新建 2031 年").click()
    expect(admin.get_by_role("alert").first).to_contain_text("已创建 2031 年工作日历草稿")
    admin.get_by_label("日期").fill("2031-01-01")
    admin.get_by_label("节日").fill("元旦")
    admin.get_by_role("button", name="登记").click()
    expect(admin.get_by_role("alert").first).to_contain_text("已登记 1月1日")
    admin.get_by_role("button", name="核对无误，确认").click()
    expect(admin.get_by_role("alert").first).to_contain_text("2031 年工作日历已确认")
