"""The ten default veto indicators of fixtures/. The demo loader links their
offices to the demo hospital's departments later (veto.services.indicators)."""

from django.db import migrations


def load(apps, schema_editor):
    from veto.services.indicators import load_defaults

    load_defaults(apps.get_model("veto", "VetoIndicator"), apps.get_model("departments", "Department"))


class Migration(migrations.Migration):
    dependencies = [("veto", "0001_initial"), ("departments", "0002_rosterimport")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
