"""Confirm the years the pinned chinesecalendar package carries.

Later years are entered by an administrator on the calendar page.
"""

from django.db import migrations
from django.utils import timezone


def load(apps, schema_editor):
    from workcalendar.packaged import load_packaged_years

    load_packaged_years(
        apps.get_model("workcalendar", "CalendarYear"),
        apps.get_model("workcalendar", "CalendarDay"),
        confirmed_at=timezone.now(),
    )


class Migration(migrations.Migration):
    dependencies = [("workcalendar", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
