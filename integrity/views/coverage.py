"""The coverage page: every unit's integrity figures of a year, with a column for every
other registered record kind (the working group)."""

import django_tables2 as tables
from django.contrib.auth.decorators import login_required, permission_required
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from appraisal.records import record_kinds, record_summaries
from core.lists import list_page
from departments.models import Department
from integrity.coverage import year_coverage_kept
from integrity.enums import TALK_MIN_DAYS
from integrity.lists import CoverageFilter, CoverageTable
from integrity.records import KEYS, records_url
from integrity.rules import VIEW_ALL

# --- the coverage page ------------------------------------------------------------------------


def _coverage_rows(units, year):
    coverages = year_coverage_kept(units, year)
    others = [kind for kind in record_kinds() if kind.key not in KEYS]
    other_summaries = record_summaries(units, year, keys={kind.key for kind in others})
    rows = []
    for unit in units:
        coverage = coverages[unit.pk]
        row = {
            "unit_name": unit.name,
            "unit_code": unit.code,
            "url": records_url(unit, year),
            "branch": unit.party_branch.name if unit.party_branch else None,
            "kind": unit.get_kind_display(),
            "members": len(coverage.commitment_members),
            "signed": len(coverage.signed_members),
            "commitments_percent": coverage.commitments_percent,
            "talk_members": len(coverage.talk_members),
            "talked": len(coverage.talked_members),
            "talks_percent": coverage.talks_percent,
            "sessions": coverage.session_count,
            "quarters_covered": coverage.quarters_covered,
            "quarters_missed": len(coverage.quarters_missed),
            "below": coverage.below_target,
        }
        for summary in other_summaries[unit.pk]:
            row[_column_name(summary.kind)] = summary.text
        rows.append(row)
    return rows, others


def _column_name(key):
    return "kind_" + key.replace(".", "_")


def _is_below(row, below):
    if below == "any":
        return any(row["below"].values())
    return row["below"].get(below, False)


@require_safe
@login_required
@permission_required(VIEW_ALL, raise_exception=True)
def coverage(request):
    """Every unit's coverage of a year, its columns from every registered record kind;
    filtered, sorted by any figure, exported with ``?export=xlsx``."""
    filterset = CoverageFilter(
        request.GET,
        queryset=Department.objects.filter(active=True).select_related("party_branch"),
        request=request,
    )
    units = list(filterset.qs.order_by("code"))
    year = filterset.chosen_year
    rows, others = _coverage_rows(units, year)
    if filterset.chosen_below:
        rows = [row for row in rows if _is_below(row, filterset.chosen_below)]
    extra = [
        (_column_name(kind.key), tables.Column(verbose_name=kind.label, default="—"))
        for kind in others
    ]
    title = _("%(year)s年度清廉台账覆盖情况") % {"year": year}
    return list_page(
        request,
        rows=rows,
        table_class=CoverageTable,
        template="integrity/coverage.html",
        title=title,
        export_name=title,
        context={"filter": filterset, "year": year, "talk_min_days": TALK_MIN_DAYS},
        table_kwargs={"extra_columns": extra},
    )
