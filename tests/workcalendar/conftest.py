import pytest
from django.utils import timezone

from workcalendar.models import CalendarDay, CalendarYear
from workcalendar.packaged import load_packaged_years


@pytest.fixture
def statutory_calendar(db):
    """The packaged years, confirmed (as the data migration leaves them).

    Loaded again here because a transactional test elsewhere may have flushed
    the tables the migration filled.
    """
    load_packaged_years(CalendarYear, CalendarDay, confirmed_at=timezone.now())
