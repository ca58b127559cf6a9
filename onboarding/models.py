"""The record of every account opened from the roster and every password reset.

Kept forever: who did it, when, for which people, and (for a reset) why. The
initial passwords themselves are never stored here; they are kept for their
creator for a short while outside the database (``onboarding.slips``).
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AccountBatch(models.Model):
    """One bulk opening of accounts, or one password reset (a batch of one)."""

    class Kind(models.TextChoices):
        OPENING = "opening", _("开通账号")
        RESET = "reset", _("重置密码")

    class Scope(models.TextChoices):
        ALL = "all", _("全部未开通账号的在职人员")
        DEPARTMENT = "department", _("一个科室（含其清廉团队）")
        ROSTER_IMPORT = "roster_import", _("一次名册导入新增的人员")
        PERSON = "person", _("一人")

    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    scope = models.CharField(_("范围"), max_length=16, choices=Scope.choices)
    department = models.ForeignKey(
        "departments.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("科室"),
    )
    roster_import = models.ForeignKey(
        "departments.RosterImport",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("名册导入"),
    )
    reason = models.TextField(_("原因"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="account_batches",
        verbose_name=_("操作人"),
    )
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    size = models.PositiveIntegerField(_("开通人数"))
    # People in the scope who already had an account: left as they were.
    skipped = models.PositiveIntegerField(_("已有账号而跳过的人数"), default=0)
    # Names this batch's slips in the cache, so a batch number used again after a
    # rolled-back attempt never finds another attempt's passwords.
    slip_key = models.UUIDField(default=uuid.uuid4, editable=False)
    slips_done_at = models.DateTimeField(_("通知单已打印"), null=True, blank=True)

    class Meta:
        verbose_name = _("开通记录")
        verbose_name_plural = pgettext_lazy("plural", "开通记录")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"


class AccountBatchEntry(models.Model):
    """One person of a batch: the account opened for them (or whose password was reset)."""

    batch = models.ForeignKey(
        AccountBatch, on_delete=models.PROTECT, related_name="entries", verbose_name=_("批次")
    )
    person = models.ForeignKey(
        "departments.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("人员")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("账号"),
    )
    # The unit the person was in at the time: the slips are grouped by it.
    department = models.ForeignKey(
        "departments.Department",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("科室"),
    )

    class Meta:
        verbose_name = _("开通记录明细")
        verbose_name_plural = pgettext_lazy("plural", "开通记录明细")
        ordering = ["batch", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "person"], name="account_batch_person_once")
        ]

    def __str__(self):
        return f"{self.batch_id}: {self.person_id}"
