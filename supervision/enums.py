"""The states of supervision: the table to read to understand it (seed 002 四).

Visit (调研指导): twice a year (first and second half) by the working group, or ad hoc
by the working group or a lead office, to one or more departments.

    planned     已计划      the party office or the discipline office planned it
    done        已完成      it took place: when, who went, what was done
    cancelled   已取消      it was called off, with a reason

    planned ─complete→ done
    planned ─cancel→ cancelled

LedgerItem (整改台账事项): one finding of a done visit, about one department.

    open        待整改          recorded with its responsible person and due date
    rectified   已整改，待核查  the department's head or contact submitted what was done
    sent_back   退回重新整改    the office found it not done, with a reason
    closed      已销号          the office accepted it (on time when on or before the due date)

    open ─rectify→ rectified ─close→ closed
    rectified ─send_back→ sent_back ─rectify→ rectified
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class VisitKind(models.TextChoices):
    FIRST_HALF = "first_half", _("上半年定期调研指导")
    SECOND_HALF = "second_half", _("下半年定期调研指导")
    AD_HOC = "ad_hoc", _("不定期调研指导")


class VisitOrganizer(models.TextChoices):
    WORKING_GROUP = "working_group", _("工作专班")
    LEAD_OFFICE = "lead_office", _("牵头部门")


class VisitMethod(models.TextChoices):
    HEAR_REPORTS = "hear_reports", _("听取汇报")
    VISIT = "visit", _("实地走访")
    READ_RECORDS = "read_records", _("查阅资料")
    DISCUSSION = "discussion", _("座谈交流")


class VisitState(models.TextChoices):
    PLANNED = "planned", _("已计划")
    DONE = "done", _("已完成")
    CANCELLED = "cancelled", _("已取消")


class LedgerState(models.TextChoices):
    OPEN = "open", _("待整改")
    RECTIFIED = "rectified", _("已整改，待核查")
    SENT_BACK = "sent_back", _("退回重新整改")
    CLOSED = "closed", _("已销号")


# The states in which the department owes the rectification.
AWAITING_DEPARTMENT = (LedgerState.OPEN, LedgerState.SENT_BACK)


class ReminderKind(models.TextChoices):
    BEFORE_DUE = "before_due", _("到期前提醒")
    OVERDUE = "overdue", _("逾期提醒")
