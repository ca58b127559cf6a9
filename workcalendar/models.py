"""The mainland-China statutory calendar, one confirmed year at a time.

A year is usable only once confirmed: packaged years are confirmed by a data
migration; a new year is entered by an administrator when the State Council
publishes its schedule (each November) and then confirmed. A date is a
working day when it is Monday to Friday and not a holiday, or when it is an
adjusted working day (调休上班).
"""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class CalendarSource(models.TextChoices):
    PACKAGE = "package", "软件包数据（chinesecalendar）"
    MANUAL = "manual", "管理员录入"


class CalendarYear(models.Model):
    year = models.PositiveSmallIntegerField("年份", unique=True)
    source = models.CharField(
        "来源", max_length=16, choices=CalendarSource.choices, default=CalendarSource.MANUAL
    )
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="确认人",
    )
    note = models.CharField(
        "依据", max_length=200, blank=True, help_text="例如：国办发明电〔2025〕7号"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "工作日历年度"
        verbose_name_plural = "工作日历年度"
        ordering = ["-year"]

    def __str__(self):
        return f"{self.year}年"

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", "放假"
    ADJUSTED_WORKDAY = "adjusted_workday", "调休上班"


class CalendarDay(models.Model):
    """A day that differs from the plain week: a holiday, or a weekend day worked."""

    calendar_year = models.ForeignKey(
        CalendarYear, on_delete=models.CASCADE, related_name="days", verbose_name="年度"
    )
    date = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=20, choices=DayKind.choices)
    name = models.CharField("节日", max_length=50, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "节假日与调休"
        verbose_name_plural = "节假日与调休"
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} {self.name}"
