"""The monthly report cycle through the pages, in Debian's Chromium (issue 15).

心内科 leads a key task; its report was due two days ago. The beat's reminder
service runs on the due date: the office finds the reminder in its inbox and the
overdue report on its home page, and submits it late. The discipline office
returns it with a reason; the office reads the reason and resubmits; the
discipline office accepts it. Every submission and decision is kept.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from reports.enums import ReminderKind, ReportState
from reports.models import Report, ReportReminder
from reports.services.reminders import send_due_office_reminders
from tests.browser.helpers import alert
from tests.reports.factories import KeyTaskFactory, WorkPlanFactory, monthly_report
from workcalendar.workdays import SHANGHAI

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def overdue_report(department_a, applicant_a, discipline_office):
    due_on = timezone.localdate() - datetime.timedelta(days=2)
    plan = WorkPlanFactory(year=due_on.year, created_by=discipline_office)
    task = KeyTaskFactory(plan=plan, lead_office=department_a, title="开展警示教育")
    report = monthly_report(task, year=due_on.year, month=due_on.month, due_on=due_on)
    ReportReminder.objects.create(
        report=report,
        kind=ReminderKind.ON_DUE,
        due_at=datetime.datetime.combine(due_on, datetime.time(8), tzinfo=SHANGHAI),
    )
    return report


def test_a_late_report_is_reminded_returned_resubmitted_and_accepted(
    sign_in, live_server, overdue_report, applicant_a, discipline_office
):
    report = overdue_report
    title = f"心内科 {report.year}年{report.month}月月度报告"
    page_url = live_server.url + reverse("reports:report", args=[report.pk])

    # The beat's sweep ran on the due date: the office was reminded.
    due_day = datetime.datetime.combine(report.due_on, datetime.time(9), tzinfo=SHANGHAI)
    assert [r.recipients for r in send_due_office_reminders(now=due_day)] == [1]

    # 1. The office finds the reminder in its inbox and the overdue report at home.
    office = sign_in("applicant_a")
    item = office.get_by_role("link", name=f"待报送：{title}")
    expect(item).to_be_visible()
    expect(office.locator("main")).to_contain_text("已逾期")
    office.goto(live_server.url + reverse("notifications:inbox"))
    expect(office.locator("main")).to_contain_text(f"今天是报送截止日：{title}")

    # 2. It submits, two days late.
    office.goto(page_url)
    office.get_by_label("报告内容").fill("本月组织全科观看警示教育片一次。")
    office.get_by_role("button", name="报送", exact=True).click()
    expect(alert(office)).to_contain_text("报告已报送。")
    expect(office.locator("#report-state")).to_have_text("已报送，待审阅")
    expect(office.locator("main")).to_contain_text("逾期报送")

    # 3. The discipline office returns it with a reason (none given first: refused).
    discipline = sign_in("discipline_office")
    discipline.goto(page_url)
    discipline.get_by_role("button", name="退回", exact=True).click()
    expect(discipline.locator("#return-form")).to_contain_text("退回须说明理由。")
    discipline.get_by_label("退回理由").fill("请补充参加人数和照片。")
    discipline.get_by_role("button", name="退回", exact=True).click()
    expect(alert(discipline)).to_contain_text("报告已退回。")
    expect(discipline.locator("#report-state")).to_have_text("已退回")

    # 4. The office reads why and resubmits.
    office.reload()
    expect(office.locator("main")).to_contain_text("请补充参加人数和照片。")
    office.get_by_label("报告内容").fill("本月组织全科观看警示教育片一次，参加 32 人，照片附后。")
    office.get_by_role("button", name="重新报送").click()
    expect(alert(office)).to_contain_text("报告已报送。")
    expect(office.locator("#report-state")).to_have_text("已报送，待审阅")

    # 5. The discipline office accepts it; both submissions are kept.
    discipline.reload()
    discipline.get_by_role("button", name="通过", exact=True).click()
    expect(alert(discipline)).to_contain_text("报告已通过。")
    expect(discipline.locator("#report-state")).to_have_text("已通过")
    expect(discipline.locator("main")).to_contain_text("第 2 次报送")

    report = Report.objects.get(pk=report.pk)
    assert (report.state, report.late) == (ReportState.ACCEPTED, True)
    assert list(report.submissions.values_list("number", "late")) == [(1, True), (2, True)]
