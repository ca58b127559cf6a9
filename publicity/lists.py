"""The publicity app's lists (core/lists.py): the offices' objections and one's own.

The offices' list names the objector; its rows are those ``objection_list`` lets the user
read (never an objection about the user's own department, publicity.rules), and the
filters, the sort and the export only narrow or reorder them. The staff member's own list
has no objector column at all: it is theirs.
"""

import django_filters
import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.lists import DateFromFilter, DateTimeColumn, DateToFilter, ListFilter, ListTable
from publicity import objection_selectors as selectors
from publicity.enums import ObjectionState
from publicity.models import Objection


def _publicities(request):
    return selectors.publicities_with_objections(request.user)


def _units(request):
    return selectors.units_with_objections(request.user)


class ObjectionFilter(ListFilter):
    state = django_filters.ChoiceFilter(
        label=_("状态"), choices=ObjectionState.choices, empty_label=_("全部状态")
    )
    publicity = django_filters.ModelChoiceFilter(
        label=_("公示"), queryset=_publicities, empty_label=_("全部公示")
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("科室"),
        field_name="application__unit",
        queryset=_units,
        empty_label=_("全部科室"),
    )
    submitted_from = DateFromFilter(
        label=_("提出日期自"), field_name="submitted_at", lookup_expr="date__gte"
    )
    submitted_to = DateToFilter(
        label=_("提出日期至"), field_name="submitted_at", lookup_expr="date__lte"
    )

    class Meta:
        model = Objection
        fields = ["state", "publicity", "unit"]


class MyObjectionFilter(ListFilter):
    state = django_filters.ChoiceFilter(
        label=_("状态"), choices=ObjectionState.choices, empty_label=_("全部状态")
    )

    class Meta:
        model = Objection
        fields = ["state"]


class _ObjectionColumns(ListTable):
    receipt_number = tables.Column(verbose_name=_("受理编号"))
    unit = tables.Column(
        verbose_name=_("科室"),
        accessor="application__unit__name",
        order_by="application__unit__code",
    )
    campaign = tables.Column(
        verbose_name=_("评选批次"),
        accessor="publicity__campaign__title",
        order_by=("publicity__starts_on", "publicity_id"),
    )
    state = tables.Column(verbose_name=_("状态"))
    submitted_at = DateTimeColumn(verbose_name=_("提出时间"))

    def render_state(self, value):
        return format_html('<span class="badge text-bg-secondary">{}</span>', value)

    def value_state(self, value):
        return str(value)

    def value_receipt_number(self, value):
        return value


class ObjectionTable(_ObjectionColumns):
    objector = tables.Column(verbose_name=_("异议人"), order_by="objector__name")
    employee_number = tables.Column(
        verbose_name=_("工号"),
        accessor="objector__person__employee_number",
        default="—",
    )
    handler = tables.Column(verbose_name=_("承办人"), order_by="handler__name", default="—")

    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle", "id": "objection-table"}
        sequence = (
            "receipt_number",
            "unit",
            "campaign",
            "objector",
            "employee_number",
            "state",
            "submitted_at",
            "handler",
        )

    def render_receipt_number(self, value, record):
        return format_html(
            '<a href="{}">{}</a>', reverse("publicity:objection", args=[record.pk]), value
        )

    def value_objector(self, value):
        return str(value)

    def value_handler(self, value):
        return str(value) if value else ""

    def value_employee_number(self, value):
        return value or ""


class MyObjectionTable(_ObjectionColumns):
    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle", "id": "my-objections"}

    def render_receipt_number(self, value, record):
        return format_html(
            '<a href="{}">{}</a>', reverse("publicity:objection_receipt", args=[record.pk]), value
        )
