"""The table of every unit of the base (the page and its Excel export, core/lists.py)."""

import django_tables2 as tables
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.lists import ListTable


class UnitCoverageTable(ListTable):
    """One row per unit of the base; the years' columns are added per page
    (``year_columns``), from the start year to this year."""

    code = tables.Column(verbose_name=gettext_lazy("科室编码"))
    name = tables.Column(verbose_name=gettext_lazy("名称"))
    kind = tables.Column(verbose_name=gettext_lazy("类别"))
    covered = tables.Column(verbose_name=gettext_lazy("覆盖情况"))
    revocations = tables.Column(verbose_name=gettext_lazy("撤销记录"), default="—")
    rectification = tables.Column(verbose_name=gettext_lazy("当前整改"), default="—")
    last_grade = tables.Column(verbose_name=gettext_lazy("最近年度考评等次"), default="—")

    class Meta:
        attrs = {"class": "table table-sm align-middle", "id": "coverage-unit-table"}
        sequence = (
            "code",
            "name",
            "kind",
            "...",
            "covered",
            "revocations",
            "rectification",
            "last_grade",
        )


def year_columns(years):
    """``extra_columns`` for the table: one column a year (已获 / 已撤销 / —)."""
    return [
        (
            f"y{year}",
            tables.Column(verbose_name=_("%(year)s年") % {"year": year}, orderable=False),
        )
        for year in years
    ]


def table_rows(rows):
    """The table's rows (dicts: sortable, exported as text) from ``UnitCoverage`` rows."""
    return [
        {
            "code": row.code,
            "name": row.name,
            "kind": row.kind,
            "covered": _("已覆盖") if row.covered else row.why_not_covered,
            "revocations": row.revocations_text,
            "rectification": row.rectification_text,
            "last_grade": row.last_grade_text,
            **{f"y{year.year}": year.mark for year in row.years},
        }
        for row in rows
    ]
