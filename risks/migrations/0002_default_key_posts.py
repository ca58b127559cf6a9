"""The high-risk posts seed 004 art. 19 names (equipment, pharmacy, general affairs, works,
procurement) and seed 003's examples, as the list's first entries; the keepers add more."""

from django.db import migrations

DEFAULT_KEY_POSTS = (
    "设备采购",
    "药品采购",
    "药库管理",
    "医用耗材采购",
    "总务物资管理",
    "基建工程",
    "招标采购",
    "财务收费",
    "医保结算",
    "人事招聘",
)


def add_defaults(apps, schema_editor):
    KeyPost = apps.get_model("risks", "KeyPost")
    existing = set(KeyPost.objects.values_list("name", flat=True))
    KeyPost.objects.bulk_create(
        [KeyPost(name=name) for name in DEFAULT_KEY_POSTS if name not in existing]
    )


class Migration(migrations.Migration):
    dependencies = [("risks", "0001_risk_points_and_key_posts")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
