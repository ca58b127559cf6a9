"""The official documents and their numbers, moved here from publicity.

Nothing is copied: the tables keep their names (``Meta.db_table``), so this
migration only tells Django's state that the models are this app's now
(``publicity.0004`` forgets them there), then gives their content types to
this app, which keeps their permissions and any per-object grants attached.
"""

import django.db.models.deletion
import documents.models
from django.db import migrations, models


MOVED = ("officialdocument", "documentnumber")


def _move_content_types(apps, source, target):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not ContentType.objects.filter(app_label=target, model=model).exists():
            ContentType.objects.filter(app_label=source, model=model).update(app_label=target)


def content_types_to_documents(apps, schema_editor):
    _move_content_types(apps, "publicity", "documents")


def content_types_to_publicity(apps, schema_editor):
    _move_content_types(apps, "documents", "publicity")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('appraisal', '0005_disqualify_lookback'),
        ('veto', '0003_submission_key'),
        # The tables were created by publicity's migrations.
        ('publicity', '0003_submission_key'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(database_operations=[], state_operations=[
        migrations.CreateModel(
            name='DocumentNumber',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('prefix', models.CharField(max_length=20, verbose_name='机关代字')),
                ('year', models.PositiveSmallIntegerField(verbose_name='年份')),
                ('last', models.PositiveIntegerField(default=0, verbose_name='已用至')),
            ],
            options={
                'verbose_name': '发文字号',
                'verbose_name_plural': '发文字号',
                'db_table': 'publicity_documentnumber',
                'constraints': [models.UniqueConstraint(fields=('prefix', 'year'), name='one_sequence_per_prefix_year')],
            },
        ),
        migrations.CreateModel(
            name='OfficialDocument',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.CharField(max_length=64, unique=True, verbose_name='标识')),
                ('kind', models.CharField(choices=[('application_form', '申报表'), ('publicity', '公示'), ('commendation', '表扬通报'), ('certificate', '荣誉证书'), ('certificates', '荣誉证书（全部）'), ('rectification', '整改通知书')], max_length=20, verbose_name='种类')),
                ('document_number', models.CharField(blank=True, max_length=50, verbose_name='文号')),
                ('state', models.CharField(choices=[('pending', '生成中'), ('ready', '可下载'), ('failed', '生成失败')], db_index=True, default='pending', max_length=10, verbose_name='状态')),
                ('revision', models.PositiveIntegerField(default=1, verbose_name='版本')),
                ('rendered_revision', models.PositiveIntegerField(default=0, verbose_name='已生成版本')),
                ('requested_at', models.DateTimeField(db_index=True, verbose_name='请求时间')),
                ('file', models.FileField(blank=True, max_length=200, upload_to=documents.models.document_path, verbose_name='文件')),
                ('size', models.PositiveBigIntegerField(default=0, verbose_name='大小（字节）')),
                ('rendered_at', models.DateTimeField(blank=True, null=True, verbose_name='生成时间')),
                ('error', models.TextField(blank=True, verbose_name='错误')),
                ('application', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='documents', to='appraisal.application', verbose_name='申报')),
                ('campaign', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='documents', to='appraisal.campaign', verbose_name='评选批次')),
                ('rectification', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='documents', to='veto.rectification', verbose_name='整改')),
                ('title', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='documents', to='appraisal.title', verbose_name='清廉科室称号')),
            ],
            options={
                'verbose_name': '公文',
                'verbose_name_plural': '公文',
                'db_table': 'publicity_officialdocument',
                'ordering': ['kind', 'key'],
            },
        ),
    ]),
        migrations.RunPython(content_types_to_documents, content_types_to_publicity),
    ]
