"""The coverage page: every unit's integrity figures of a year, with a column for every
other registered record kind (the working group)."""

import django_tables2 as tables
from django.contrib.auth.decorators import login_required, permission_required
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from appraisal.records import record_kinds, record_summaries_kept, records_kept
from core.lists import list_page
from departments.models import Department, DepartmentKind
from integrity.enums import TALK_MIN_DAYS
from integrity.lists import CoverageFilter, CoverageTable
from integrity.records import COMMITMENTS, KEYS, STUDY_SESSIONS, TALKS, records_url_for_each
from integrity.rules import VIEW_ALL

# --- the coverage page ------------------------------------------------------------------------

# What a row shows of its unit.
UNIT_FIELDS = ("pk", "name", "code", "kind", "party_branch__name")


def _unit_figures(units, year):
    """``{unit pk: its figures}``: the integrity figures and the other kinds' lines, read
    from every kind's summaries (``record_summaries_kept``, which are handed the units
    themselves); what the page keeps (``records_kept``), nothing about the unit itself."""
    departments = Department.objects.in_bulk([unit.pk for unit in units])
    summaries = record_summaries_kept([departments[unit.pk] for unit in units], year)
    answer = {}
    for unit in units:
        found = {summary.kind: summary for summary in summaries[unit.pk]}
        commitments = found[COMMITMENTS].figures
        talks = found[TALKS].figures
        sessions = found[STUDY_SESSIONS].figures
        figures = {
            "members": commitments["members"],
            "signed": commitments["signed"],
            "commitments_percent": commitments["percent"],
            "talk_members": talks["members"],
            "talked": talks["talked"],
            "talks_percent": talks["percent"],
            "sessions": sessions["sessions"],
            "quarters_covered": sessions["quarters_covered"],
            "quarters_missed": sessions["quarters_missed"],
            # integrity.coverage.UnitCoverage.below_target, from the figures.
            "below": {
                "commitments": commitments["signed"] < commitments["members"],
                "talks": talks["talked"] < talks["members"],
                "sessions": bool(sessions["quarters_missed"]),
            },
        }
        for kind, summary in found.items():
            if kind not in KEYS:
                figures[_column_name(kind)] = summary.text
        answer[unit.pk] = figures
    return answer


def _coverage_rows(units, year):
    """One row per unit (``units``: the page's values of each, ``UNIT_FIELDS``): the unit
    as it is now and its figures, kept in the cache (``records_kept``: one query and one
    small read of the cache when no record has changed since the page was last
    computed)."""
    others = [kind for kind in record_kinds() if kind.key not in KEYS]
    figures = records_kept("integrity.coverage", units, year, _unit_figures)
    url_of = records_url_for_each(year)
    kind_labels = {kind.value: str(kind.label) for kind in DepartmentKind}
    rows = [
        {
            "unit_name": unit.name,
            "unit_code": unit.code,
            "url": url_of(unit.pk),
            "branch": unit.party_branch__name,
            "kind": kind_labels.get(unit.kind, unit.kind),
            **figures[unit.pk],
        }
        for unit in units
    ]
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
        queryset=Department.objects.filter(active=True),
        request=request,
    )
    # Values, not instances: 150 departments with their branches made as model instances
    # took as long as the rest of the page's queries.
    units = list(filterset.qs.order_by("code").values_list(*UNIT_FIELDS, named=True))
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
