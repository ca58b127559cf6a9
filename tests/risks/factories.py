"""Risk points and key-post holdings for tests, written directly (the services are tested
on their own); ``recorded_by`` is the unit's head."""

import datetime

from risks.models import KeyPost, KeyPostHolding, RiskPoint, RiskReview
from tests.factories import PersonFactory, head_of


def risk_point(unit, *, post="药品采购", grade="1", recorded_on=None, retired_on=None, by=None):
    return RiskPoint.objects.create(
        unit=unit,
        post=post,
        risk="收受回扣",
        grade=grade,
        measure="集体决策，全程留痕",
        recorded_on=recorded_on or datetime.date(2024, 3, 1),
        recorded_by=by or head_of(unit),
        retired_on=retired_on,
        retired_reason="岗位撤销" if retired_on else "",
    )


def review(point, on, *, grade=None, by=None):
    return RiskReview.objects.create(
        risk_point=point,
        reviewed_on=on,
        year=on.year,
        outcome="维持",
        grade_before=point.grade,
        grade_after=grade or point.grade,
        reviewed_by=by or point.recorded_by,
    )


def key_post(name="设备采购"):
    return KeyPost.objects.get_or_create(name=name)[0]


def holding(unit, *, since, person=None, post="设备采购", until=None, by=None):
    return KeyPostHolding.objects.create(
        unit=unit,
        post=key_post(post),
        person=person or PersonFactory(department=unit),
        since=since,
        until=until,
        recorded_by=by or head_of(unit),
    )


def set_rotation_limit(years, by):
    """The hospital's rotation limit as an administrator saved it (the cache renewed)."""
    from django.core.cache import cache
    from django.utils import timezone

    from hospital.models import SINGLETON_PK, HospitalSettings

    HospitalSettings.objects.update_or_create(
        pk=SINGLETON_PK,
        defaults={
            "name": "测试医院",
            "title_wording": "清廉科室",
            "objection_contact": "纪检监察室",
            "key_post_rotation_years": years,
            "saved_at": timezone.now(),
            "saved_by": by,
        },
    )
    cache.clear()
