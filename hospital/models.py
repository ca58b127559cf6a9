"""The hospital's own settings: what differs from one hospital to the next.

One row of ``HospitalSettings`` (the hospital's name, the title's wording,
who takes objections) and one ``IssuingBody`` per issuer (its full name as
the red header prints it and its document-number prefix). Until an
administrator first saves them, the environment variables of
qinglian/settings.py stand in (``hospital.selectors``). Every change is a
``SettingsChange`` row: who, when, what, from what to what, and why.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hospital.enums import IssuerRole, SettingsItem

SINGLETON_PK = 1


class HospitalSettings(models.Model):
    """The one row of the hospital's settings (pk 1)."""

    name = models.CharField(_("医院名称"), max_length=100)
    title_wording = models.CharField(_("称号名称"), max_length=20)
    objection_contact = models.CharField(_("异议受理"), max_length=100)
    # The year-round work (docs/yearwork.md): the day of the month monthly reports are
    # due (moved to the next working day when it is a day off), how many working days
    # before it offices are reminded, and how long a key post may be held.
    report_day = models.PositiveSmallIntegerField(
        _("月度报告报送日"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
    )
    report_reminder_working_days = models.PositiveSmallIntegerField(
        _("提前提醒（工作日）"), default=3, validators=[MaxValueValidator(10)]
    )
    key_post_rotation_years = models.PositiveSmallIntegerField(
        _("重点岗位轮岗年限"),
        default=5,
        validators=[MinValueValidator(3), MaxValueValidator(5)],
    )
    # Coverage toward the target (docs/coverage.md, seed 002 五(二)): every department
    # and clean team titled at least once from the start year, by the target year.
    coverage_start_year = models.PositiveSmallIntegerField(
        _("全覆盖起算年度"),
        default=2023,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    coverage_target_year = models.PositiveSmallIntegerField(
        _("全覆盖目标年度"),
        default=2026,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    saved_at = models.DateTimeField(_("保存时间"))
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("保存人"),
    )

    class Meta:
        verbose_name = _("医院设置")
        verbose_name_plural = pgettext_lazy("plural", "医院设置")

    def __str__(self):
        return self.name


class IssuingBody(models.Model):
    """An issuer of official documents: its full name and its number prefix (机关代字)."""

    role = models.CharField(_("发文机关"), max_length=30, choices=IssuerRole.choices, unique=True)
    name = models.CharField(_("发文机关全称"), max_length=100)
    number_prefix = models.CharField(_("机关代字"), max_length=10)

    class Meta:
        verbose_name = _("发文机关")
        verbose_name_plural = pgettext_lazy("plural", "发文机关")
        # Two issuers never share a prefix (they would share one sequence of
        # numbers): hospital.services refuses it.
        ordering = ["role"]

    def __str__(self):
        return self.name


class SettingsChange(models.Model):
    """One change of the settings: who, when, what, from what to what, and why."""

    at = models.DateTimeField(_("时间"), db_index=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("修改人"),
    )
    item = models.CharField(_("项目"), max_length=32, choices=SettingsItem.choices)
    issuer = models.CharField(_("发文机关"), max_length=30, choices=IssuerRole.choices, blank=True)
    year = models.PositiveSmallIntegerField(_("年份"), null=True, blank=True)
    old_value = models.CharField(_("原值"), max_length=200, blank=True)
    new_value = models.CharField(_("新值"), max_length=200, blank=True)
    reason = models.CharField(_("原因"), max_length=200)

    class Meta:
        verbose_name = _("设置变更")
        verbose_name_plural = pgettext_lazy("plural", "设置变更")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.get_item_display()} {self.at:%Y-%m-%d %H:%M}"
