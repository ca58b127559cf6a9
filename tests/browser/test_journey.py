"""A whole campaign on a fresh database, through the pages only, in Debian's Chromium (issue 7).

The test thread only creates the accounts and the departments (as an
administrator would before the first campaign), moves deadlines into the past
and runs the beat sweeps as the worker would, and reads the database to check.
Everything else is done in the browser, by each role in turn:

1. the party office opens a campaign (party-branch step on, quota 2, two
   reviewers per application) and imports the roster of the three departments;
2. 心内科, 呼吸内科 and 消化内科 apply with an evidence PDF, their heads confirm,
   the branch secretary gives the branch opinion;
3. the window closes (sweep); the party office returns 呼吸内科's application,
   which is revised, confirmed, resubmitted and passes the branch again (a
   return is only possible before the review starts);
4. the party office puts five reviewers of other departments on the team and
   assigns automatically; each reviewer scores and submits their share;
5. the party office reads the ranking, recommends all three and forwards;
6. the leading group approves 心内科 and 消化内科 (quota 2), rejects 呼吸内科;
7. the publicity opens; a staff member objects to 消化内科; the discipline
   office upholds it and 消化内科 leaves the list on the board;
8. the deadline passes (sweep); the party committee confirms: 心内科 holds the
   title; the commendation notice and its certificate download as PDFs;
9. a veto event against 心内科 is reported and verified by the discipline
   office, confirmed by the party committee with a rectification: the title
   shows revoked on the honour roll and the rectification notice downloads.

The campaign is four whole flows, one test each, so that the parallel suite
(``make test``) runs them side by side instead of one worker taking them all
in turn: applying (1-3), reviewing and deciding (4-6), publicity and
confirmation (7-8), the veto (9). Each later flow starts where the one before
ends: the test thread brings the campaign there through the same services the
pages call, with the same departments, people, scores, opinions and decisions
as the pages before it (``_applied``, ``_decided``, ``_confirmed``), and the
browser takes over from there.
"""

import datetime
import functools

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from appraisal.enums import ApplicationState, CampaignState, ReviewState, TitleStatus
from appraisal.models import Application, Campaign, Criterion, Review, Title
from appraisal.services import applications as applying
from appraisal.services.assignment import pool_add, reviews_assign_automatically
from appraisal.services.branch_opinion import branch_opinion_record
from appraisal.services.campaigns import campaign_create, campaign_open
from appraisal.services.deadlines import close_due_applications
from appraisal.services.decisions import campaign_fix_list, decision_record
from appraisal.services.evidence import evidence_add
from appraisal.services.reviews import campaign_forward, review_opinion_record
from departments.models import Department
from departments.services.roster import roster_import_confirm, roster_import_upload
from publicity.enums import ObjectionState
from publicity.models import Objection, Publicity
from publicity.services.confirmation import campaign_confirm
from publicity.services.objection_handling import objection_settle, objection_take_up
from publicity.services.objections import objection_submit
from publicity.services.publicities import publicity_open
from tests.browser.helpers import (
    alert,
    cn_date,
    confirm_veto,
    decide,
    pass_the_deadline,
    pdf_text,
    report_veto,
    verify_veto,
)
from tests.factories import (
    PEOPLE_HEADERS,
    STATEMENT,
    DepartmentFactory,
    applicant_of,
    close_applications,
    fill_review,
    head_of,
    make_reviewer,
    spreadsheet_bytes,
)
from veto.models import Rectification, VetoIndicator
from veto.services.indicators import indicators_load_defaults

pytestmark = [pytest.mark.browser(minutes=1), pytest.mark.django_db(transaction=True)]

TITLE = "本年度清廉科室评选"
CARDIOLOGY, RESPIRATORY, DIGESTIVE = "心内科", "呼吸内科", "消化内科"
APPLYING = (
    # unit, applicant, head
    (CARDIOLOGY, "applicant_a", "head_a"),
    (RESPIRATORY, "applicant_a02", "head_a02"),
    (DIGESTIVE, "applicant_a03", "head_a03"),
)
REVIEWERS = (
    # username, name, department code, department name
    ("reviewer_1", "评审人一", "J11", "检验科"),
    ("reviewer_2", "评审人二", "Y11", "药剂科"),
    ("reviewer_3", "评审人三", "F11", "放射科"),
    ("reviewer_4", "评审人四", "M11", "医务科"),
    ("reviewer_5", "评审人五", "N11", "护理部"),
)
# What every reviewer takes off the full points, by criterion (0-based, in the
# rubric's order): the ranking is 心内科 100, 消化内科 99, 呼吸内科 96. No score
# falls below half of its criterion, so no comment is needed.
DEDUCTIONS = {CARDIOLOGY: {}, DIGESTIVE: {0: 1}, RESPIRATORY: {0: 1, 5: 1, 14: 2}}
# The roster the party office imports: five members for each applying department.
ROSTER = [
    ["E2101", "林小雨", "A01", "2019-09-01", "是", "是"],
    ["E2102", "郭大海", "A01", "2021-02-01", "是", "是"],
    ["E2103", "陈思远", "A01", "2022-07-01", "否", "是"],
    ["E2104", "王丽华", "A01", "2023-03-01", "否", "是"],
    ["E2105", "赵建国", "A01", "2024-08-01", "否", "是"],
    ["E2201", "周晓燕", "A02", "2018-05-01", "是", "是"],
    ["E2202", "吴志强", "A02", "2020-10-01", "否", "是"],
    ["E2203", "郑美玲", "A02", "2021-06-01", "否", "是"],
    ["E2204", "孙浩然", "A02", "2022-09-01", "否", "是"],
    ["E2205", "何静", "A02", "2024-01-01", "否", "是"],
    ["E2301", "马文博", "A03", "2017-04-01", "是", "是"],
    ["E2302", "朱丽娟", "A03", "2019-11-01", "是", "是"],
    ["E2303", "胡海涛", "A03", "2020-12-01", "是", "是"],
    ["E2304", "高雪梅", "A03", "2023-05-01", "否", "是"],
    ["E2305", "罗成", "A03", "2024-06-01", "否", "是"],
]
# 心内科 has its three accounts (applicant, head, branch secretary) on the roster
# already, the other two their heads: (staff, party members) after the import.
PREFILLED = {CARDIOLOGY: ("8", "2"), RESPIRATORY: ("6", "1"), DIGESTIVE: ("6", "3")}
MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


@pytest.fixture
def hospital(
    department_a,
    applicant_a,
    head_a,
    branch_secretary_a,
    party_office,
    leading_group,
    party_committee,
    discipline_office,
    staff,
    statutory_calendar,
):
    """The accounts and departments an administrator sets up before the first campaign.

    心内科 (department A), 呼吸内科 and 消化内科 are in 内科党支部, whose secretary is
    branch_secretary_a; each has an applicant and a head. Five reviewers work in
    five other departments. ``staff`` works in 骨科. The default veto indicators
    are the migration's data (a transactional test before this one may have
    flushed them, as the calendar years)."""
    for code, name in (("A02", RESPIRATORY), ("A03", DIGESTIVE)):
        unit = DepartmentFactory(code=code, name=name, party_branch=department_a.party_branch)
        applicant_of(unit)
        head_of(unit)
    for username, name, code, department in REVIEWERS:
        make_reviewer(DepartmentFactory(code=code, name=department), username, name)
    indicators_load_defaults()


@pytest.fixture
def person(sign_in, live_server):
    """``person("staff")``: that user's browser page, signed in once and then reused,
    opened on their home page."""
    pages = {}

    def page_of(username):
        if username not in pages:
            pages[username] = sign_in(username)
        else:
            pages[username].goto(live_server.url + reverse("home"))
        return pages[username]

    return page_of


def _local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


# --- 1. the party office opens the campaign and imports the roster ---------------------------


def _open_campaign(person, today):
    office = person("party_office")
    office.get_by_role("link", name="评选批次", exact=True).first.click()
    office.get_by_role("link", name="新建评选批次").click()
    now = timezone.now()
    office.get_by_label("评选年度").fill(str(today.year))
    office.get_by_label("名称").fill(TITLE)
    office.get_by_label("文号").fill(f"〔{today.year}〕49号")
    office.get_by_label("申报开始").fill(_local(now - datetime.timedelta(hours=1)))
    office.get_by_label("申报截止").fill(_local(now + datetime.timedelta(days=10)))
    office.get_by_label("评选名额").fill("2")
    office.get_by_label("需党支部意见").check()
    office.get_by_label("每份申报评审人数").fill("2")
    office.get_by_role("button", name="保存").click()
    expect(alert(office)).to_contain_text("已套用默认考评细则")
    expect(office.locator("main")).to_contain_text("合计 100 分")
    office.get_by_role("button", name="开放申报").click()
    expect(alert(office)).to_contain_text("已开放申报")
    campaign = Campaign.objects.get()
    assert (campaign.state, campaign.quota, campaign.uses_branch_opinion) == (
        CampaignState.OPEN,
        2,
        True,
    )
    return campaign, office.url


def _import_roster(person, tmp_path):
    roster = tmp_path / "人员名册.xlsx"
    roster.write_bytes(spreadsheet_bytes(PEOPLE_HEADERS, ROSTER))
    office = person("party_office")
    office.get_by_role("link", name="人员", exact=True).first.click()
    office.get_by_role("link", name="导入", exact=True).click()
    office.get_by_label("表格文件").set_input_files(roster)
    office.get_by_role("button", name="上传并预览").click()
    expect(office.locator("#import-counts")).to_contain_text(f"新增 {len(ROSTER)}")
    office.get_by_role("button", name="确认导入").click()
    expect(alert(office)).to_contain_text(
        f"导入完成：新增 {len(ROSTER)} 条，修改 0 条，0 条无变化。"
    )


# --- 2. three departments apply; the branch gives its opinion -----------------------------------


def _apply(person, unit, applicant, head, evidence):
    """``unit`` starts its application from the applicant's home page, writes it, uploads
    ``evidence``, has the head confirm and submits to the branch."""
    page = person(applicant)
    page.get_by_role("link", name=f"{TITLE}：{unit}").click()
    page.get_by_role("button", name="开始申报").click()
    expect(alert(page)).to_contain_text("已开始申报，人数已按人员名单预填，请核对。")
    staff_count, party_members = PREFILLED[unit]
    expect(page.get_by_label("科室人数")).to_have_value(staff_count)
    expect(page.get_by_label("党员人数")).to_have_value(party_members)
    page.get_by_label("申报材料").fill(STATEMENT)
    expect(page.locator("#statement-count")).to_have_text(str(len(STATEMENT)))
    page.get_by_role("button", name="保存", exact=True).click()
    expect(alert(page)).to_contain_text("已保存")
    first_criterion = page.locator("[id^=criterion-]").first
    first_criterion.get_by_label("选择佐证材料").set_input_files(evidence)
    first_criterion.get_by_role("button", name="上传").click()
    expect(alert(page)).to_contain_text(f"已上传「{evidence.name}」")
    _confirm_and_submit(person, unit, applicant, head)


def _confirm_and_submit(person, unit, applicant, head):
    head_page = person(head)
    head_page.get_by_role("link", name=f"待您确认：{unit}的申报").click()
    head_page.get_by_role("button", name="负责人确认").click()
    expect(alert(head_page)).to_contain_text("已确认申报内容")
    page = person(applicant)
    page.get_by_role("link", name=f"{TITLE}：{unit}").click()
    page.get_by_role("button", name="提交申报").click()
    expect(alert(page)).to_contain_text("已提交，等待党支部书记填写意见")


def _branch_opinion(person, unit, opinion):
    secretary = person("secretary_a")
    secretary.get_by_role("link", name=f"待填写党支部意见：{unit}").click()
    secretary.get_by_role("radio", name="同意推荐", exact=True).check()
    secretary.get_by_label("意见").fill(opinion)
    secretary.get_by_role("button", name="提交党支部意见").click()
    expect(alert(secretary)).to_contain_text("党支部意见已记录")


# --- 3. the window closes; one application is returned and resubmitted ------------------------


def _close_window(person, campaign, campaign_url):
    """The deadline passes: the beat sweep closes the window."""
    Campaign.objects.filter(pk=campaign.pk).update(
        closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert [c.pk for c in close_due_applications()] == [campaign.pk]
    office = person("party_office")
    office.goto(campaign_url)
    expect(office.locator("main")).to_contain_text("申报截止时间已到，系统自动截止。")


def _return_and_resubmit(person, campaign):
    office = person("party_office")
    office.get_by_role("link", name=f"{TITLE}（评审中）").click()
    expect(office.locator("#state-counts")).to_contain_text("已提交 3")
    office.get_by_role("link", name=RESPIRATORY).click()
    expect(office.locator("main")).to_contain_text(f"{RESPIRATORY}廉政约谈记录.pdf")
    office.get_by_label("理由").fill("请补充科主任年度廉政约谈的记录。")
    office.get_by_role("button", name="退回科室修改").click()
    expect(alert(office)).to_contain_text("已退回科室修改，并已通知申报人。")

    _, applicant, head = APPLYING[1]
    page = person(applicant)
    page.get_by_role("link", name=f"{TITLE}：{RESPIRATORY}").click()
    page.get_by_role("link", name="填写与修改").click()
    expect(page.get_by_role("alert").filter(has_text="退回理由")).to_contain_text(
        "请补充科主任年度廉政约谈的记录。"
    )
    revised = STATEMENT.replace("全过程", "各环节", 1)
    page.get_by_label("申报材料").fill(revised)
    page.get_by_role("button", name="保存", exact=True).click()
    expect(alert(page)).to_contain_text("已保存")
    _confirm_and_submit(person, RESPIRATORY, applicant, head)
    _branch_opinion(person, RESPIRATORY, "已补充约谈记录，同意推荐。")
    application = Application.objects.get(campaign=campaign, unit__name=RESPIRATORY)
    assert (application.state, application.version) == (ApplicationState.SUBMITTED, 2)


# --- 4. five reviewers, assigned automatically, score -----------------------------------------


def _assign(person, campaign_url):
    office = person("party_office")
    office.goto(campaign_url)
    office.locator("#review-pages").get_by_role("link", name="评审管理").click()
    for _username, name, _code, department in REVIEWERS:
        office.get_by_label("评审人员").select_option(label=f"{name}（{department}）")
        office.get_by_role("button", name="加入评审组").click()
        expect(alert(office)).to_contain_text(f"已将{name}加入评审组。")
    expect(office.locator("#team tbody tr")).to_have_count(len(REVIEWERS))
    expect(office.get_by_label("每份申报评审人数")).to_have_value("2")
    office.get_by_role("button", name="自动分配").click()
    expect(alert(office)).to_contain_text("已分配 6 份评审任务；每位评审人员现有 1–2 份。")


def _score(page, unit):
    """Score every criterion of the open review sheet: full points less ``DEDUCTIONS``.

    Each score is typed and the field left (Tab), which saves it at once; the
    next waits until it is saved, as a reviewer would see it."""
    criteria = page.locator("li[id^=criterion-]")
    expect(criteria).to_have_count(15)
    for index in range(15):
        criterion = criteria.nth(index)
        box = criterion.locator("input[name=score]")
        full = int(box.get_attribute("max"))
        box.fill(str(full - DEDUCTIONS[unit].get(index, 0)))
        box.press("Tab")
        expect(criterion.locator("[id^=score-status-]")).to_contain_text("已保存")
    page.get_by_role("button", name="提交评审").click()
    expect(alert(page)).to_contain_text(f"已提交对“{unit}”的评审，评分已锁定。")


def _review(person, live_server):
    queue_url = live_server.url + reverse("appraisal:review_queue")
    for username, *_ in REVIEWERS:
        page = person(username)
        page.get_by_role("link", name="评审任务").first.click()
        # Six reviews for five reviewers: one of them has two.
        assigned = Review.objects.filter(reviewer__username=username).count()
        assert assigned in (1, 2)
        tasks = page.get_by_role("link", name="评分", exact=True)
        expect(tasks).to_have_count(assigned)
        for _ in range(assigned):
            page.goto(queue_url)
            tasks.first.click()
            heading = page.get_by_role("heading", level=1)
            expect(heading).to_contain_text("评审：")
            unit = heading.inner_text().split("：")[1].split()[0]
            _score(page, unit)
        page.goto(queue_url)
        expect(page.locator("#queue-progress")).to_have_text(
            f"已提交 {assigned} / 共 {assigned} 份"
        )
    assert Review.objects.filter(state=ReviewState.SUBMITTED).count() == 6


# --- 5. the ranking, the opinions, forwarding -------------------------------------------------


def _rank_and_forward(person, campaign_url):
    office = person("party_office")
    office.goto(campaign_url)
    office.locator("#review-pages").get_by_role("link", name="排名").click()
    rows = office.locator("#ranking tbody tr")
    expect(rows).to_have_count(3)
    for row, (rank, unit, total) in enumerate(
        [(1, CARDIOLOGY, "100.00"), (2, DIGESTIVE, "99.00"), (3, RESPIRATORY, "96.00")]
    ):
        cells = rows.nth(row).locator("td")
        expect(cells.nth(0)).to_have_text(str(rank))
        expect(cells.nth(1)).to_have_text(unit)
        expect(rows.nth(row)).to_contain_text(total)
    ranking_url = office.url
    for unit in (CARDIOLOGY, DIGESTIVE, RESPIRATORY):
        office.goto(ranking_url)
        office.locator("#ranking").get_by_role("link", name=unit).click()
        office.get_by_role("radio", name="推荐", exact=True).check()
        office.get_by_label("评审意见").fill(f"{unit}材料扎实，评审组一致推荐。")
        office.get_by_role("button", name="保存评审意见").click()
        expect(alert(office)).to_contain_text("评审意见已保存。")
    office.goto(ranking_url)
    office.get_by_role("link", name="评审组与分配").click()
    office.locator("#forward").get_by_role("button", name="报送领导小组").click()
    expect(alert(office)).to_contain_text("推荐名单已报送领导小组审定。")


# --- 6. the leading group decides within the quota --------------------------------------------


def _decide(person):
    leader = person("leading_group")
    leader.get_by_role("link", name=f"{TITLE}：待审定推荐名单").click()
    counter = leader.locator("#decision-counter")
    expect(counter).to_contain_text("已通过 0 / 名额 2")
    expect(counter).to_contain_text("待审定 3 个")
    decide(leader, CARDIOLOGY, "心内科排名第一，廉政风险防控扎实，同意。", "通过")
    expect(counter).to_contain_text("已通过 1 / 名额 2")
    decide(leader, DIGESTIVE, "消化内科排名第二，清廉文化建设有特色，同意。", "通过")
    expect(counter).to_contain_text("已通过 2 / 名额 2")
    decide(leader, RESPIRATORY, "名额已满，呼吸内科排名第三，不予通过。", "不通过")
    expect(counter).to_contain_text("待审定 0 个")
    leader.get_by_role("button", name="审定名单", exact=True).click()
    expect(alert(leader)).to_contain_text("名单已审定，已通知党办发布公示。")
    expect(leader.locator("#fixed-list")).to_contain_text(f"审定名单：{CARDIOLOGY}、{DIGESTIVE}")


# --- 7. publicity; an objection upheld --------------------------------------------------------


def _open_publicity(person, campaign, campaign_url, today):
    office = person("party_office")
    office.goto(campaign_url)
    office.get_by_role("link", name="发布公示", exact=True).click()
    office.get_by_label("公示开始日期").fill(today.isoformat())
    office.get_by_role("button", name="发布公示", exact=True).click()
    expect(alert(office)).to_contain_text("公示已发布，公示栏已更新。")
    publicity = Publicity.objects.get(campaign=campaign)
    card = office.locator(f"#publicity-{publicity.pk}")
    office.get_by_role("link", name="公示栏").first.click()
    expect(card.locator(".publicity-units li")).to_have_text([CARDIOLOGY, DIGESTIVE])
    return publicity


def _object_and_uphold(person, publicity):
    staff = person("staff")
    staff.get_by_role("link", name=f"公示中：{TITLE}").click()
    staff.get_by_role("link", name="提出异议").click()
    staff.get_by_label("被提出异议的科室").select_option(label=DIGESTIVE)
    staff.get_by_label("异议内容").fill(
        "消化内科有医生今年向药品代表索要回扣，已有同事知情，请核实。"
    )
    staff.get_by_role("button", name="提交异议").click()
    expect(alert(staff)).to_contain_text("异议已提交，受理编号")
    receipt_number = staff.locator("#receipt-number").inner_text().strip()

    discipline = person("discipline_office")
    discipline.get_by_role("link", name="待受理的异议").click()
    discipline.get_by_role("link", name=receipt_number).click()
    discipline.get_by_role("button", name="受理", exact=True).click()
    expect(alert(discipline)).to_contain_text("已受理，请调查后办结。")
    upheld = discipline.locator("#settle-upheld")
    upheld.get_by_label("调查结论").fill("经调阅处方记录并约谈相关人员，反映情况属实。")
    upheld.get_by_role("button", name="异议成立，撤出公示名单").click()
    expect(alert(discipline)).to_contain_text("已办结：异议成立，该科室已撤出公示名单。")
    assert Objection.objects.get(receipt_number=receipt_number).state == ObjectionState.UPHELD
    assert Application.objects.get(unit__name=DIGESTIVE).state == ApplicationState.REMOVED

    staff.get_by_role("link", name="公示栏").first.click()
    card = staff.locator(f"#publicity-{publicity.pk}")
    expect(card.locator(".publicity-units li")).to_have_text([CARDIOLOGY])
    expect(card.locator(".publicity-removed")).to_have_text(f"经核实撤出名单：{DIGESTIVE}")


# --- 8. the deadline; confirmation; the notice and the certificate ----------------------------


def _close_publicity(person, publicity, today):
    pass_the_deadline(publicity, today)
    staff = person("staff")
    staff.get_by_role("link", name="公示栏").first.click()
    archived = staff.locator("#archive li").filter(has_text=TITLE)
    expect(archived).to_contain_text(f"最终名单：{CARDIOLOGY}")
    expect(archived).to_contain_text(f"经核实撤出名单：{DIGESTIVE}")


def _confirm(person, campaign, today):
    committee = person("party_committee")
    committee.get_by_role("link", name=f"待党委确认：{TITLE}").click()
    final = committee.locator("#final-list")
    expect(final.locator("ol li")).to_have_count(1)
    expect(final.locator("ol li")).to_contain_text(CARDIOLOGY)
    expect(final.locator("#removed")).to_have_text(f"{DIGESTIVE}：异议成立，撤出名单")
    committee.get_by_label("党委确认日期").fill(today.isoformat())
    committee.get_by_label("会议").fill(f"院党委会{today.year}年第12次会议")
    committee.get_by_role("button", name="确认名单，予以表扬").click()
    expect(alert(committee)).to_contain_text(
        "名单已确认，各科室予以表扬；表扬通报和荣誉证书正在生成。"
    )
    titles = committee.locator("#titles tbody tr")
    expect(titles).to_have_count(1)
    expect(titles.locator("td").nth(0)).to_have_text(CARDIOLOGY)
    expect(titles.locator("td").nth(1)).to_have_text(f"QL{campaign.year}-001")
    campaign.refresh_from_db()
    assert campaign.state == CampaignState.CLOSED
    states = dict(Application.objects.values_list("unit__name", "state"))
    assert states == {
        CARDIOLOGY: ApplicationState.COMMENDED,
        DIGESTIVE: ApplicationState.REMOVED,
        RESPIRATORY: ApplicationState.REJECTED,
    }
    return committee


def _download(page, link, tmp_path, name):
    """Click ``link`` (waiting while the page polls for the worker's file); the saved PDF's text."""
    expect(link).to_be_visible()
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    path = tmp_path / name
    download.save_as(path)
    assert path.read_bytes().startswith(b"%PDF-")
    return download.suggested_filename, pdf_text(path)


def _download_notice_and_certificate(person, committee, campaign, tmp_path):
    year = campaign.year
    name, text = _download(
        committee,
        committee.locator("#commendation-document").get_by_role("link", name="下载表扬通报"),
        tmp_path,
        "commendation.pdf",
    )
    assert name == f"{year}年度清廉科室表扬通报.pdf"
    assert f"关于表扬{year}年度清廉科室的通报" in text
    assert campaign.commendation_number in text
    assert f"院党委会{year}年第12次会议研究确认" in text
    assert CARDIOLOGY in text
    assert DIGESTIVE not in text
    assert RESPIRATORY not in text

    # The department opens its notification and downloads its own certificate.
    department = person("applicant_a")
    department.get_by_role("link", name="通知").first.click()
    department.get_by_role("link", name=f"{CARDIOLOGY}获评{year}年度清廉科室").click()
    name, text = _download(
        department,
        department.locator("#certificate").get_by_role("link", name="下载荣誉证书"),
        tmp_path,
        "certificate.pdf",
    )
    assert name == f"QL{year}-001-{CARDIOLOGY}.pdf"
    assert "荣誉证书" in text
    assert f"{CARDIOLOGY}：" in text
    assert f"在{year}年度清廉科室创建考评工作中成绩突出" in text
    assert f"证书编号：QL{year}-001" in text


# --- 9. a veto event revokes the title --------------------------------------------------------


def _veto(person, tmp_path, today):
    evidence = tmp_path / "处分决定.pdf"
    evidence.write_bytes(MINIMAL_PDF)
    discipline = person("discipline_office")
    report_veto(discipline, VetoIndicator.objects.get(number=4), CARDIOLOGY, today, evidence)
    verify_veto(discipline)
    committee = person("party_committee")
    confirm_veto(committee, CARDIOLOGY, today.year)
    expect(committee.locator("#effects #rectification")).to_contain_text(
        "撤销清廉科室称号，整改期 3 个月"
    )
    title = Title.objects.get(unit__name=CARDIOLOGY)
    assert title.status == TitleStatus.REVOKED
    return title


def _revoked_on_the_honour_roll(person, title, today):
    staff = person("staff")
    staff.get_by_role("link", name="荣誉榜：历年清廉科室").click()
    row = (
        staff.locator("#honour-roll tbody tr")
        .filter(has_text=f"{title.year}年度")
        .filter(has_text=CARDIOLOGY)
    )
    expect(row).to_contain_text("已撤销")
    expect(row).to_contain_text(cn_date(today))


def _rectification_notice(person, title, tmp_path):
    rectification = Rectification.objects.get(unit__name=CARDIOLOGY)
    department = person("applicant_a")
    department.get_by_role("link", name=f"整改中：{CARDIOLOGY}").click()
    name, text = _download(
        department,
        department.locator("#rectification-notice").get_by_role("link", name="下载整改通知书"),
        tmp_path,
        "rectification.pdf",
    )
    assert name == f"{CARDIOLOGY}整改通知书.pdf"
    assert f"关于对{CARDIOLOGY}限期整改的通知" in text
    assert rectification.notice_number in text
    assert f"取消你科室{title.year}年度“清廉科室”称号" in text
    assert f"整改期：{cn_date(rectification.starts_on)}至{cn_date(rectification.ends_on)}。" in text


# --- the seams: where one flow ends, brought about through the services --------------------


def _user(username):
    return User.objects.get(username=username)


def _seam(build):
    """A seam is brought about without the worker's renders of the documents its
    services request (the 申报表 at each submission and branch opinion, the publicity
    notice, the commendation notice, the certificate): the documents stay requested,
    as while the worker is busy. The flows that open those documents render them
    through the pages (applying, publicity and confirmation); the seam only saves
    the flow after it a dozen WeasyPrint renders it never reads."""

    @functools.wraps(build)
    def without_renders(*args, **kwargs):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr("documents.services._enqueue_render", lambda pk, revision: None)
            return build(*args, **kwargs)

    return without_renders


@_seam
def _applied(today):
    """Where applying (1-3) ends, as the pages leave it: the campaign the party office
    opened, the roster imported, the three applications written with their evidence,
    confirmed by their heads and agreed by the branch; 呼吸内科's returned, revised,
    confirmed, resubmitted and agreed again (version 2); the window closed by the
    sweep. Returns the campaign, reviewing."""
    office, secretary = _user("party_office"), _user("secretary_a")
    now = timezone.now()
    campaign = campaign_create(
        by=office,
        year=today.year,
        title=TITLE,
        document_number=f"〔{today.year}〕49号",
        opens_at=now - datetime.timedelta(hours=1),
        closes_at=now + datetime.timedelta(days=10),
        quota=2,
        uses_branch_opinion=True,
        reviewers_per_application=2,
    )
    campaign = campaign_open(campaign=campaign, by=office)
    roster = SimpleUploadedFile("人员名册.xlsx", spreadsheet_bytes(PEOPLE_HEADERS, ROSTER))
    roster_import_confirm(
        roster_import=roster_import_upload(roster="people", uploaded_file=roster, by=office),
        by=office,
    )

    def submit(application, applicant, head, statement):
        application = applying.application_save(
            application=application,
            by=applicant,
            staff_count=application.staff_count,
            party_member_count=application.party_member_count,
            materials_list=application.materials_list,
            statement=statement,
        )
        applying.head_confirm(application=application, by=head)
        application = applying.application_submit(application=application, by=applicant)
        return branch_opinion_record(
            application=application,
            by=secretary,
            agrees=True,
            opinion=f"{application.unit.name}支部同意推荐。",
        )

    applications = {}
    for unit, applicant, head in APPLYING:
        applicant, head = _user(applicant), _user(head)
        application = applying.application_start(
            campaign=campaign, unit=Department.objects.get(name=unit), by=applicant
        )
        assert (application.staff_count, application.party_member_count) == tuple(
            map(int, PREFILLED[unit])
        )
        evidence_add(
            application=application,
            by=applicant,
            upload=SimpleUploadedFile(f"{unit}廉政约谈记录.pdf", MINIMAL_PDF),
            criterion=Criterion.objects.filter(standard__rubric=campaign.rubric_id)
            .order_by("standard__order", "standard__pk", "order", "pk")
            .first(),
        )
        applications[unit] = submit(application, applicant, head, STATEMENT)
    close_applications(campaign)
    _, applicant, head = APPLYING[1]
    returned = applying.application_return(
        application=applications[RESPIRATORY],
        by=office,
        reason="请补充科主任年度廉政约谈的记录。",
    )
    resubmitted = submit(
        returned, _user(applicant), _user(head), STATEMENT.replace("全过程", "各环节", 1)
    )
    assert (resubmitted.state, resubmitted.version) == (ApplicationState.SUBMITTED, 2)
    campaign.refresh_from_db()
    assert campaign.state == CampaignState.REVIEWING
    return campaign


@_seam
def _decided(today):
    """Where reviewing and deciding (4-6) ends, as the pages leave it: the five reviewers
    on the team, the reviews assigned automatically (two each) and scored full points less
    ``DEDUCTIONS``, all three recommended and forwarded, 心内科 and 消化内科 approved,
    呼吸内科 rejected, the list fixed. Returns the campaign, decided."""
    campaign = _applied(today)
    office, leader = _user("party_office"), _user("leading_group")
    for username, *_ in REVIEWERS:
        pool_add(campaign=campaign, reviewer=_user(username), by=office)
    reviews_assign_automatically(campaign=campaign, by=office)
    criteria = list(
        Criterion.objects.filter(standard__rubric=campaign.rubric_id).order_by(
            "standard__order", "standard__pk", "order", "pk"
        )
    )
    for review in Review.objects.filter(application__campaign=campaign).select_related(
        "application__unit", "reviewer"
    ):
        deductions = DEDUCTIONS[review.application.unit.name]
        fill_review(
            review,
            by=review.reviewer,
            scores={c.pk: c.points - deductions.get(i, 0) for i, c in enumerate(criteria)},
            direct=True,  # the scores as rows; the submission through the service
        )
    assert Review.objects.filter(state=ReviewState.SUBMITTED).count() == 6
    applications = {
        a.unit.name: a for a in Application.objects.filter(campaign=campaign).select_related("unit")
    }
    for unit in (CARDIOLOGY, DIGESTIVE, RESPIRATORY):
        review_opinion_record(
            application=applications[unit],
            by=office,
            recommended=True,
            opinion=f"{unit}材料扎实，评审组一致推荐。",
        )
    campaign_forward(campaign=campaign, by=office)
    for unit, approve, reason in (
        (CARDIOLOGY, True, "心内科排名第一，廉政风险防控扎实，同意。"),
        (DIGESTIVE, True, "消化内科排名第二，清廉文化建设有特色，同意。"),
        (RESPIRATORY, False, "名额已满，呼吸内科排名第三，不予通过。"),
    ):
        decision_record(
            application=Application.objects.get(pk=applications[unit].pk),
            by=leader,
            approve=approve,
            reason=reason,
        )
    campaign_fix_list(campaign=Campaign.objects.get(pk=campaign.pk), by=leader)
    campaign.refresh_from_db()
    assert campaign.state == CampaignState.DECIDED
    return campaign


@_seam
def _confirmed(today):
    """Where publicity and confirmation (7-8) ends, as the pages leave it: the publicity
    opened today, the staff member's objection to 消化内科 taken up and upheld, the
    deadline passed (sweep), the party committee's confirmation at its meeting today
    (心内科 commended, title QL<year>-001; its notice and certificate requested).
    Returns 心内科's title."""
    campaign = _decided(today)
    office, discipline = _user("party_office"), _user("discipline_office")
    publicity = publicity_open(campaign=campaign, by=office, starts_on=today)
    objection = objection_submit(
        publicity=publicity,
        application=Application.objects.get(campaign=campaign, unit__name=DIGESTIVE),
        by=_user("staff"),
        content="消化内科有医生今年向药品代表索要回扣，已有同事知情，请核实。",
    )
    objection_take_up(objection=objection, by=discipline)
    objection_settle(
        objection=Objection.objects.get(pk=objection.pk),
        by=discipline,
        upheld=True,
        findings="经调阅处方记录并约谈相关人员，反映情况属实。",
    )
    publicity.refresh_from_db()
    pass_the_deadline(publicity, today)
    campaign_confirm(
        campaign=Campaign.objects.get(pk=campaign.pk),
        by=_user("party_committee"),
        confirmed_on=today,
        reference=f"院党委会{today.year}年第12次会议",
    )
    title = Title.objects.get()
    assert (title.unit.name, title.status) == (CARDIOLOGY, TitleStatus.HELD)
    return title


# --- the four flows ---------------------------------------------------------------------------


def test_a_campaign_opens_and_three_departments_apply(person, hospital, media_root, tmp_path):
    """1-3: the party office opens the campaign and imports the roster; three departments
    apply and pass the branch; the window closes; one application is returned and
    resubmitted."""
    today = timezone.localdate()

    campaign, campaign_url = _open_campaign(person, today)
    _import_roster(person, tmp_path)

    for unit, applicant, head in APPLYING:
        evidence = tmp_path / f"{unit}廉政约谈记录.pdf"
        evidence.write_bytes(MINIMAL_PDF)
        _apply(person, unit, applicant, head, evidence)
    for unit, *_ in APPLYING:
        _branch_opinion(person, unit, f"{unit}支部同意推荐。")
    assert set(Application.objects.values_list("state", flat=True)) == {ApplicationState.SUBMITTED}

    _close_window(person, campaign, campaign_url)
    _return_and_resubmit(person, campaign)


def test_reviewers_score_and_the_leading_group_decides(person, live_server, hospital, media_root):
    """4-6, from where applying ends: the party office forms the team and assigns; each
    reviewer scores their share; the party office ranks, recommends and forwards; the
    leading group decides within the quota."""
    campaign = _applied(timezone.localdate())
    campaign_url = live_server.url + reverse("appraisal:campaign", args=[campaign.pk])

    _assign(person, campaign_url)
    _review(person, live_server)
    _rank_and_forward(person, campaign_url)
    assert Campaign.objects.get(pk=campaign.pk).state == CampaignState.DECIDING

    _decide(person)


def test_an_upheld_objection_then_the_confirmation_and_its_documents(
    person, live_server, hospital, media_root, tmp_path
):
    """7-8, from where deciding ends: the publicity opens; an objection is upheld; the
    deadline passes; the party committee confirms; the notice and the certificate
    download."""
    today = timezone.localdate()
    campaign = _decided(today)
    campaign_url = live_server.url + reverse("appraisal:campaign", args=[campaign.pk])

    publicity = _open_publicity(person, campaign, campaign_url, today)
    _object_and_uphold(person, publicity)

    publicity.refresh_from_db()
    _close_publicity(person, publicity, today)
    committee = _confirm(person, campaign, today)
    _download_notice_and_certificate(person, committee, campaign, tmp_path)


def test_a_veto_revokes_the_title_and_the_department_is_told_to_rectify(
    person, hospital, media_root, tmp_path
):
    """9, from where the confirmation ends: a veto event revokes 心内科's title; the honour
    roll shows it revoked; the rectification notice downloads."""
    today = timezone.localdate()
    _confirmed(today)

    title = _veto(person, tmp_path, today)
    _revoked_on_the_honour_roll(person, title, today)
    _rectification_notice(person, title, tmp_path)
