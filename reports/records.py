"""The record kinds the reports app hands appraisal (appraisal/records.py)."""

from collections import defaultdict

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from appraisal.records import RecordItem, RecordKind, RecordSummary, register_record_kind
from core.links import url_for_each
from reports.enums import MaterialState
from reports.models import PublicityMaterial

PUBLICITY_MATERIALS = "reports.publicity_materials"
SHOWN_ITEMS = 5


def summarize_publicity_materials(units, year):
    """``{unit pk: RecordSummary}``: the unit's accepted publicity materials of ``year``.
    One query, whatever the number of units."""
    units = list(units)
    rows = (
        PublicityMaterial.objects.filter(
            unit__in=[unit.pk for unit in units], year=year, state=MaterialState.ACCEPTED
        )
        .order_by("unit_id", "-submitted_at", "-pk")
        .values_list("pk", "unit_id", "title", "submitted_at")
    )
    by_unit = defaultdict(list)
    for row in rows:
        by_unit[row[1]].append(row)
    list_url = reverse("reports:materials")
    material_url = url_for_each("reports:material")
    answer = {}
    for unit in units:
        found = by_unit.get(unit.pk, [])
        answer[unit.pk] = RecordSummary(
            kind=PUBLICITY_MATERIALS,
            text=_("%(year)s年宣传材料采用 %(count)s 篇") % {"year": year, "count": len(found)},
            figures={"accepted": len(found)},
            url=f"{list_url}?unit={unit.pk}&year={year}",
            items=tuple(
                RecordItem(
                    label=title,
                    date=submitted_at.date().isoformat(),
                    url=material_url(pk),
                )
                for pk, _unit, title, submitted_at in found[:SHOWN_ITEMS]
            ),
        )
    return answer


def register():
    register_record_kind(
        RecordKind(
            key=PUBLICITY_MATERIALS,
            label=gettext_lazy("宣传材料"),
            summarize=summarize_publicity_materials,
            # A transition saves the material (a history row) and writes its event.
            reads=("reports.PublicityMaterial", "reports.PublicityMaterialEvent"),
            figures={"accepted": gettext_lazy("采用篇数")},
            order=60,
        )
    )
