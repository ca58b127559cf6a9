"""The calendar's first-run step (workcalendar.firstrun): done when this year and
next year are entered and confirmed."""

import pytest
from django.utils import timezone

from core.firstrun import first_run_steps
from workcalendar.firstrun import calendar_confirmed, calendar_progress
from workcalendar.models import CalendarYear

pytestmark = pytest.mark.django_db


def test_step_is_registered_with_the_calendar_page():
    [step] = [step for step in first_run_steps() if step.key == "calendar"]
    assert (str(step.title), step.url_name, step.perm) == (
        "工作日历",
        "workcalendar:list",
        "workcalendar.change_calendaryear",
    )


def test_both_years_confirmed_is_done():
    this_year = timezone.localdate().year
    # Packaged years arrive confirmed (a data migration); start from neither confirmed.
    CalendarYear.objects.filter(year__in=[this_year, this_year + 1]).update(confirmed_at=None)
    CalendarYear.objects.get_or_create(year=this_year)
    CalendarYear.objects.get_or_create(year=this_year + 1)  # entered, not confirmed
    assert calendar_confirmed() is False
    assert calendar_progress() == (
        f"{this_year} 年尚未录入并确认。{this_year + 1} 年尚未录入并确认。"
    )
    CalendarYear.objects.filter(year=this_year).update(confirmed_at=timezone.now())
    assert calendar_confirmed() is False
    assert calendar_progress() == f"{this_year} 年已确认。{this_year + 1} 年尚未录入并确认。"
    CalendarYear.objects.filter(year=this_year + 1).update(confirmed_at=timezone.now())
    assert calendar_confirmed() is True
    assert calendar_progress() == f"{this_year} 年已确认。{this_year + 1} 年已确认。"
