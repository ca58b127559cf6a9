"""The staff bonus list (医德考评加分名单, the process, step 9, seed 001 七.1).

Each member of a commended department who has been in it for at least one
year gets +2 points in the yearly medical-ethics appraisal (医德考评); the
party office exports the list for the personnel office.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _

from appraisal.enums import CampaignState, TitleStatus
from appraisal.models import Title
from core.errors import DomainError
from core.i18n import full_date
from core.spreadsheets import write_xlsx
from departments.models import Department, Person

BONUS_POINTS = 2


@dataclass(frozen=True)
class BonusRow:
    employee_number: str
    name: str
    unit: object  # departments.Department: the commended unit
    joined_department_on: datetime.date
    years: int
    points: int = BONUS_POINTS
    # The clean team (清廉团队, a unit under the department) the person was in, or "".
    team: str = ""


class RosterHistoryTooShortError(DomainError):
    """The roster's history (simple_history on Person and Department) does not reach
    the end of the confirmation day: who was in the units that day cannot be known."""


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


def require_roster_history(confirmed_on):
    """Refuse (``RosterHistoryTooShortError``) unless the history of people and of
    units reaches back to the end of ``confirmed_on``: an empty or partial list
    would look like a real one. Two queries."""
    end = end_of_day(confirmed_on)
    for model in (Person, Department):
        earliest = model.history.aggregate(first=Min("history_date"))["first"]
        if earliest is None or earliest > end:
            since = (
                _("目前没有任何变动记录")
                if earliest is None
                else _("变动记录从%(day)s才开始") % {"day": full_date(earliest)}
            )
            raise RosterHistoryTooShortError(
                _(
                    "人员名册（科室与人员）%(since)s，查不到党委确认日（%(date)s）当天的名册，"
                    "无法判断当天谁在受表扬科室及其清廉团队、是否满一年，"
                    "因此不生成医德考评加分名单。请系统管理员补录当天的名册后再试。"
                )
                % {"since": since, "date": full_date(confirmed_on)}
            )


def bonus_list(campaign):
    """The members of ``campaign``'s commended units who get the bonus, by unit
    code, team and employee number.

    The rule: for each unit whose title of this campaign is held (a revoked
    title earns nothing), the people on its roster as it stood at the end of
    the confirmation day (``Person.history.as_of``, Asia/Shanghai), active then,
    who had joined the unit at least one full year before the confirmation
    date (``joined_department_on`` + 1 year <= ``confirmed_on``; a 29 February
    join's year ends on 28 February). So a person who moved department after
    the confirmation is still listed for the unit they were in, and one who
    arrived after it is not. ``years`` is the full years in the unit at the
    confirmation date.

    The people of the department's clean teams (units whose parent it was that
    day, ``Department.history.as_of``) are its staff too (seed 001 七.1: every
    member of the department): they are listed under it with their team, their
    year counted from joining the team.

    Empty for a campaign not yet confirmed. Refused with
    ``RosterHistoryTooShortError`` when the roster's history does not reach the
    confirmation day. Five queries, whatever the size.
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
    require_roster_history(confirmed_on)
    end = end_of_day(confirmed_on)
    # Where each person's unit belonged that day: the commended unit, and a team's name.
    belongs = {pk: (pk, "") for pk in units}
    teams = Department.history.as_of(end).filter(parent_id__in=list(units))
    for team in teams.values("id", "parent_id", "name"):
        belongs[team["id"]] = (team["parent_id"], team["name"])
    roster = (
        Person.history.as_of(end)
        .filter(department_id__in=list(belongs), active=True)
        .values("employee_number", "name", "department_id", "joined_department_on")
    )
    rows = []
    for person in roster:
        years = full_years(person["joined_department_on"], confirmed_on)
        if years < 1:
            continue
        unit_pk, team = belongs[person["department_id"]]
        rows.append(
            BonusRow(
                employee_number=person["employee_number"],
                name=person["name"],
                unit=units[unit_pk],
                joined_department_on=person["joined_department_on"],
                years=years,
                team=team,
            )
        )
    rows.sort(key=lambda row: (row.unit.code, row.team, row.employee_number))
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
    医德考评加分, 所在清廉团队; every text cell formula-safe (core.spreadsheets).
    Raises ``RosterHistoryTooShortError`` as ``bonus_list``."""
    return write_xlsx(
        ["工号", "姓名", "科室", "在本科室年限（年）", "医德考评加分", "所在清廉团队"],
        [
            [row.employee_number, row.name, row.unit.name, row.years, row.points, row.team]
            for row in bonus_list(campaign)
        ],
        title="医德考评加分",
    )
