"""The mainland-China statutory calendar, one confirmed year at a time.

A year is usable only once confirmed: packaged years are confirmed by a data
migration; a new year is entered by an administrator when the State Council
publishes its schedule (each November) and then confirmed. A date is a
working day when it is Monday to Friday and not a holiday, or when it is an
adjusted working day (调休上班).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class CalendarSource(models.TextChoices):
    PACKAGE = "package", _("软件包数据（chinesecalendar）")
    MANUAL = "manual", _("管理员录入")


class CalendarYear(models.Model):
    year = models.PositiveSmallIntegerField(_("年份"), unique=True)
    source = models.CharField(
        _("来源"), max_length=16, choices=CalendarSource.choices, default=CalendarSource.MANUAL
    )
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("确认人"),
    )
    note = models.CharField(
        _("依据"), max_length=200, blank=True, help_text=_("例如：国办发明电〔2025〕7号")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("工作日历年度")
        verbose_name_plural = pgettext_lazy("plural", "工作日历年度")
        ordering = ["-year"]

    def __str__(self):
        return gettext("%(year)s年") % {"year": self.year}

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", _("放假")
    ADJUSTED_WORKDAY = "adjusted_workday", _("调休上班")


class CalendarDay(models.Model):
    """A day that differs from the plain week: a holiday, or a weekend day worked."""

    calendar_year = models.ForeignKey(
        CalendarYear, on_delete=models.CASCADE, related_name="days", verbose_name=_("年度")
    )
    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=20, choices=DayKind.choices)
    name = models.CharField(_("节日"), max_length=50, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("节假日与调休")
        verbose_name_plural = pgettext_lazy("plural", "节假日与调休")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} {self.name}"
