from decimal import Decimal

from django.db.models import Prefetch, Sum

from .models import Campaign, Criterion, Standard


def campaign_list():
    return Campaign.objects.select_related("rubric", "created_by").order_by("-year", "-opens_at")


def rubric_with_totals(rubric):
    """The rubric's standards with their criteria and points (sums in SQL).

    Returns ``(standards, total)``; each standard carries ``points`` (the sum
    of its criteria) and ``ordered_criteria``.
    """
    standards = list(
        Standard.objects.filter(rubric=rubric)
        .annotate(points=Sum("criteria__points"))
        .prefetch_related(
            Prefetch(
                "criteria",
                queryset=Criterion.objects.order_by("order", "pk"),
                to_attr="ordered_criteria",
            )
        )
        .order_by("order", "pk")
    )
    for standard in standards:
        standard.points = standard.points or Decimal(0)
    return standards, sum((s.points for s in standards), Decimal(0))
