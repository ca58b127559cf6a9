from django.db.models import Count, Q
from django.utils import timezone

from .models import CalendarDay, CalendarYear, DayKind


def year_list():
    return CalendarYear.objects.select_related("confirmed_by").annotate(
        holiday_count=Count("days", filter=Q(days__kind=DayKind.HOLIDAY)),
        adjusted_count=Count("days", filter=Q(days__kind=DayKind.ADJUSTED_WORKDAY)),
    )


def days_of(year):
    return CalendarDay.objects.filter(calendar_year__year=year).order_by("date")


# The State Council publishes next year's schedule in November or December.
REMIND_FROM_MONTH = 11


def year_needing_entry(today=None):
    """The year an administrator should enter now, or None.

    The current year when it is unconfirmed; from November, next year too.
    """
    today = today or timezone.localdate()
    candidates = [today.year] + ([today.year + 1] if today.month >= REMIND_FROM_MONTH else [])
    confirmed = set(
        CalendarYear.objects.filter(year__in=candidates, confirmed_at__isnull=False).values_list(
            "year", flat=True
        )
    )
    return next((year for year in candidates if year not in confirmed), None)
