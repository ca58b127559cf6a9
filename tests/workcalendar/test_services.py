import datetime

import pytest

from core.errors import DomainError
from workcalendar import services
from workcalendar.models import CalendarDay, CalendarYear, DayKind
from workcalendar.packaged import ADJUSTED_WORKDAY, HOLIDAY
from workcalendar.workdays import UnconfirmedYearError, nth_working_day

D = datetime.date


def test_day_kind_constants_match_the_model():
    assert HOLIDAY == DayKind.HOLIDAY
    assert ADJUSTED_WORKDAY == DayKind.ADJUSTED_WORKDAY


def test_packaged_years_are_confirmed_by_the_migration(db):
    year = CalendarYear.objects.get(year=2026)
    assert year.is_confirmed
    assert year.days.filter(kind=DayKind.ADJUSTED_WORKDAY).count() == 6


def _enter_2027(by):
    services.calendar_year_create(year=2027, by=by, note="国办发明电〔2026〕9号")
    for day in range(1, 4):
        services.calendar_day_set(
            year=2027, date=D(2027, 1, day), kind=DayKind.HOLIDAY, name="元旦", by=by
        )
    services.calendar_day_set(
        year=2027, date=D(2027, 1, 9), kind=DayKind.ADJUSTED_WORKDAY, name="元旦", by=by
    )


def test_entered_year_is_usable_only_after_confirmation(statutory_calendar, admin_user):
    _enter_2027(admin_user)
    with pytest.raises(UnconfirmedYearError):
        nth_working_day(D(2026, 12, 31), 2)
    services.calendar_year_confirm(year=2027, by=admin_user)
    # 12-31 (Thu) day 1; 01-01..01-03 off; Monday 01-04 day 2.
    assert nth_working_day(D(2026, 12, 31), 2) == D(2027, 1, 4)
    # Saturday 2027-01-09 is an adjusted working day.
    assert nth_working_day(D(2027, 1, 8), 2) == D(2027, 1, 9)
    confirmed = CalendarYear.objects.get(year=2027)
    assert confirmed.confirmed_by == admin_user
    assert confirmed.history.first().history_user == admin_user


def test_confirmed_year_cannot_be_edited(statutory_calendar, admin_user):
    with pytest.raises(DomainError, match="已确认，不能再修改"):
        services.calendar_day_set(
            year=2026, date=D(2026, 3, 2), kind=DayKind.HOLIDAY, name="", by=admin_user
        )


def test_empty_year_cannot_be_confirmed(db, admin_user):
    services.calendar_year_create(year=2027, by=admin_user)
    with pytest.raises(DomainError, match="尚未录入任何放假日期"):
        services.calendar_year_confirm(year=2027, by=admin_user)


def test_adjusted_workday_must_be_a_weekend_day(db, admin_user):
    services.calendar_year_create(year=2027, by=admin_user)
    with pytest.raises(DomainError, match="是工作日，不需要登记为调休上班日"):
        services.calendar_day_set(
            year=2027, date=D(2027, 1, 6), kind=DayKind.ADJUSTED_WORKDAY, name="", by=admin_user
        )


def test_day_outside_the_year_is_refused(db, admin_user):
    services.calendar_year_create(year=2027, by=admin_user)
    with pytest.raises(DomainError, match="不在 2027 年内"):
        services.calendar_day_set(
            year=2027, date=D(2028, 1, 1), kind=DayKind.HOLIDAY, name="", by=admin_user
        )


def test_duplicate_year_is_refused(db, admin_user):
    with pytest.raises(DomainError, match="2026 年的工作日历已存在"):
        services.calendar_year_create(year=2026, by=admin_user)


def test_reopen_needs_a_reason_and_keeps_it(statutory_calendar, admin_user):
    with pytest.raises(DomainError, match="必须说明理由"):
        services.calendar_year_reopen(year=2026, by=admin_user, reason="  ")
    services.calendar_year_reopen(year=2026, by=admin_user, reason="国务院调整中秋放假安排")
    year = CalendarYear.objects.get(year=2026)
    assert not year.is_confirmed
    assert year.history.first().history_change_reason == "国务院调整中秋放假安排"
    with pytest.raises(UnconfirmedYearError):
        nth_working_day(D(2026, 9, 18), 5)


def test_cleared_day_stays_in_history(db, admin_user):
    _enter_2027(admin_user)
    services.calendar_day_clear(year=2027, date=D(2027, 1, 9), by=admin_user)
    assert not CalendarDay.objects.filter(date=D(2027, 1, 9)).exists()
    removed = CalendarDay.history.filter(date=D(2027, 1, 9), history_type="-").get()
    assert removed.history_user == admin_user


def test_prefill_of_an_unpublished_year_estimates_holidays_only(db, admin_user):
    services.calendar_year_create(year=2027, by=admin_user)
    added, complete = services.calendar_year_prefill(year=2027, by=admin_user)
    assert complete is False
    assert added > 0
    assert CalendarDay.objects.filter(
        calendar_year__year=2027, kind=DayKind.HOLIDAY, date=D(2027, 1, 1)
    ).exists()
    assert not CalendarDay.objects.filter(
        calendar_year__year=2027, kind=DayKind.ADJUSTED_WORKDAY
    ).exists()


def test_prefill_of_a_packaged_year_is_complete(db, admin_user):
    CalendarYear.objects.filter(year=2025).delete()
    services.calendar_year_create(year=2025, by=admin_user)
    added, complete = services.calendar_year_prefill(year=2025, by=admin_user)
    assert complete is True
    assert CalendarDay.objects.get(date=D(2025, 1, 26)).kind == DayKind.ADJUSTED_WORKDAY
    assert CalendarDay.objects.get(date=D(2025, 1, 28)).name == "春节"
    again, _ = services.calendar_year_prefill(year=2025, by=admin_user)
    assert again == 0
    assert added == CalendarDay.objects.filter(calendar_year__year=2025).count()


def test_long_reopen_reason_fits_the_history_column(statutory_calendar, admin_user):
    reason = "国务院办公厅调整放假安排。" * 20  # 260 characters; the history column holds 100
    services.calendar_year_reopen(year=2026, by=admin_user, reason=reason)
    assert CalendarYear.objects.get(year=2026).history.first().history_change_reason == reason[:100]


@pytest.mark.parametrize("persona", ["party_office", "staff"])
def test_only_the_calendar_keepers_may_change_it(request, statutory_calendar, admin_user, persona):
    """The services ask the model permission themselves (not only the views)."""
    _enter_2027(admin_user)
    user = request.getfixturevalue(persona)
    refusals = [
        lambda: services.calendar_year_create(year=2028, by=user),
        lambda: services.calendar_day_set(
            year=2027, date=D(2027, 1, 4), kind=DayKind.HOLIDAY, name="元旦", by=user
        ),
        lambda: services.calendar_day_clear(year=2027, date=D(2027, 1, 1), by=user),
        lambda: services.calendar_year_prefill(year=2027, by=user),
        lambda: services.calendar_year_confirm(year=2027, by=user),
        lambda: services.calendar_year_reopen(year=2026, by=user, reason="国务院调整"),
    ]
    for refused in refusals:
        with pytest.raises(DomainError) as error:
            refused()
        assert error.value.message == "您没有维护工作日历的权限。"
    assert not CalendarYear.objects.filter(year=2028).exists()
    assert CalendarDay.objects.filter(date=D(2027, 1, 1)).exists()
    assert CalendarYear.objects.get(year=2026).is_confirmed
