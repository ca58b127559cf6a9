"""The coverage toward the target: the hospital's way there (share, years left, the trend,
the units not covered yet) and the table of every unit, with its Excel export."""

from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from core.lists import list_page
from coverage.charts import trend_chart
from coverage.lists import UnitCoverageTable, table_rows, year_columns
from coverage.rules import VIEW
from coverage.selectors import hospital_coverage
from departments.models import UnitKind

# The units page's filters: (parameter, {value: label}), each an exact choice.
COVERED_CHOICES = {"no": gettext_lazy("未覆盖"), "yes": gettext_lazy("已覆盖")}


def _chart_labels():
    return {
        "target": _("目标：全覆盖"),
        "bar": _("%(year)s年：已覆盖 %(covered)s/%(base)s（%(share)s%%）"),
        "future": _("尚未到来"),
    }


@login_required
@permission_required(VIEW, raise_exception=True)
@require_safe
def overview(request):
    coverage = hospital_coverage()
    return render(
        request,
        "coverage/overview.html",
        {
            "coverage": coverage,
            "chart": trend_chart(
                coverage.trend, target_year=coverage.target_year, labels=_chart_labels()
            ),
        },
    )


@login_required
@permission_required(VIEW, raise_exception=True)
@require_safe
def unit_list(request):
    coverage = hospital_coverage()
    rows = coverage.units
    covered = request.GET.get("covered", "")
    if covered in COVERED_CHOICES:
        rows = [row for row in rows if row.covered == (covered == "yes")]
    kind = request.GET.get("kind", "")
    if kind in UnitKind.values:
        rows = [row for row in rows if row.unit.unit_kind == kind]
    title = _("各科室和清廉团队的覆盖情况")
    return list_page(
        request,
        rows=table_rows(rows),
        table_class=UnitCoverageTable,
        template="coverage/units.html",
        title=title,
        export_name=title,
        context={
            "coverage": coverage,
            "covered": covered,
            "kind": kind,
            "covered_choices": list(COVERED_CHOICES.items()),
            "kind_choices": UnitKind.choices,
        },
        table_kwargs={
            "extra_columns": year_columns(coverage.years),
            "empty_text": _("没有符合条件的科室或团队。"),
        },
    )
