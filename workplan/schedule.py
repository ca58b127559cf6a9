"""Reading the 进度安排 cell: the text as the plan states it, and the dates in it.

Hospitals write a schedule in words ("2026年3月底前", "6月30日前", "上半年", "每季度")
or put a date in the cell. Every date that can be read becomes a schedule node
(``ScheduleNode.due_on``); the words are kept as written (``Measure.schedule_text``).
A phrase with no date ("长期坚持", "每月") gives no node.
"""

import calendar
import datetime
import re

from core.spreadsheets import date_from_serial, normalise_text

# 2026年3月31日 / 2026-3-31 / 2026/3/31 / 2026.3.31 / 3月31日 (the plan's year)
_FULL_DATE = re.compile(
    r"(?:(?P<year>\d{4})\s*[年\-/.]\s*)?(?P<month>\d{1,2})\s*[月\-/.]\s*(?P<day>\d{1,2})\s*[日号]?"
)
# 2026年3月底 / 3月底前 / 2026年3月 / 3月中旬
_MONTH = re.compile(
    r"(?:(?P<year>\d{4})\s*年\s*)?(?P<month>\d{1,2})\s*月(?P<part>上旬|中旬|下旬|底|末)?"
)
# 2026年底 / 年底 / 年末
_YEAR_END = re.compile(r"(?:(?P<year>\d{4})\s*)?年\s*[底末]")
_HALF = re.compile(r"(?:(?P<year>\d{4})\s*年\s*)?(?P<half>上半年|下半年)")
_QUARTER = re.compile(r"(?:(?P<year>\d{4})\s*年\s*)?第?(?P<quarter>[一二三四1-4])\s*季度")
_QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def _month_end(year, month):
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _valid(year, month, day):
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _dates_in(text, year):
    """Every date ``text`` names, in the order written; spans already read are skipped."""
    found = []
    taken = []

    def free(match):
        start, end = match.span()
        return all(end <= s or start >= e for s, e in taken)

    def take(match, date):
        taken.append(match.span())
        if date is not None and date not in [known for _start, known in found]:
            found.append((match.start(), date))

    for match in _FULL_DATE.finditer(text):
        # "3.31" or "3-31" without a year is too easily something else: need 月/日 or a year.
        if match.group("year") is None and "月" not in match.group(0):
            continue
        y = int(match.group("year") or year)
        take(match, _valid(y, int(match.group("month")), int(match.group("day"))))
    for match in _MONTH.finditer(text):
        if not free(match):
            continue
        y, month = int(match.group("year") or year), int(match.group("month"))
        if not 1 <= month <= 12:
            continue
        day = {"上旬": 10, "中旬": 20}.get(match.group("part") or "")
        take(match, datetime.date(y, month, day) if day else _month_end(y, month))
    for match in _HALF.finditer(text):
        if free(match):
            y = int(match.group("year") or year)
            take(
                match,
                datetime.date(y, 6, 30)
                if match.group("half") == "上半年"
                else datetime.date(y, 12, 31),
            )
    for match in _QUARTER.finditer(text):
        if free(match):
            y = int(match.group("year") or year)
            take(match, _month_end(y, _QUARTERS[match.group("quarter")] * 3))
    for match in _YEAR_END.finditer(text):
        if free(match):
            take(match, datetime.date(int(match.group("year") or year), 12, 31))
    return [date for _start, date in sorted(found, key=lambda item: item[0])]


def read_schedule(value, *, year):
    """(text, dates) of a 进度安排 cell in the plan of ``year``.

    A date cell (or an Excel serial) gives that date and the date as text; words give
    the dates they name (a month's end for "3月底前", the half's end for "上半年", the
    quarter's end for "第二季度", 31 December for "年底前"; a year left out is the plan's).
    """
    if value is None:
        return "", []
    if isinstance(value, datetime.datetime):
        value = value.date()
    if not isinstance(value, datetime.date):
        serial = date_from_serial(value) if not isinstance(value, str) else None
        if serial is not None:
            value = serial
    if isinstance(value, datetime.date):
        return f"{value.year}年{value.month}月{value.day}日", [value]
    text = normalise_text(str(value))
    return text, _dates_in(text, year)
