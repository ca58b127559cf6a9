"""The coverage page's list (core/lists.py): one row per unit, its integrity figures and
a column for every other registered record kind (risks, supervision …)."""

import django_filters
import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.lists import ListFilter, PlainRowsTable
from departments.models import Department, DepartmentKind, PartyBranch

FIRST_YEAR = 2020

BELOW_CHOICES = [
    ("any", _("任一项未达标")),
    ("commitments", _("承诺书未全签")),
    ("talks", _("约谈未全覆盖")),
    ("sessions", _("有季度未学习")),
]


def year_choices():
    return [(year, str(year)) for year in range(timezone.localdate().year, FIRST_YEAR - 1, -1)]


class CoverageFilter(ListFilter):
    """Narrows the units; ``year`` and ``below`` are read by the view (they are about the
    figures, not the unit)."""

    year = django_filters.ChoiceFilter(
        label=_("年度"), choices=year_choices, empty_label=None, method="keep"
    )
    unit_kind = django_filters.ChoiceFilter(
        label=_("单元"),
        choices=[
            ("department", _("科室")),
            ("clean_team", _("清廉团队")),
            ("all", _("科室与清廉团队")),
        ],
        empty_label=None,
        method="keep",
    )
    kind = django_filters.ChoiceFilter(
        label=_("类别"), choices=DepartmentKind.choices, empty_label=_("全部类别")
    )
    branch = django_filters.ModelChoiceFilter(
        label=_("党支部"),
        field_name="party_branch",
        queryset=PartyBranch.objects.filter(active=True),
        empty_label=_("全部党支部"),
    )
    below = django_filters.ChoiceFilter(
        label=_("达标情况"), choices=BELOW_CHOICES, empty_label=_("全部"), method="keep"
    )

    class Meta:
        model = Department
        fields = ["kind"]

    def keep(self, queryset, name, value):
        return queryset

    @property
    def qs(self):
        queryset = super().qs
        unit_kind = self.cleaned("unit_kind") or "department"
        if unit_kind != "all":
            queryset = queryset.filter(parent__isnull=unit_kind == "department")
        return queryset

    def cleaned(self, name):
        form = self.form
        if not form.is_valid() and name in form.errors:
            return ""
        return form.cleaned_data.get(name) or ""

    @property
    def chosen_year(self):
        value = self.cleaned("year")
        return int(value) if value else timezone.localdate().year

    @property
    def chosen_below(self):
        return self.cleaned("below")


def _percent_cell(value):
    return "—" if value is None else f"{value}%"


class CoverageTable(PlainRowsTable):
    unit = tables.Column(verbose_name=_("科室"), accessor="unit_name", order_by="unit_code")
    branch = tables.Column(verbose_name=_("党支部"), default="—")
    kind = tables.Column(verbose_name=_("类别"))
    members = tables.Column(verbose_name=_("在册人数"))
    signed = tables.Column(verbose_name=_("已签承诺书"))
    commitments_percent = tables.Column(verbose_name=_("签署率"), empty_values=())
    talk_members = tables.Column(verbose_name=_("应约谈"))
    talked = tables.Column(verbose_name=_("已约谈"))
    talks_percent = tables.Column(verbose_name=_("约谈覆盖率"), empty_values=())
    sessions = tables.Column(verbose_name=_("学习次数"))
    quarters_covered = tables.Column(verbose_name=_("有学习的季度"))
    quarters_missed = tables.Column(verbose_name=_("未学习的已过季度"))

    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle", "id": "coverage-table"}
        order_by = ("unit",)

    def render_unit(self, value, record):
        return format_html('<a href="{}">{}</a>', record["url"], value)

    def render_commitments_percent(self, value, record):
        return self._badge(value, record["below"]["commitments"])

    def value_commitments_percent(self, value):
        return value

    def render_talks_percent(self, value, record):
        return self._badge(value, record["below"]["talks"])

    def value_talks_percent(self, value):
        return value

    def render_quarters_missed(self, value, record):
        if not value:
            return "0"
        return format_html('<span class="badge text-bg-warning">{}</span>', value)

    @staticmethod
    def _badge(value, below):
        text = _percent_cell(value)
        if below:
            return format_html('<span class="badge text-bg-warning">{}</span>', text)
        return text
