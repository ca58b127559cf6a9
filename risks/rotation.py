"""The key posts' rotation limit (seed 004 art. 19: rotate every 3–5 years), exactly.

The rule (docs/yearwork.md, "Risk points and key posts"): a holder *reaches* the
limit on ``since + limit years``; a holding that started on 29 February reaches it
on 28 February when that year has no 29th. Reached means that date is on or
before today. *Due soon* means not reached, and the date is on or before the day
``ROTATION_NOTICE_MONTHS`` months from today (the same day of the month, or the
month's last day when it has no such day).

Lists ask the database: ``since_cutoff(day, limit)`` is the latest start date
whose limit date is on or before ``day``, so "reached by ``day``" is
``since <= since_cutoff(day, limit)``, an indexed comparison
(``tests/risks/test_rotation.py`` holds the two forms together, day by day).
"""

import calendar
import datetime

from hospital.selectors import hospital_profile
from risks.enums import ROTATION_NOTICE_MONTHS, RotationStatus


def _last_day_of_month(year, month):
    return calendar.monthrange(year, month)[1]


def add_years(day, years):
    """``day`` moved by whole years; 29 February becomes 28 February in a common year."""
    year = day.year + years
    return day.replace(year=year, day=min(day.day, _last_day_of_month(year, day.month)))


def add_months(day, months):
    """``day`` moved by whole months; a day the month lacks becomes its last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, _last_day_of_month(year, month)))


def rotation_limit():
    """The hospital's rotation limit in years (3 to 5, default 5), read at call time."""
    return hospital_profile().key_post_rotation_years


def limit_reached_on(since, limit):
    """The day a holder who started on ``since`` reaches ``limit`` years."""
    return add_years(since, limit)


def since_cutoff(day, limit):
    """The latest start date whose limit date (``limit_reached_on``) is on or before ``day``.

    The same day ``limit`` years earlier, except on the last day of February: then
    every start up to the end of that February reaches the limit by ``day`` (a start
    on 29 February reaches it on the 28th in a common year).
    """
    year = day.year - limit
    if day.month == 2 and day.day == _last_day_of_month(day.year, 2):
        return datetime.date(year, 2, _last_day_of_month(year, 2))
    return datetime.date(year, day.month, min(day.day, _last_day_of_month(year, day.month)))


def notice_horizon(today):
    """The last day the early notice looks ahead to: ``ROTATION_NOTICE_MONTHS`` from today."""
    return add_months(today, ROTATION_NOTICE_MONTHS)


def rotation_status(*, since, until, today, limit):
    """Where a holding stands: ended, reached, due soon (within the notice) or within."""
    if until is not None:
        return RotationStatus.ENDED
    due_on = limit_reached_on(since, limit)
    if due_on <= today:
        return RotationStatus.REACHED
    if due_on <= notice_horizon(today):
        return RotationStatus.DUE_SOON
    return RotationStatus.WITHIN
