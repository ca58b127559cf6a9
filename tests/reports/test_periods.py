"""reports.services.periods: due dates on the working-day calendar and the rows opened
ahead for each (office, task, month), refused for a year nobody confirmed."""

import datetime

import pytest

from reports.enums import ReminderKind, ReportKind, ReportState
from reports.models import Report, ReportReminder
from reports.services import periods
from tests.factories import PartyBranchFactory
from tests.reports.factories import KeyTaskFactory, WorkPlanFactory
from workcalendar.workdays import SHANGHAI, UnconfirmedYearError

pytestmark = pytest.mark.django_db

D = datetime.date


def test_due_on_a_working_day_is_the_report_day(statutory_calendar):
    assert periods.monthly_due_on(2026, 11, report_day=12) == D(2026, 11, 12)  # a Thursday


def test_due_on_a_saturday_moves_to_monday(statutory_calendar):
    # 12 September 2026 is a Saturday.
    assert periods.monthly_due_on(2026, 9, report_day=12) == D(2026, 9, 14)


def test_due_during_national_day_moves_after_the_holiday(statutory_calendar):
    # 1–7 October 2026 are the National Day holiday; the 8th is a Thursday.
    assert periods.monthly_due_on(2026, 10, report_day=3) == D(2026, 10, 8)


def test_due_on_an_adjusted_working_sunday_stays(statutory_calendar):
    # Sunday 4 January 2026 is an adjusted working day (调休上班).
    assert periods.monthly_due_on(2026, 1, report_day=4) == D(2026, 1, 4)


def test_due_on_an_adjusted_working_saturday_stays(statutory_calendar):
    # Saturday 10 October 2026 is an adjusted working day.
    assert periods.monthly_due_on(2026, 10, report_day=10) == D(2026, 10, 10)


def test_due_on_uses_the_hospitals_report_day_by_default(statutory_calendar):
    assert periods.monthly_due_on(2026, 11) == D(2026, 11, 12)


def test_due_in_an_unconfirmed_year_is_refused_with_the_calendars_message(statutory_calendar):
    with pytest.raises(UnconfirmedYearError) as refused:
        periods.monthly_due_on(2027, 1)
    assert "2027 年的法定节假日和调休安排尚未录入或尚未确认" in str(refused.value)


def test_half_year_summary_due_15_july_moved_off_the_weekend(statutory_calendar):
    # 15 July 2026 is a Wednesday.
    assert periods.summary_due_on(ReportKind.HALF_YEAR, 2026) == D(2026, 7, 15)
    # 15 July 2029 would be a Sunday; 2029 is not in the calendar.
    with pytest.raises(UnconfirmedYearError):
        periods.summary_due_on(ReportKind.HALF_YEAR, 2029)


def test_annual_summary_is_due_in_january_of_the_next_year(statutory_calendar):
    # 15 January 2026 is a Thursday.
    assert periods.summary_due_on(ReportKind.ANNUAL, 2025) == D(2026, 1, 15)
    with pytest.raises(UnconfirmedYearError):
        periods.summary_due_on(ReportKind.ANNUAL, 2026)


def test_open_month_opens_one_row_per_office_and_task(
    statutory_calendar, department_a, department_b
):
    first = KeyTaskFactory(lead_office=department_a, cooperating=[department_b])
    second = KeyTaskFactory(plan=first.plan, lead_office=department_b)

    opened = periods.open_month(year=2026, month=9)

    assert sorted((r.office_id, r.task_id) for r in opened) == sorted(
        [(department_a.pk, first.pk), (department_b.pk, first.pk), (department_b.pk, second.pk)]
    )
    assert {(r.due_on, r.state, r.kind) for r in opened} == {
        (D(2026, 9, 14), ReportState.DUE, ReportKind.MONTHLY)
    }


def test_open_month_writes_the_reminder_rows(statutory_calendar, department_a):
    KeyTaskFactory(lead_office=department_a)
    (report,) = periods.open_month(year=2026, month=9)
    reminders = {r.kind: r.due_at for r in ReportReminder.objects.filter(report=report)}
    # Due Monday 14 September; three working days before: Wednesday 9 September, 08:00.
    assert reminders == {
        ReminderKind.BEFORE_DUE: datetime.datetime(2026, 9, 9, 8, 0, tzinfo=SHANGHAI),
        ReminderKind.ON_DUE: datetime.datetime(2026, 9, 14, 8, 0, tzinfo=SHANGHAI),
    }


def test_open_month_twice_opens_nothing_more(statutory_calendar, department_a):
    KeyTaskFactory(lead_office=department_a)
    periods.open_month(year=2026, month=9)
    assert periods.open_month(year=2026, month=9) == []
    assert Report.objects.count() == 1
    assert ReportReminder.objects.count() == 2


def test_open_month_without_a_plan_opens_nothing(statutory_calendar):
    assert periods.open_month(year=2026, month=9) == []


def test_open_month_in_an_unconfirmed_year_is_refused_and_writes_nothing(
    statutory_calendar, department_a
):
    KeyTaskFactory(plan=WorkPlanFactory(year=2027), lead_office=department_a)
    with pytest.raises(UnconfirmedYearError):
        periods.open_month(year=2027, month=1)
    assert Report.objects.count() == 0


def test_open_summaries_for_lead_offices_and_party_branches(statutory_calendar, department_a):
    KeyTaskFactory(lead_office=department_a)
    inactive = PartyBranchFactory(name="已撤销支部", active=False)

    opened = periods.open_summaries(kind=ReportKind.HALF_YEAR, year=2026)

    offices = [r.office_id for r in opened if r.office_id]
    branches = [r.branch_id for r in opened if r.branch_id]
    assert offices == [department_a.pk]
    assert department_a.party_branch_id in branches
    assert inactive.pk not in branches
    assert {r.due_on for r in opened} == {D(2026, 7, 15)}
    assert periods.open_summaries(kind=ReportKind.HALF_YEAR, year=2026) == []


def test_open_due_periods_skips_an_unconfirmed_year(statutory_calendar, department_a):
    KeyTaskFactory(lead_office=department_a)
    # December 2026: the month opens; the annual summary (due January 2027) waits.
    opened = periods.open_due_periods(today=D(2026, 12, 1))
    assert sorted({r.kind for r in opened}) == [ReportKind.MONTHLY]
    assert not Report.objects.filter(kind=ReportKind.ANNUAL).exists()


def test_open_due_periods_opens_the_half_year_summaries_in_june_and_july(
    statutory_calendar, department_a
):
    KeyTaskFactory(lead_office=department_a)
    assert {r.kind for r in periods.open_due_periods(today=D(2026, 5, 20))} == {ReportKind.MONTHLY}
    assert {r.kind for r in periods.open_due_periods(today=D(2026, 6, 1))} == {
        ReportKind.MONTHLY,
        ReportKind.HALF_YEAR,
    }
    assert {r.kind for r in periods.open_due_periods(today=D(2026, 9, 1))} == {ReportKind.MONTHLY}


def test_open_due_periods_opens_last_years_annual_summaries_in_january(
    statutory_calendar, department_a
):
    KeyTaskFactory(plan=WorkPlanFactory(year=2025), lead_office=department_a)
    opened = periods.open_due_periods(today=D(2026, 1, 5))
    assert [(r.kind, r.year, r.due_on) for r in opened if r.office_id] == [
        (ReportKind.ANNUAL, 2025, D(2026, 1, 15))
    ]


def test_open_month_leaves_out_a_retired_task(statutory_calendar, department_a, department_b):
    kept = KeyTaskFactory(lead_office=department_a)
    KeyTaskFactory(
        plan=kept.plan,
        lead_office=department_b,
        retired_at=datetime.datetime(2026, 8, 1, tzinfo=SHANGHAI),
    )

    opened = periods.open_month(year=2026, month=9)

    assert [(r.office_id, r.task_id) for r in opened] == [(department_a.pk, kept.pk)]


def test_a_task_with_reports_is_retired_not_removed(
    statutory_calendar, department_a, discipline_office
):
    from workplan.models import KeyTask
    from workplan.services.plans import task_remove

    task = KeyTaskFactory(lead_office=department_a)
    periods.open_month(year=2026, month=9)

    assert task_remove(task=task, by=discipline_office) == "retired"
    task.refresh_from_db()
    assert task.retired_at is not None
    assert KeyTask.objects.filter(pk=task.pk).exists()
    assert Report.objects.filter(task=task).count() == 1
