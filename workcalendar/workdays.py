"""Working days on the mainland-China statutory calendar: the one module every deadline uses.

Counting (docs/architecture.md, "Publicity deadline"): a period of N working days starting on day S
counts S as day 1 if S is a working day (else the next working day is day 1)
and ends at 24:00 Asia/Shanghai of the Nth working day. A computation that
touches a year nobody has confirmed raises ``UnconfirmedYearError``: it is
refused, never guessed.
"""

import datetime
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils.translation import gettext as _

from core.errors import DomainError
from core.i18n import full_date

from .models import CalendarDay, CalendarYear, DayKind

SHANGHAI = ZoneInfo("Asia/Shanghai")
ONE_DAY = datetime.timedelta(days=1)
# No period the product computes spans more than a few weeks; this bounds a
# loop over a year that is (wrongly) entered with every day a holiday.
MAX_SCAN_DAYS = 400


class UnconfirmedYearError(DomainError):
    def __init__(self, year):
        self.year = year
        where = reverse("workcalendar:year", args=[year])
        super().__init__(
            _(
                "%(year)s 年的法定节假日和调休安排尚未录入或尚未确认，无法计算工作日。"
                "请系统管理员在「工作日历」页面（%(where)s）录入 %(year)s 年的放假与调休上班日期并确认后再试。"
            )
            % {"year": year, "where": where}
        )


class WorkCalendar:
    """Reads each year it needs once; build one per computation."""

    def __init__(self):
        self._years = {}

    def _year(self, year):
        if year not in self._years:
            if not CalendarYear.objects.filter(year=year, confirmed_at__isnull=False).exists():
                raise UnconfirmedYearError(year)
            days = dict(
                CalendarDay.objects.filter(calendar_year__year=year).values_list("date", "kind")
            )
            holidays = {d for d, kind in days.items() if kind == DayKind.HOLIDAY}
            adjusted = {d for d, kind in days.items() if kind == DayKind.ADJUSTED_WORKDAY}
            self._years[year] = (holidays, adjusted)
        return self._years[year]

    def is_working_day(self, day):
        holidays, adjusted = self._year(day.year)
        if day in adjusted:
            return True
        return day.weekday() < 5 and day not in holidays

    def nth_working_day(self, start, n):
        """The date of the ``n``-th working day counting ``start`` as day 1 when it is one."""
        if n < 1:
            raise ValueError("n must be at least 1")
        day, counted = start, 0
        for _step in range(MAX_SCAN_DAYS + n):
            if self.is_working_day(day):
                counted += 1
                if counted == n:
                    return day
            day += ONE_DAY
        raise DomainError(
            _("自 %(start)s起找不到第 %(n)s 个工作日，请检查工作日历。")
            % {"start": full_date(start), "n": n}
        )

    def working_days_before(self, day, n):
        """The working day that lies ``n`` working days before ``day`` (``day`` itself not counted)."""
        if n < 1:
            raise ValueError("n must be at least 1")
        counted = 0
        for _step in range(MAX_SCAN_DAYS + n):
            day -= ONE_DAY
            if self.is_working_day(day):
                counted += 1
                if counted == n:
                    return day
        raise DomainError(_("找不到 %(n)s 个工作日之前的日期，请检查工作日历。") % {"n": n})


def is_working_day(day):
    return WorkCalendar().is_working_day(day)


def nth_working_day(start, n):
    return WorkCalendar().nth_working_day(start, n)


def working_days_before(day, n):
    return WorkCalendar().working_days_before(day, n)


def end_of_day(day):
    """24:00 of ``day`` in Asia/Shanghai, as an aware datetime (the next day's 00:00)."""
    return datetime.datetime.combine(day + ONE_DAY, datetime.time.min, tzinfo=SHANGHAI)


def period_end(start, n):
    """When a period of ``n`` working days starting on ``start`` closes: 24:00 of its last day."""
    return end_of_day(nth_working_day(start, n))
