"""The demo hospital's risk points and key posts (risks/demo.py): every active unit has
points, most reviewed this year; key-post holders with one past the limit and one due
soon; a second run adds nothing."""

import pytest
from django.utils import timezone

from departments.demo import load_demo_hospital
from departments.models import Department
from risks.demo import load_demo_year_round
from risks.enums import RotationStatus
from risks.models import KeyPostHolding, RiskPoint, RiskReview
from risks.selectors import rotation_list

pytestmark = pytest.mark.django_db


def test_demo_year_round_for_every_unit_then_nothing_more():
    load_demo_hospital()
    created = load_demo_year_round()
    units = Department.objects.filter(active=True)
    assert set(RiskPoint.objects.values_list("unit", flat=True)) == set(
        units.values_list("pk", flat=True)
    )
    posts = set(RiskPoint.objects.values_list("post", flat=True))
    assert {"药品采购", "设备采购", "基建工程", "收费", "处方"} <= posts
    reviewed = RiskReview.objects.filter(year=timezone.localdate().year).count()
    assert created["风险点"] == RiskPoint.objects.count()
    assert created["风险点"] * 3 // 4 < reviewed < created["风险点"]
    statuses = [h.rotation for h in rotation_list()]
    assert statuses.count(RotationStatus.REACHED) == 1
    assert statuses.count(RotationStatus.DUE_SOON) == 1
    assert len(statuses) == KeyPostHolding.objects.count() == 7

    assert load_demo_year_round() == {"风险点": 0, "复核": 0, "重点岗位在岗": 0}
    assert RiskPoint.objects.count() == created["风险点"]
