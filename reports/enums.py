"""The states of the reports' workflows: the table to read to understand them.

Report (工作报告): one office's (or party branch's) report for one period, created
ahead with its due date (docs/yearwork.md, "Reports" and "Due dates").

    due         待报送            the row is open; the office writes and submits
    submitted   已报送，待审阅     a submission is waiting for the discipline office
    returned    已退回            the discipline office returned it with a reason
    accepted    已通过            the discipline office accepted it

    due ─submit→ submitted ─accept→ accepted
                 submitted ─return_report→ returned ─resubmit→ submitted

    Each submission is a new ReportSubmission row; comments are kept beside them;
    nothing is deleted. "Late": the first submission came after the due date.
    "Overdue": still due (never submitted) after the due date.

PublicityMaterial (宣传材料): sent by a department or a party branch.

    submitted   待审核     waiting for the party office
    accepted    已采用     checked and accepted (counted for the unit's year)
    returned    已退回     returned with a reason (the unit may send a new one)
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportKind(models.TextChoices):
    MONTHLY = "monthly", _("月度报告")
    HALF_YEAR = "half_year", _("半年工作总结")
    ANNUAL = "annual", _("年度工作总结")


class ReportState(models.TextChoices):
    DUE = "due", _("待报送")
    SUBMITTED = "submitted", _("已报送，待审阅")
    RETURNED = "returned", _("已退回")
    ACCEPTED = "accepted", _("已通过")


class ReminderKind(models.TextChoices):
    BEFORE_DUE = "before_due", _("到期前提醒")
    ON_DUE = "on_due", _("到期日提醒")
    LEADERS = "leaders", _("连续两期未报，提醒责任领导")


class MaterialState(models.TextChoices):
    SUBMITTED = "submitted", _("待审核")
    ACCEPTED = "accepted", _("已采用")
    RETURNED = "returned", _("已退回")


# Summaries (docs/yearwork.md, "Due dates"): the half-year summary by 15 July of the
# year, the annual one by 15 January of the next, each moved to the next working day.
HALF_YEAR_DUE = (7, 15)
ANNUAL_DUE = (1, 15)
