"""The states of the veto workflows: the table to read to understand them.

VetoEvent (否决事项): a veto indicator met by a department (or one of its people).

    reported    待核实          a user of the indicator's responsible office reported it
    verified    已核实，待确认   the discipline office verified it
    confirmed   已确认          the party committee confirmed it: the effects apply
    dismissed   不予认定        the discipline office (when reported) or the party
                                committee (when verified) dismissed it, with a reason

    reported ─verify→ verified ─confirm→ confirmed
    reported ─dismiss→ dismissed
    verified ─dismiss→ dismissed

    Effects of confirm (veto.services): the department's application in a running
    campaign is disqualified (leaving a publicity list if it is on one); a title it
    holds is revoked and a rectification of 3–6 months starts with its notice.

Rectification (整改): after a title is revoked.

    active     整改中          the period runs; the department uploads its report
    due        整改期满，待验收 the period ended (beat sweep); offices notified
    accepted   已验收          the party committee accepted it: the department may
                               apply again

    active ─end→ due ─accept→ accepted
    due ─extend→ active          (the party committee, with a reason and a new end)
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class VetoEventState(models.TextChoices):
    REPORTED = "reported", _("待核实")
    VERIFIED = "verified", _("已核实，待党委确认")
    CONFIRMED = "confirmed", _("已确认")
    DISMISSED = "dismissed", _("不予认定")


class RectificationState(models.TextChoices):
    ACTIVE = "active", _("整改中")
    DUE = "due", _("整改期满，待验收")
    ACCEPTED = "accepted", _("已验收")


class RecheckResult(models.TextChoices):
    PASSED = "passed", _("合格")
    PROBLEM = "problem", _("发现问题")


RECTIFICATION_MIN_MONTHS = 3
RECTIFICATION_MAX_MONTHS = 6
