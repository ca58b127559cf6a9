"""The party office's applications list on the shared list mechanism (core/lists.py):
its filters and its table, with a checkbox per row for the bulk actions
(appraisal/views/bulk.py)."""

import django_filters
import django_tables2 as tables
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from appraisal.enums import ApplicationState
from appraisal.models import Application
from core.lists import DateTimeColumn, ListFilter, ListTable
from departments.models import PartyBranch

# The bulk form the checkboxes belong to (templates/appraisal/application_list.html): the
# filters are a form of their own, so the boxes name theirs rather than sit inside it.
BULK_FORM_ID = "bulk-applications"
SELECTED = "applications"

UNIT_KINDS = [("department", _("科室")), ("clean_team", _("清廉团队"))]

STATE_BADGES = {
    ApplicationState.RETURNED: "text-bg-warning",
    ApplicationState.RECOMMENDED: "text-bg-success",
    ApplicationState.APPROVED: "text-bg-success",
    ApplicationState.REJECTED: "text-bg-danger",
    ApplicationState.DISQUALIFIED: "text-bg-danger",
}


def _branches(request):
    return PartyBranch.objects.filter(active=True).order_by("name")


class ApplicationFilter(ListFilter):
    state = django_filters.ChoiceFilter(
        label=_("状态"), choices=ApplicationState.choices, empty_label=_("全部状态")
    )
    unit_kind = django_filters.ChoiceFilter(
        label=_("单元"),
        choices=UNIT_KINDS,
        empty_label=_("科室与清廉团队"),
        method="filter_unit_kind",
    )
    branch = django_filters.ModelChoiceFilter(
        label=_("党支部"),
        queryset=_branches,
        field_name="unit__party_branch",
        empty_label=_("全部党支部"),
    )
    unit = django_filters.CharFilter(
        label=_("科室名称"), method="filter_unit", lookup_expr="icontains"
    )

    class Meta:
        model = Application
        fields = ["state", "unit_kind", "branch", "unit"]

    def filter_unit_kind(self, queryset, name, value):
        if value == "department":
            return queryset.filter(unit__parent__isnull=True)
        return queryset.filter(unit__parent__isnull=False)

    def filter_unit(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(unit__name__icontains=value) | Q(unit__code__iexact=value))


def _checkbox_label(record):
    return gettext("选择 %(unit)s") % {"unit": record.unit.name}


class ApplicationTable(ListTable):
    applications = tables.CheckBoxColumn(
        accessor="pk",
        verbose_name=_("选择"),
        exclude_from_export=True,
        attrs={
            "th__input": {
                "class": "form-check-input",
                "data-select-all": SELECTED,
                "aria-label": _("全选本页"),
                "form": BULK_FORM_ID,
            },
            "td__input": {
                "class": "form-check-input",
                "name": SELECTED,
                "form": BULK_FORM_ID,
                "aria-label": _checkbox_label,
            },
        },
    )
    unit = tables.Column(verbose_name=_("科室"), accessor="unit__name", order_by="unit__code")
    branch = tables.Column(
        verbose_name=_("党支部"),
        accessor="unit__party_branch__name",
        order_by="unit__party_branch__name",
        default="—",
    )
    state = tables.Column(verbose_name=_("状态"))
    version = tables.Column(verbose_name=_("版本"), attrs={"td": {"class": "text-end"}})
    submitted_at = DateTimeColumn(verbose_name=_("提交时间"), default="—")
    evidence_count = tables.Column(verbose_name=_("佐证材料"), attrs={"td": {"class": "text-end"}})

    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle", "id": "application-table"}
        order_by = ("unit",)

    def render_unit(self, value, record):
        team = (
            format_html(' <span class="badge text-bg-info">{}</span>', gettext("清廉团队"))
            if record.unit.parent_id
            else ""
        )
        return format_html(
            '<a href="{}">{}</a>{}',
            reverse("appraisal:application", args=[record.pk]),
            value,
            team,
        )

    def value_unit(self, value, record):
        if record.unit.parent_id:
            return gettext("%(unit)s（清廉团队）") % {"unit": value}
        return value

    def render_state(self, value, record):
        badge = STATE_BADGES.get(record.state, "text-bg-secondary")
        return format_html('<span class="badge {}">{}</span>', badge, value)

    def value_state(self, value):
        return str(value)
