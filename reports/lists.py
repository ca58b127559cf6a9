"""The reports app's lists (core/lists.py): reports, the overdue list, publicity
materials and their count per department, each with its filters and its table."""

import django_filters
import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.lists import DateColumn, DateTimeColumn, ListFilter, ListTable, choice_label
from departments.models import Department
from reports.enums import MaterialState, ReportKind, ReportState
from reports.models import PublicityMaterial, Report

STATE_BADGES = {
    ReportState.DUE: "text-bg-secondary",
    ReportState.SUBMITTED: "text-bg-info",
    ReportState.RETURNED: "text-bg-warning",
    ReportState.ACCEPTED: "text-bg-success",
}
MATERIAL_BADGES = {
    MaterialState.SUBMITTED: "text-bg-info",
    MaterialState.RETURNED: "text-bg-warning",
    MaterialState.ACCEPTED: "text-bg-success",
}
NUMBER = {"td": {"class": "text-end"}, "th": {"class": "text-end"}}


def _reporting_offices(request):
    return Department.objects.filter(reports__isnull=False).distinct().order_by("code")


class ReportFilter(ListFilter):
    kind = django_filters.ChoiceFilter(
        label=_("类别"), choices=ReportKind.choices, empty_label=_("全部类别")
    )
    state = django_filters.ChoiceFilter(
        label=_("状态"), choices=ReportState.choices, empty_label=_("全部状态")
    )
    year = django_filters.NumberFilter(label=_("年度"))
    month = django_filters.NumberFilter(label=_("月份"))
    office = django_filters.ModelChoiceFilter(
        label=_("科室"), queryset=_reporting_offices, empty_label=_("全部科室")
    )

    class Meta:
        model = Report
        fields = ["kind", "state", "year", "month", "office"]


class OverdueFilter(ListFilter):
    kind = django_filters.ChoiceFilter(
        label=_("类别"), choices=ReportKind.choices, empty_label=_("全部类别")
    )
    office = django_filters.ModelChoiceFilter(
        label=_("科室"), queryset=_reporting_offices, empty_label=_("全部科室")
    )

    class Meta:
        model = Report
        fields = ["kind", "office"]


class ReportTable(ListTable):
    period = tables.Column(
        verbose_name=_("期间"), accessor="pk", order_by=("year", "month", "kind")
    )
    author = tables.Column(
        verbose_name=_("报送单位"), accessor="pk", order_by=("office__code", "branch__name")
    )
    task = tables.Column(
        verbose_name=_("重点任务"), accessor="task__title", order_by="task__order", default="—"
    )
    due_on = DateColumn(verbose_name=_("报送截止日期"))
    state = tables.Column(verbose_name=_("状态"))
    late = tables.Column(verbose_name=_("逾期报送"))
    first_submitted_at = DateTimeColumn(verbose_name=_("首次报送时间"), default="—")

    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle", "id": "report-table"}

    def render_period(self, record):
        return format_html(
            '<a href="{}">{}</a>', reverse("reports:report", args=[record.pk]), record.period_label
        )

    def value_period(self, record):
        return record.period_label

    def render_author(self, record):
        return record.author_name

    def value_author(self, record):
        return record.author_name

    def value_task(self, value):
        return value

    def render_state(self, value, record):
        return format_html(
            '<span class="badge {}">{}</span>', STATE_BADGES.get(record.state, ""), value
        )

    def value_state(self, record):
        return choice_label(ReportState.choices, record.state)

    def render_late(self, value):
        return format_html('<span class="text-danger">{}</span>', _("逾期")) if value else "—"

    def value_late(self, value):
        return str(_("逾期")) if value else ""


class OverdueTable(ReportTable):
    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle", "id": "overdue-table"}
        exclude = ["late", "first_submitted_at", "state"]


# --- publicity materials ------------------------------------------------------------------------


def _sending_units(request):
    return Department.objects.filter(publicity_materials__isnull=False).distinct().order_by("code")


class MaterialFilter(ListFilter):
    state = django_filters.ChoiceFilter(
        label=_("状态"), choices=MaterialState.choices, empty_label=_("全部状态")
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("科室"), queryset=_sending_units, empty_label=_("全部科室")
    )
    year = django_filters.NumberFilter(label=_("年度"))

    class Meta:
        model = PublicityMaterial
        fields = ["state", "unit", "year"]


class MaterialTable(ListTable):
    title = tables.Column(verbose_name=_("标题"))
    author = tables.Column(
        verbose_name=_("报送单位"), accessor="pk", order_by=("unit__code", "branch__name")
    )
    submitted_at = DateTimeColumn(verbose_name=_("报送时间"))
    state = tables.Column(verbose_name=_("状态"))

    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle", "id": "material-table"}

    def render_title(self, value, record):
        return format_html(
            '<a href="{}">{}</a>', reverse("reports:material", args=[record.pk]), value
        )

    def render_author(self, record):
        return record.author_name

    def value_author(self, record):
        return record.author_name

    def render_state(self, value, record):
        return format_html(
            '<span class="badge {}">{}</span>', MATERIAL_BADGES.get(record.state, ""), value
        )

    def value_state(self, record):
        return choice_label(MaterialState.choices, record.state)


class MaterialCountTable(ListTable):
    code = tables.Column(verbose_name=_("科室编码"))
    name = tables.Column(verbose_name=_("科室"))
    sent = tables.Column(verbose_name=_("报送篇数"), attrs=NUMBER)
    accepted = tables.Column(verbose_name=_("采用篇数"), attrs=NUMBER)
    returned = tables.Column(verbose_name=_("退回篇数"), attrs=NUMBER)

    class Meta:
        attrs = {"class": "table table-sm align-middle", "id": "material-count-table"}
