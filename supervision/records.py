"""The record kind supervision hands appraisal (appraisal/records.py): a unit's ledger
items of the year, found on that year's visits."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from appraisal.records import RecordKind, RecordSummary, register_record_kind
from core.links import url_for_each
from supervision.selectors import ledger_figures

KEY = "supervision.ledger_items"
FIGURES = {
    "items": gettext_lazy("整改事项"),
    "closed": gettext_lazy("已销号"),
    "closed_on_time": gettext_lazy("按期销号"),
    "open": gettext_lazy("未销号"),
    "overdue": gettext_lazy("逾期未销号"),
    "closed_on_time_percent": gettext_lazy("按期销号率（%，已销号或已逾期的事项中，向下取整）"),
}
COUNTS = ("items", "closed", "closed_on_time", "open", "overdue")
EMPTY = dict.fromkeys(COUNTS, 0)


def on_time_percent(figures):
    """Closed on time, of the items that are closed or past their due date (an item
    still open before its due date is not late yet), rounded down; None when there
    are none."""
    settled = figures["closed"] + figures["overdue"]
    return figures["closed_on_time"] * 100 // settled if settled else None


def summary_text(figures):
    text = _("整改事项 %(items)s 项，已销号 %(closed)s 项（按期 %(closed_on_time)s 项）") % figures
    if figures["overdue"]:
        text += _("，逾期未销号 %(overdue)s 项") % figures
    return text


def summarize(units, year):
    """``{unit pk: RecordSummary}`` for every unit, in one query whatever their number."""
    units = list(units)
    found = ledger_figures([unit.pk for unit in units], year)
    unit_url = url_for_each("supervision:unit_ledger")
    answer = {}
    for unit in units:
        figures = {**EMPTY, **found.get(unit.pk, {})}
        figures["closed_on_time_percent"] = on_time_percent(figures)
        answer[unit.pk] = RecordSummary(
            kind=KEY,
            text=summary_text(figures),
            figures=figures,
            url=unit_url(unit.pk),
        )
    return answer


def register():
    register_record_kind(
        RecordKind(
            key=KEY,
            label=gettext_lazy("整改台账"),
            summarize=summarize,
            # A transition saves the item (a history row) and writes its event.
            reads=("supervision.LedgerItem", "supervision.LedgerItemEvent", "supervision.Visit"),
            figures=FIGURES,
            order=50,
        )
    )
