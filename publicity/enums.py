"""The states of the publicity workflows: the table to read to understand them.

Publicity (公示): the fixed list on the board for N working days.

    open             公示中               staff may object until ``ends_at``
    closed_pending   公示期满，异议待处理  the deadline passed with objections unsettled
    closed           公示结束              the deadline passed and every objection is
                                          settled: the party committee may confirm

    open ─close→ closed                 (beat sweep at the deadline, nothing unsettled)
    open ─close_pending→ closed_pending (beat sweep at the deadline, objections open)
    closed_pending ─settle→ closed      (when the discipline office settles the last one)

Objection (异议): one staff member's objection to one listed department.

    submitted   待受理    received, with a receipt number
    taken_up    调查中    the discipline office took it up (handler recorded)
    upheld      异议成立  settled with findings: the department leaves the list
    dismissed   异议不成立 settled with findings: nothing changes

    submitted ─take_up→ taken_up ─uphold→ upheld
                                 ─dismiss→ dismissed
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PublicityState(models.TextChoices):
    OPEN = "open", _("公示中")
    CLOSED_PENDING = "closed_pending", _("公示期满，异议待处理")
    CLOSED = "closed", _("公示结束")


class ObjectionState(models.TextChoices):
    SUBMITTED = "submitted", _("待受理")
    TAKEN_UP = "taken_up", _("调查中")
    UPHELD = "upheld", _("异议成立")
    DISMISSED = "dismissed", _("异议不成立")


OBJECTION_OPEN_STATES = (ObjectionState.SUBMITTED, ObjectionState.TAKEN_UP)
OBJECTION_SETTLED_STATES = (ObjectionState.UPHELD, ObjectionState.DISMISSED)

# A person may raise at most this many objections a day (Asia/Shanghai).
OBJECTIONS_PER_PERSON_PER_DAY = 5
