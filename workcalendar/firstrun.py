"""The first-run step this app owns (core.firstrun): 工作日历, this year's and next
year's statutory calendar entered and confirmed, without which no publicity period
can be counted."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.firstrun import FirstRunStep, register_step
from workcalendar.models import CalendarYear


def years_needed(today=None):
    today = today or timezone.localdate()
    return [today.year, today.year + 1]


def _confirmed(years):
    return set(
        CalendarYear.objects.filter(year__in=years, confirmed_at__isnull=False).values_list(
            "year", flat=True
        )
    )


def calendar_confirmed():
    years = years_needed()
    return _confirmed(years) == set(years)


def calendar_progress():
    years = years_needed()
    confirmed = _confirmed(years)
    return "".join(
        (_("%(year)s 年已确认。") if year in confirmed else _("%(year)s 年尚未录入并确认。"))
        % {"year": year}
        for year in years
    )


def register():
    register_step(
        FirstRunStep(
            key="calendar",
            order=50,
            title=gettext_lazy("工作日历"),
            url_name="workcalendar:list",
            perm="workcalendar.change_calendaryear",
            is_done=calendar_confirmed,
            progress=calendar_progress,
        )
    )
