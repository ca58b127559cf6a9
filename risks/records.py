"""What a unit's risk points and key posts come to for appraisal (``appraisal.records``):
two record kinds, registered from ``RisksConfig.ready()``.

Each ``summarize(units, year)`` runs two queries whatever the number of units (the
figures grouped by unit, then the few rows listed beneath).
"""

import datetime
from collections import defaultdict

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from appraisal.records import RecordItem, RecordKind, RecordSummary, register_record_kind
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
    items = defaultdict(list)
    for point in points.order_by("unit", "grade", "post", "pk").only(
        "pk", "unit_id", "post", "grade", "recorded_on"
    ):
        if len(items[point.unit_id]) < ITEMS_SHOWN:
            items[point.unit_id].append(
                RecordItem(
                    label=_("%(post)s（%(grade)s）")
                    % {"post": point.post, "grade": point.get_grade_display()},
                    date=point.recorded_on.isoformat(),
                    url=reverse("risks:point", args=[point.pk]),
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
            % {**numbers, "year": _year_label(year)},
            figures=numbers,
            url=reverse("risks:unit_points", args=[unit.pk]),
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
    items = defaultdict(list)
    for holding in held.select_related("post", "person").order_by("unit", "since", "pk"):
        if len(items[holding.unit_id]) < ITEMS_SHOWN:
            due_on = limit_reached_on(holding.since, limit)
            status = RotationStatus.REACHED if due_on <= day else None
            label = _("%(post)s：%(person)s") % {
                "post": holding.post.name,
                "person": holding.person.name,
            }
            if status:
                label = _("%(holding)s（%(status)s）") % {"holding": label, "status": status.label}
            items[holding.unit_id].append(
                RecordItem(
                    label=label,
                    date=holding.since.isoformat(),
                    url=reverse("risks:holding", args=[holding.pk]),
                )
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
            url=reverse("risks:unit_posts", args=[unit.pk]),
            items=tuple(items[unit.pk]),
        )
    return answer


def register():
    register_record_kind(
        RecordKind(
            key=RISK_POINTS,
            label=gettext_lazy("廉政风险点"),
            summarize=summarize_risk_points,
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
            figures={
                "holders": gettext_lazy("在岗人数"),
                "due_for_rotation": gettext_lazy("已达轮岗年限"),
            },
            order=50,
        )
    )
