"""Indicator 4 of the defaults (fixtures/veto_indicators.json) now quotes 九项准则
with Chinese quotation marks. Stored indicators are fixed only where the text is
still the old default word for word: an administrator's own wording is left as
it is, and so is every veto event's copy of the text (a record of its day)."""

from django.db import migrations

OLD = '违反中央八项规定精神及医疗卫生行业"九项准则"规定，被相关部门或医院处分'
NEW = "违反中央八项规定精神及医疗卫生行业“九项准则”规定，被相关部门或医院处分"


def forwards(apps, schema_editor):
    apps.get_model("veto", "VetoIndicator").objects.filter(text=OLD).update(text=NEW)


def backwards(apps, schema_editor):
    apps.get_model("veto", "VetoIndicator").objects.filter(text=NEW).update(text=OLD)


class Migration(migrations.Migration):
    dependencies = [("veto", "0005_revocation_announcement")]
    operations = [migrations.RunPython(forwards, backwards)]
