import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workcalendar.workdays import (
    UnconfirmedYearError,
    WorkCalendar,
    is_working_day,
    nth_working_day,
    period_end,
    working_days_before,
)

D = datetime.date


def test_publicity_posted_friday_counts_adjusted_sunday(statutory_calendar):
    """The deadline rule's own example: posted Friday 2026-09-18 for 5 working days, it runs to the end of
    2026-09-23, because Sunday 2026-09-20 is an adjusted working day."""
    assert nth_working_day(D(2026, 9, 18), 5) == D(2026, 9, 23)
    end = period_end(D(2026, 9, 18), 5)
    assert end.isoformat() == "2026-09-24T00:00:00+08:00"
    assert str(end.tzinfo) == "Asia/Shanghai"


def test_start_on_a_day_off_counts_from_next_working_day(statutory_calendar):
    # Saturday 2026-09-19 is off; Sunday 2026-09-20 (adjusted) is day 1.
    assert nth_working_day(D(2026, 9, 19), 1) == D(2026, 9, 20)
    assert nth_working_day(D(2026, 9, 19), 3) == D(2026, 9, 22)


def test_start_on_a_working_day_counts_it_as_day_one(statutory_calendar):
    assert nth_working_day(D(2026, 11, 23), 1) == D(2026, 11, 23)
    assert nth_working_day(D(2026, 11, 23), 5) == D(2026, 11, 27)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2026, 2, 14), True),  # Saturday worked before the Spring Festival
        (D(2026, 2, 15), False),
        (D(2026, 2, 16), False),  # Spring Festival eve
        (D(2026, 2, 17), False),
        (D(2026, 2, 23), False),  # Monday, still in the holiday
        (D(2026, 2, 24), True),
        (D(2026, 2, 28), True),  # Saturday worked after it
        (D(2026, 9, 20), True),  # Sunday worked before National Day
        (D(2026, 10, 1), False),
        (D(2026, 10, 7), False),
        (D(2026, 10, 8), True),
        (D(2026, 10, 10), True),  # Saturday worked after it
        (D(2026, 10, 11), False),  # plain Sunday
    ],
)
def test_holiday_weeks_of_2026(statutory_calendar, day, working):
    assert is_working_day(day) is working


def test_spring_festival_2026_publicity_skips_the_holiday(statutory_calendar):
    # Friday 2026-02-13 is day 1, Saturday 02-14 (adjusted) day 2, then the
    # holiday runs to Monday 02-23; 02-24 to 02-26 are days 3 to 5.
    assert nth_working_day(D(2026, 2, 13), 5) == D(2026, 2, 26)


def test_national_day_2026_publicity_spans_the_golden_week(statutory_calendar):
    # 09-28 (Mon) … 09-30 are days 1–3; 10-01 … 10-07 off; 10-08 day 4, 10-09 day 5.
    assert nth_working_day(D(2026, 9, 28), 5) == D(2026, 10, 9)
    assert nth_working_day(D(2026, 9, 28), 6) == D(2026, 10, 10)


def test_unconfirmed_year_is_refused_with_where_to_enter_it(statutory_calendar):
    with pytest.raises(UnconfirmedYearError) as refused:
        nth_working_day(D(2026, 12, 28), 5)
    assert refused.value.year == 2027
    assert "2027 年的法定节假日和调休安排尚未录入或尚未确认" in str(refused.value)
    assert "/calendar/2027/" in str(refused.value)


def test_plain_day_in_unconfirmed_year_is_refused(statutory_calendar):
    with pytest.raises(UnconfirmedYearError):
        is_working_day(D(2027, 3, 3))


def test_working_days_before_counts_back(statutory_calendar):
    # Three working days before Thursday 2026-10-08 skip the National Day week.
    assert working_days_before(D(2026, 10, 8), 1) == D(2026, 9, 30)
    assert working_days_before(D(2026, 10, 8), 3) == D(2026, 9, 28)


def test_nth_working_day_needs_a_positive_count(statutory_calendar):
    with pytest.raises(ValueError, match="at least 1"):
        nth_working_day(D(2026, 9, 18), 0)


def test_calendar_reads_each_year_once(statutory_calendar, django_assert_num_queries):
    calendar = WorkCalendar()
    with django_assert_num_queries(2):  # is the year confirmed; its days
        for offset in range(60):
            calendar.is_working_day(D(2026, 9, 1) + datetime.timedelta(days=offset))


dates_2025_2026 = st.dates(min_value=D(2025, 1, 1), max_value=D(2026, 11, 30))
property_settings = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@property_settings
@given(start=dates_2025_2026, n=st.integers(min_value=1, max_value=5))
def test_nth_working_day_is_never_a_day_off(statutory_calendar, start, n):
    calendar = WorkCalendar()
    day = calendar.nth_working_day(start, n)
    assert calendar.is_working_day(day)
    assert day >= start
    between = [start + datetime.timedelta(days=i) for i in range((day - start).days + 1)]
    assert sum(calendar.is_working_day(d) for d in between) == n


@property_settings
@given(
    first=dates_2025_2026,
    gap=st.integers(min_value=0, max_value=20),
    n=st.integers(min_value=1, max_value=5),
)
def test_counting_is_monotonic(statutory_calendar, first, gap, n):
    calendar = WorkCalendar()
    later = first + datetime.timedelta(days=gap)
    assert calendar.nth_working_day(first, n) <= calendar.nth_working_day(later, n)
    assert calendar.nth_working_day(first, n) < calendar.nth_working_day(first, n + 1)
