"""What the periodic reports have waiting (docs/yearwork.md, "Reports"): an office's
head or contact (a branch's secretary) sees its reports due this month, and any
still overdue or returned; the discipline office sees the reports waiting for its
review and how many are overdue.

Each function takes the user and returns ``HomeItem`` rows (``home.selectors``).
"""

import calendar

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from home.items import HomeItem
from reports.enums import ReportState
from reports.selectors import own_open_reports, report_counts


def office_report_items(user):
    """The user's offices' reports to submit by the end of this month (earlier ones
    still due are overdue; returned ones wait to be resubmitted). Listed under staff,
    because a head reports whatever roles they hold."""
    today = timezone.localdate()
    month_end = today.replace(day=calendar.monthrange(today.year, today.month)[1])
    items = []
    for report in own_open_reports(user, until=month_end):
        returned = report.state == ReportState.RETURNED
        items.append(
            HomeItem(
                label=_("待报送：%(report)s") % {"report": report},
                url=reverse("reports:report", args=[report.pk]),
                note=(
                    _("已退回：%(reason)s") % {"reason": report.return_reason}
                    if returned
                    else (str(report.task) if report.task_id else "")
                ),
                due_on=report.due_on,
                overdue=not returned and report.due_on < today,
            )
        )
    return items


def discipline_office_report_items(user):
    counts = report_counts(timezone.localdate())
    return [
        HomeItem(
            label=_("待审阅的工作报告"),
            url=reverse("reports:list") + f"?state={ReportState.SUBMITTED}",
            count=counts["waiting"],
        ),
        HomeItem(
            label=_("逾期未报的工作报告"),
            url=reverse("reports:overdue"),
            count=counts["overdue"],
            overdue=counts["overdue"] > 0,
        ),
    ]
