"""What a unit's risk points and key posts come to for appraisal (``appraisal.records``):
two record kinds, registered from ``RisksConfig.ready()``.

Each ``summarize(units, year)`` runs two queries whatever the number of units (the
figures grouped by unit, then the few rows listed beneath).
"""

import datetime
from collections import defaultdict

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from appraisal.records import RecordItem, RecordKind, RecordSummary, register_record_kind
from core.links import url_for_each
from risks.enums import RiskGrade, RotationStatus
from risks.models import KeyPostHolding
from risks.rotation import limit_reached_on, rotation_limit, since_cutoff
from risks.selectors import points_of_year, reviewed_in

RISK_POINTS = "risks.risk_points"
KEY_POSTS = "risks.key_posts"
ITEMS_SHOWN = 5


def _year_label(year):
    if year == timezone.localdate().year:
        return _("本年度")
    return _("%(year)s年度") % {"year": year}


def summarize_risk_points(units, year):
    """Per unit: the points on record in ``year``, how many were reviewed in it (and their
    share, ``reviewed_percent``), and how many of each grade (the grade now)."""
    units = list(units)
    ids = [unit.pk for unit in units]
    points = points_of_year(year).filter(unit__in=ids)
    grades = {f"grade_{grade.value}": Count("pk", filter=Q(grade=grade)) for grade in RiskGrade}
    figures = {
        row["unit"]: row
        for row in points.order_by()
        .values("unit")
        .annotate(
            points=Count("pk"), reviewed=Count("pk", filter=Q(pk__in=reviewed_in(year))), **grades
        )
    }
    # Reversed, labelled and worded once, not once a row (docs/yearwork.md).
    point_url = url_for_each("risks:point")
    unit_url = url_for_each("risks:unit_points")
    grade_labels = {grade.value: str(grade.label) for grade in RiskGrade}
    item_label = _("%(post)s（%(grade)s）")
    year_label = _year_label(year)
    items = defaultdict(list)
    for pk, unit_id, post, grade, recorded_on in points.order_by(
        "unit", "grade", "post", "pk"
    ).values_list("pk", "unit_id", "post", "grade", "recorded_on"):
        if len(items[unit_id]) < ITEMS_SHOWN:
            items[unit_id].append(
                RecordItem(
                    label=item_label % {"post": post, "grade": grade_labels.get(grade, grade)},
                    date=recorded_on.isoformat(),
                    url=point_url(pk),
                )
            )
    answer = {}
    for unit in units:
        row = figures.get(unit.pk, {})
        numbers = {
            "points": row.get("points", 0),
            "reviewed": row.get("reviewed", 0),
            **{f"grade_{grade.value}": row.get(f"grade_{grade.value}", 0) for grade in RiskGrade},
        }
        # The share reviewed in the year, rounded down; None when the unit has no points.
        numbers["reviewed_percent"] = (
            numbers["reviewed"] * 100 // numbers["points"] if numbers["points"] else None
        )
        answer[unit.pk] = RecordSummary(
            kind=RISK_POINTS,
            text=_("风险点 %(points)s 个，%(year)s已复核 %(reviewed)s 个")
            % {**numbers, "year": year_label},
            figures=numbers,
            url=unit_url(unit.pk),
            items=tuple(items[unit.pk]),
        )
    return answer


def summarize_key_posts(units, year):
    """Per unit: the holders of key posts at the end of ``year`` (or today, in the year
    running) and how many of them had reached the rotation limit by then."""
    units = list(units)
    ids = [unit.pk for unit in units]
    day = min(datetime.date(year, 12, 31), timezone.localdate())
    limit = rotation_limit()
    held = (
        KeyPostHolding.objects.filter(unit__in=ids, since__lte=day)
        .filter(Q(until__isnull=True) | Q(until__gte=day))
        .order_by()
    )
    reached = since_cutoff(day, limit)
    figures = {
        row["unit"]: row
        for row in held.values("unit").annotate(
            holders=Count("pk"), due_for_rotation=Count("pk", filter=Q(since__lte=reached))
        )
    }
    holding_url = url_for_each("risks:holding")
    unit_url = url_for_each("risks:unit_posts")
    reached_label = str(RotationStatus.REACHED.label)
    items = defaultdict(list)
    for pk, unit_id, since, post, person in held.order_by("unit", "since", "pk").values_list(
        "pk", "unit_id", "since", "post__name", "person__name"
    ):
        if len(items[unit_id]) < ITEMS_SHOWN:
            label = _("%(post)s：%(person)s") % {"post": post, "person": person}
            if limit_reached_on(since, limit) <= day:
                label = _("%(holding)s（%(status)s）") % {"holding": label, "status": reached_label}
            items[unit_id].append(
                RecordItem(label=label, date=since.isoformat(), url=holding_url(pk))
            )
    answer = {}
    for unit in units:
        row = figures.get(unit.pk, {})
        numbers = {
            "holders": row.get("holders", 0),
            "due_for_rotation": row.get("due_for_rotation", 0),
        }
        answer[unit.pk] = RecordSummary(
            kind=KEY_POSTS,
            text=_("重点岗位在岗 %(holders)s 人，已达轮岗年限 %(due_for_rotation)s 人") % numbers,
            figures=numbers,
            url=unit_url(unit.pk),
            items=tuple(items[unit.pk]),
        )
    return answer


def register():
    register_record_kind(
        RecordKind(
            key=RISK_POINTS,
            label=gettext_lazy("廉政风险点"),
            summarize=summarize_risk_points,
            reads=("risks.RiskPoint", "risks.RiskReview"),
            figures={
                "points": gettext_lazy("风险点数"),
                "reviewed": gettext_lazy("本年度已复核"),
                "reviewed_percent": gettext_lazy("复核率（%，向下取整）"),
                "grade_1": gettext_lazy("一级风险点"),
                "grade_2": gettext_lazy("二级风险点"),
                "grade_3": gettext_lazy("三级风险点"),
            },
            order=40,
        )
    )
    register_record_kind(
        RecordKind(
            key=KEY_POSTS,
            label=gettext_lazy("重点岗位"),
            summarize=summarize_key_posts,
            # The holders' names and the posts' are shown; the limit is the hospital's.
            reads=("risks.KeyPostHolding", "risks.KeyPost", "departments.Person"),
            reads_settings=rotation_limit,
            figures={
                "holders": gettext_lazy("在岗人数"),
                "due_for_rotation": gettext_lazy("已达轮岗年限"),
            },
            order=50,
        )
    )
