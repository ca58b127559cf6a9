"""The default rubric's criteria name the year-round records that evidence them
(fixtures/default_rubric.json, "record_kinds"). Stored rubrics are the campaigns'
own copies: a criterion whose standard and text are still the default's, and which
names no record kinds yet, gets the default's; an edited criterion is left alone.

The mapping is written out here, as the fixture had it when this migration was
written, so that a later change of the file does not change what this did.
"""

from django.db import migrations

DEFAULT_RECORD_KINDS = {
    ("管理规范", "落实党风廉政“一岗双责”，与业务工作同部署、同推进、同落实"): [
        "supervision.ledger_items"
    ],
    ("管理规范", "开展廉政风险排查和防范化解"): ["risks.risk_points", "risks.key_posts"],
    ("管理规范", "科主任每年至少对科内人员开展 1 次廉政约谈"): ["integrity.talks"],
    ("管理规范", "开展“清廉科室”建设专题讨论"): ["integrity.study_sessions"],
    ("管理规范", "科室与全体人员签订廉洁承诺书"): ["integrity.commitments"],
    ("纪律严明", "遵守中央八项规定精神、《中国共产党廉洁自律准则》"): ["integrity.commitments"],
    ("纪律严明", "落实“九不准”、“十严禁”、《医疗机构从业人员行为规范》"): [
        "integrity.commitments",
        "integrity.talks",
    ],
    ("文化廉洁", "学习廉政知识，参加医院组织的廉洁警示教育"): ["integrity.study_sessions"],
    ("文化廉洁", "科内学习党纪党规、法律法规、行业作风要求每季不少于 1 次"): [
        "integrity.study_sessions"
    ],
    ("文化廉洁", "开展清廉文化进科室活动，以清廉墙打造清廉文化阵地"): [
        "reports.publicity_materials"
    ],
}


def set_default_record_kinds(apps, schema_editor):
    Criterion = apps.get_model("appraisal", "Criterion")
    for criterion in Criterion.objects.select_related("standard").iterator():
        if criterion.record_kinds:
            continue
        kinds = DEFAULT_RECORD_KINDS.get((criterion.standard.name, criterion.text))
        if kinds:
            criterion.record_kinds = kinds
            criterion.save(update_fields=["record_kinds"])


class Migration(migrations.Migration):
    dependencies = [("appraisal", "0008_record_evidence")]

    operations = [
        migrations.RunPython(set_default_record_kinds, migrations.RunPython.noop),
    ]
