"""What a unit's holders and their lists come to (``appraisal.records``): the record kind
``responsibility.lists``, registered from ``ResponsibilityConfig.ready()``; the yearly
evaluation's computed criteria read its figures by name.

Per unit and year, on the year's as-of day (``selectors.as_of``): ``holders`` in the set
and counting in the unit (a department's include its clean teams'), ``filed`` (a list
with at least one item), ``signed`` (a version signed, online or by scan), ``items`` and
``items_done`` of the signed lists in force, and ``percent``: holders filed and signed
as a share of the holders, rounded down (None when the unit has no holder). Two queries
for any number of units.
"""

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from appraisal.records import RecordKind, RecordSummary, register_record_kind
from responsibility.selectors import holders_by_unit, holders_of_year

LISTS = "responsibility.lists"
FIGURES = ("holders", "filed", "signed", "items", "items_done", "percent")


def percent(part, whole):
    """Rounded down; None when there is nobody to count."""
    return None if not whole else part * 100 // whole


def unit_figures(units, year, *, today=None):
    """``{unit pk: figures}`` for every unit given."""
    units = list(units)
    grouped = holders_by_unit(holders_of_year(year, today=today), units)
    return {unit.pk: figures_of(grouped[unit.pk]) for unit in units}


def figures_of(holders):
    """The figures of a unit's holders (annotated by ``selectors.with_list_state``)."""
    signed = sum(1 for h in holders if h.signed_list_id)
    return {
        "holders": len(holders),
        "filed": sum(1 for h in holders if h.filed),
        "signed": signed,
        "items": sum(h.items for h in holders),
        "items_done": sum(h.items_done for h in holders),
        "percent": percent(signed, len(holders)),
    }


def summarize_lists(units, year):
    units = list(units)
    figures = unit_figures(units, year)
    holders_url = reverse("responsibility:holders")  # once: reverse() costs per call
    answer = {}
    for unit in units:
        numbers = figures[unit.pk]
        shown = "—" if numbers["percent"] is None else f"{numbers['percent']}%"
        answer[unit.pk] = RecordSummary(
            kind=LISTS,
            text=_(
                "掌握公权力人员 %(holders)s 人，已签名备案 %(signed)s 人（%(shown)s）；"
                "清单事项 %(items)s 项，已完成 %(items_done)s 项"
            )
            % {**numbers, "shown": shown},
            figures=numbers,
            url=f"{holders_url}?{urlencode({'year': year, 'unit': unit.pk})}",
        )
    return answer


def register():
    register_record_kind(
        RecordKind(
            key=LISTS,
            label=gettext_lazy("问题清单和责任清单"),
            summarize=summarize_lists,
            # Kept in the cache (appraisal/records.py): the holders, their lists, items,
            # progress and scans, and the roster (a holder's unit on the day counted).
            reads=(
                "responsibility.Holder",
                "responsibility.ResponsibilityList",
                "responsibility.ListItem",
                "responsibility.ItemProgress",
                "responsibility.ListScan",
                "departments.Person",
                "departments.Department",
            ),
            figures={
                "holders": gettext_lazy("掌握公权力人员数"),
                "filed": gettext_lazy("已填报人数"),
                "signed": gettext_lazy("已签名备案人数"),
                "items": gettext_lazy("清单事项数"),
                "items_done": gettext_lazy("已完成事项数"),
                "percent": gettext_lazy("签名备案率（%，向下取整）"),
            },
            order=70,
        )
    )
