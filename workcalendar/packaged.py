"""What the installed calendar packages know. Pure functions: no database.

Used by the data migration that confirms the packaged years and by the
administrator's "prefill a new year" action.
"""

# The values of models.DayKind, repeated so a migration can use this module.
HOLIDAY = "holiday"
ADJUSTED_WORKDAY = "adjusted_workday"


def packaged_years():
    """The years chinesecalendar carries in full (holidays and adjusted working days)."""
    import chinese_calendar

    return sorted({d.year for d in chinese_calendar.constants.holidays})


def packaged_schedule(year):
    """What the installed packages know of ``year``: ``(days, complete)``.

    ``days`` maps date → (kind, name). ``complete`` is True when chinesecalendar
    carries the year (holidays and adjusted working days as published); else
    the ``holidays`` package's estimate of the statutory holidays only, which
    an administrator must check against the State Council's notice.
    """
    import chinese_calendar
    import holidays

    days = {}
    if year in packaged_years():
        for date, name in chinese_calendar.constants.holidays.items():
            if date.year == year:
                days[date] = (HOLIDAY, _chinese_name(name))
        for date, name in chinese_calendar.constants.workdays.items():
            if date.year == year:
                days[date] = (ADJUSTED_WORKDAY, _chinese_name(name))
        return days, True
    for date, name in holidays.China(years=year, language="zh_CN").items():
        days[date] = (HOLIDAY, name[:50])
    return days, False


_HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利纪念日",
}


def _chinese_name(name):
    return _HOLIDAY_NAMES.get(name, name)[:50]


def load_packaged_years(calendar_year_model, calendar_day_model, *, confirmed_at):
    """Create and confirm each packaged year that is not in the table yet.

    Takes the model classes so the data migration can pass its historical ones.
    """
    import chinese_calendar

    for year in packaged_years():
        if calendar_year_model.objects.filter(year=year).exists():
            continue
        calendar_year = calendar_year_model.objects.create(
            year=year,
            source="package",
            confirmed_at=confirmed_at,
            note=f"chinesecalendar {chinese_calendar.__version__}",
        )
        days, _ = packaged_schedule(year)
        calendar_day_model.objects.bulk_create(
            calendar_day_model(calendar_year=calendar_year, date=date, kind=kind, name=name)
            for date, (kind, name) in days.items()
        )
