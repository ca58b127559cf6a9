"""The words of risk points and key posts (docs/yearwork.md, "Risk points and key posts")."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# How many months before a holder reaches the rotation limit the early notice starts.
ROTATION_NOTICE_MONTHS = 6


class RiskGrade(models.TextChoices):
    """Seed 003 (9): 一级 is the highest risk."""

    FIRST = "1", _("一级（高）")
    SECOND = "2", _("二级（中）")
    THIRD = "3", _("三级（低）")


class RotationStatus(models.TextChoices):
    """Where a current holding of a key post stands against the hospital's rotation limit."""

    REACHED = "reached", _("已达轮岗年限")
    DUE_SOON = "due_soon", _("6个月内到期")
    WITHIN = "within", _("未到期")
    ENDED = "ended", _("已离岗")


class HoldingEnd(models.TextChoices):
    """Why a holding of a key post ended."""

    ROTATED = "rotated", _("轮岗")
    LEFT = "left", _("离岗")
    OTHER = "other", _("其他")
