"""Entering and confirming a year of the statutory calendar."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError
from core.history import changed_by
from core.i18n import month_day
from core.permissions import require

from .models import CalendarDay, CalendarSource, CalendarYear, DayKind
from .packaged import packaged_schedule

# Who keeps the calendar (the administrator role, accounts/roles.py): asked of every
# service below, so the rule holds from a page, the shell or a task alike.
EDIT = "workcalendar.change_calendaryear"


def _require_editor(by):
    require(by, EDIT, message=_("您没有维护工作日历的权限。"))


def _draft_year(year):
    calendar_year = CalendarYear.objects.select_for_update().filter(year=year).first()
    if calendar_year is None:
        raise DomainError(_("%(year)s 年的工作日历不存在。") % {"year": year})
    if calendar_year.is_confirmed:
        raise DomainError(
            _("%(year)s 年的工作日历已确认，不能再修改；如国务院调整安排，请先撤销确认并说明理由。")
            % {"year": year}
        )
    return calendar_year


@transaction.atomic
def calendar_year_create(*, year, by, note=""):
    """Start a draft year. Side effects: one CalendarYear row (history records ``by``)."""
    _require_editor(by)
    if CalendarYear.objects.filter(year=year).exists():
        raise DomainError(_("%(year)s 年的工作日历已存在。") % {"year": year})
    calendar_year = CalendarYear(year=year, source=CalendarSource.MANUAL, note=note)
    changed_by(calendar_year, by=by)
    calendar_year.save()
    return calendar_year


@transaction.atomic
def calendar_day_set(*, year, date, kind, name, by):
    """Record ``date`` of draft ``year`` as a holiday or an adjusted working day.

    An adjusted working day must be a Saturday or Sunday; a holiday that falls
    on a weekend is allowed (the State Council lists whole holiday spans).
    Side effects: creates or changes one CalendarDay row.
    """
    _require_editor(by)
    calendar_year = _draft_year(year)
    if date.year != year:
        raise DomainError(
            _("%(date)s 不在 %(year)s 年内。") % {"date": f"{date:%Y-%m-%d}", "year": year}
        )
    if kind == DayKind.ADJUSTED_WORKDAY and date.weekday() < 5:
        raise DomainError(
            _("%(date)s是工作日，不需要登记为调休上班日。") % {"date": month_day(date)}
        )
    day = CalendarDay.objects.filter(date=date).first() or CalendarDay(
        date=date, calendar_year=calendar_year
    )
    day.kind, day.name = kind, name
    changed_by(day, by=by)
    day.save()
    return day


@transaction.atomic
def calendar_day_clear(*, year, date, by):
    """Remove an entry of a draft year (a typo); the history keeps the removed row."""
    _require_editor(by)
    _draft_year(year)
    day = CalendarDay.objects.filter(calendar_year__year=year, date=date).first()
    if day is not None:
        changed_by(day, by=by)
        day.delete()


@transaction.atomic
def calendar_year_confirm(*, year, by):
    """Confirm draft ``year`` so deadlines may be computed in it.

    Refused while it has no holiday at all (an empty year is a forgotten entry,
    not a year without holidays). Side effects: sets confirmed_at/by.
    """
    _require_editor(by)
    calendar_year = _draft_year(year)
    if not calendar_year.days.filter(kind=DayKind.HOLIDAY).exists():
        raise DomainError(
            _(
                "%(year)s 年尚未录入任何放假日期，不能确认。请对照国务院办公厅的放假通知录入后再确认。"
            )
            % {"year": year}
        )
    calendar_year.confirmed_at = timezone.now()
    calendar_year.confirmed_by = by
    changed_by(calendar_year, by=by)
    calendar_year.save(update_fields=["confirmed_at", "confirmed_by"])
    return calendar_year


@transaction.atomic
def calendar_year_reopen(*, year, by, reason):
    """Withdraw the confirmation of ``year`` (the schedule was revised), with a reason kept in history."""
    _require_editor(by)
    if not reason.strip():
        raise DomainError(_("撤销确认必须说明理由。"))
    calendar_year = CalendarYear.objects.select_for_update().filter(year=year).first()
    if calendar_year is None or not calendar_year.is_confirmed:
        raise DomainError(_("%(year)s 年的工作日历尚未确认，无需撤销。") % {"year": year})
    calendar_year.confirmed_at = None
    calendar_year.confirmed_by = None
    changed_by(calendar_year, by=by, reason=reason.strip())
    calendar_year.save(update_fields=["confirmed_at", "confirmed_by"])
    return calendar_year


@transaction.atomic
def calendar_year_prefill(*, year, by):
    """Fill draft ``year`` from the packages (see ``packaged_schedule``); existing entries stay.

    Returns ``(added, complete)``. Side effects: CalendarDay rows.
    """
    _require_editor(by)
    _draft_year(year)
    days, complete = packaged_schedule(year)
    added = 0
    for date, (kind, name) in sorted(days.items()):
        if not CalendarDay.objects.filter(date=date).exists():
            calendar_day_set(year=year, date=date, kind=kind, name=name, by=by)
            added += 1
    return added, complete
