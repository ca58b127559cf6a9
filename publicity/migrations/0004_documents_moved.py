"""OfficialDocument and DocumentNumber moved to the documents app; their tables stay."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('publicity', '0003_submission_key'),
        ('documents', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name='DocumentNumber'),
                migrations.DeleteModel(name='OfficialDocument'),
            ],
        ),
    ]
