"""The words of the responsibility lists (docs/yearwork.md, "Responsibility lists")."""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

# A year's lists are due by 31 March (the first quarter); a holder added later in the
# year has FILING_DAYS_AFTER_ADDED days from the day they were added.
FILING_DUE = (3, 31)
FILING_DAYS_AFTER_ADDED = 30


def filing_due_on(year, added_on):
    """The day a holder's list of ``year`` is due (see ``FILING_DUE``)."""
    due = datetime.date(year, *FILING_DUE)
    return max(due, added_on + datetime.timedelta(days=FILING_DAYS_AFTER_ADDED))


class HolderReason(models.TextChoices):
    """Why a person holds public power (seed 004 art. 13: 行使公权力的公职人员)."""

    CADRE = "cadre", _("干部")
    HEAD = "head", _("科室负责人")
    KEY_POST = "key_post", _("重点岗位")


class ItemKind(models.TextChoices):
    PROBLEM = "problem", _("问题")
    RESPONSIBILITY = "responsibility", _("责任")


class ListState(models.TextChoices):
    """A version of a list: written (not signed yet), or signed and so frozen."""

    DRAFT = "draft", _("填报中（未签名）")
    SIGNED = "signed", _("已签名备案")


class SigningMethod(models.TextChoices):
    ONLINE = "online", _("本人在线签名")
    SCAN = "scan", _("党办上传签名扫描件")


class FilingStatus(models.TextChoices):
    """Where a holder stands with the year's list (the party office's filter)."""

    NOT_FILED = "not_filed", _("未填报")
    NOT_SIGNED = "not_signed", _("已填报未签名")
    SIGNED = "signed", _("已签名备案")
