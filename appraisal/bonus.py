"""The staff bonus list (医德考评加分名单, the process, step 9, seed 001 七.1).

Each member of a commended department who has been in it for at least one
year gets +2 points in the yearly medical-ethics appraisal (医德考评); the
party office exports the list for the personnel office.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from appraisal.enums import CampaignState, TitleStatus
from appraisal.models import Title
from core.spreadsheets import write_xlsx
from departments.models import Person

BONUS_POINTS = 2


@dataclass(frozen=True)
class BonusRow:
    employee_number: str
    name: str
    unit: object  # departments.Department
    joined_department_on: datetime.date
    years: int
    points: int = BONUS_POINTS


def anniversary(joined_on, year):
    """``joined_on``'s anniversary in ``year``; a 29 February's is 28 February
    in a year without one (its year ends then)."""
    if joined_on.month == 2 and joined_on.day == 29:
        try:
            return joined_on.replace(year=year)
        except ValueError:
            return datetime.date(year, 2, 28)
    return joined_on.replace(year=year)


def full_years(joined_on, on):
    """Full years in the department between ``joined_on`` and ``on`` (negative if
    ``joined_on`` is later)."""
    years = on.year - joined_on.year
    if on < anniversary(joined_on, on.year):
        years -= 1
    return years


def end_of_day(day):
    """24:00 of ``day`` in the site's time zone (Asia/Shanghai), as an aware moment."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))


def bonus_list(campaign):
    """The members of ``campaign``'s commended units who get the bonus, by unit
    code and employee number.

    The rule: for each unit whose title of this campaign is held (a revoked
    title earns nothing), the people on its roster as it stood at the end of
    the confirmation day (``Person.history.as_of``, Asia/Shanghai), active then,
    who had joined the unit at least one full year before the confirmation
    date (``joined_department_on`` + 1 year <= ``confirmed_on``; a 29 February
    join's year ends on 28 February). So a person who moved department after
    the confirmation is still listed for the unit they were in, and one who
    arrived after it is not. ``years`` is the full years in the unit at the
    confirmation date.

    Empty for a campaign not yet confirmed. Two queries, whatever the size.
    """
    if campaign.state != CampaignState.CLOSED or campaign.confirmed_on is None:
        return []
    confirmed_on = campaign.confirmed_on
    units = {
        title.unit_id: title.unit
        for title in Title.objects.filter(campaign=campaign, status=TitleStatus.HELD)
        .select_related("unit")
        .order_by("unit__code")
    }
    if not units:
        return []
    roster = (
        Person.history.as_of(end_of_day(confirmed_on))
        .filter(department_id__in=list(units), active=True)
        .values("employee_number", "name", "department_id", "joined_department_on")
    )
    rows = []
    for person in roster:
        years = full_years(person["joined_department_on"], confirmed_on)
        if years < 1:
            continue
        rows.append(
            BonusRow(
                employee_number=person["employee_number"],
                name=person["name"],
                unit=units[person["department_id"]],
                joined_department_on=person["joined_department_on"],
                years=years,
            )
        )
    rows.sort(key=lambda row: (row.unit.code, row.employee_number))
    return rows


def excluded_titles(campaign):
    """The campaign's revoked titles: their units earn no bonus (shown on the page)."""
    return (
        Title.objects.filter(campaign=campaign, status=TitleStatus.REVOKED)
        .select_related("unit")
        .order_by("unit__code")
    )


def bonus_workbook(campaign):
    """The list as an .xlsx file (bytes): 工号, 姓名, 科室, 在本科室年限（年）,
    医德考评加分; every text cell formula-safe (core.spreadsheets)."""
    return write_xlsx(
        ["工号", "姓名", "科室", "在本科室年限（年）", "医德考评加分"],
        [
            [row.employee_number, row.name, row.unit.name, row.years, row.points]
            for row in bonus_list(campaign)
        ],
        title="医德考评加分",
    )
