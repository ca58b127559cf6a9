"""The responsibility app's lists (core/lists.py): the year's holders with where each
stands, and one row per department with its figures."""

import django_filters
import django_tables2 as tables
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.lists import DateColumn, DateTimeColumn, ListFilter, ListTable, choice_label
from departments.models import Department
from responsibility.enums import FilingStatus, HolderReason, SigningMethod
from responsibility.selectors import as_of, counting_on, family_ids

FIRST_YEAR = 2020
NUMBER = {"td": {"class": "text-end"}, "th": {"class": "text-end"}}
STATUS_BADGES = {
    FilingStatus.NOT_FILED: "text-bg-danger",
    FilingStatus.NOT_SIGNED: "text-bg-warning",
    FilingStatus.SIGNED: "text-bg-success",
}


def year_choices():
    this_year = timezone.localdate().year
    return [(year, str(year)) for year in range(this_year + 1, FIRST_YEAR - 1, -1)]


def chosen_year(request):
    value = request.GET.get("year", "")
    years = {year for year, _label in year_choices()}
    return int(value) if value.isdigit() and int(value) in years else timezone.localdate().year


def _units(request):
    return Department.objects.filter(active=True, parent__isnull=True)


class HolderFilter(ListFilter):
    """``year`` is read by the view (the rows are the year's); the others narrow them."""

    year = django_filters.ChoiceFilter(
        label=_("年度"), choices=year_choices, empty_label=None, method="keep"
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("科室"), queryset=_units, empty_label=_("全部科室"), method="filter_unit"
    )
    reason = django_filters.ChoiceFilter(
        label=_("类别"), choices=HolderReason.choices, empty_label=_("全部类别")
    )
    status = django_filters.ChoiceFilter(
        label=_("填报情况"),
        choices=FilingStatus.choices,
        empty_label=_("全部"),
        method="filter_status",
    )
    overdue = django_filters.BooleanFilter(
        label=_("仅有逾期事项的人员"),
        method="filter_overdue",
        widget=django_filters.widgets.forms.CheckboxInput,
    )
    include_removed = django_filters.BooleanFilter(
        label=_("含已移出名单的人员"),
        method="filter_include_removed",
        widget=django_filters.widgets.forms.CheckboxInput,
    )

    class Meta:
        fields = ["year", "unit", "reason", "status", "overdue", "include_removed"]

    def __init__(self, data=None, *args, **kwargs):
        # The year shown is the year listed: this year until another is chosen.
        if data is not None and "year" not in data:
            data = data.copy()
            data["year"] = str(timezone.localdate().year)
        super().__init__(data, *args, **kwargs)

    def filter_include_removed(self, queryset, name, value):
        if value:
            return queryset
        return queryset.filter(counting_on(as_of(chosen_year(self.request))))

    def keep(self, queryset, name, value):
        return queryset

    def filter_unit(self, queryset, name, value):
        return queryset.filter(unit_id_then__in=family_ids(value)) if value else queryset

    def filter_status(self, queryset, name, value):
        if value == FilingStatus.SIGNED:
            return queryset.filter(signed_list_id__isnull=False)
        if value == FilingStatus.NOT_SIGNED:
            return queryset.filter(signed_list_id__isnull=True, filed=True)
        if value == FilingStatus.NOT_FILED:
            return queryset.filter(filed=False)
        return queryset

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(Q(items_overdue__gt=0)) if value else queryset


class HolderTable(ListTable):
    unit = tables.Column(verbose_name=_("所在科室"), accessor="unit_name_then")
    person = tables.Column(
        verbose_name=_("姓名"), accessor="person__name", order_by="person__employee_number"
    )
    employee_number = tables.Column(verbose_name=_("工号"), accessor="person__employee_number")
    reason = tables.Column(verbose_name=_("类别"))
    status = tables.Column(
        verbose_name=_("填报情况"), empty_values=(), order_by=("signed_list_id", "filed")
    )
    signing_method = tables.Column(verbose_name=_("签名方式"), default="")
    signed_at = DateTimeColumn(verbose_name=_("签名时间"), default="")
    items = tables.Column(verbose_name=_("事项"), attrs=NUMBER)
    items_done = tables.Column(verbose_name=_("已完成"), attrs=NUMBER)
    items_overdue = tables.Column(verbose_name=_("逾期"), attrs=NUMBER)
    removed_on = DateColumn(verbose_name=_("移出日期"), default="")

    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle", "id": "holder-rows"}

    @staticmethod
    def _status(record):
        if record.signed_list_id:
            return FilingStatus.SIGNED
        return FilingStatus.NOT_SIGNED if record.filed else FilingStatus.NOT_FILED

    def render_person(self, value, record):
        return format_html(
            '<a href="{}">{}</a>', reverse("responsibility:list", args=[record.pk]), value
        )

    def value_person(self, value):
        return value

    def render_status(self, record):
        status = self._status(record)
        return format_html('<span class="badge {}">{}</span>', STATUS_BADGES[status], status.label)

    def value_status(self, record):
        return str(self._status(record).label)

    def render_signing_method(self, value):
        return choice_label(SigningMethod.choices, value)

    def value_signing_method(self, value):
        return str(choice_label(SigningMethod.choices, value)) if value else ""

    def value_reason(self, value, record):
        return str(choice_label(HolderReason.choices, record.reason))

    def render_items_overdue(self, value):
        if value:
            return format_html('<span class="text-danger fw-semibold">{}</span>', value)
        return value

    def value_items_overdue(self, value):
        return value


class OverviewTable(ListTable):
    name = tables.Column(verbose_name=_("科室"), order_by="code")
    holders = tables.Column(verbose_name=_("掌握公权力人员"), attrs=NUMBER)
    not_filed = tables.Column(verbose_name=_("未填报"), attrs=NUMBER)
    not_signed = tables.Column(verbose_name=_("已填报未签名"), attrs=NUMBER)
    signed = tables.Column(verbose_name=_("已签名备案"), attrs=NUMBER)
    # Sorted by a number that puts "—" (no holders) below 0%: None does not compare.
    percent = tables.Column(
        verbose_name=_("签名备案率"), attrs=NUMBER, default="—", order_by="percent_rank"
    )
    items = tables.Column(verbose_name=_("事项"), attrs=NUMBER)
    items_done = tables.Column(verbose_name=_("已完成"), attrs=NUMBER)
    items_overdue = tables.Column(verbose_name=_("逾期事项"), attrs=NUMBER)

    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle", "id": "overview-rows"}

    def render_name(self, value, record):
        return format_html('<a href="{}">{}</a>', record["url"], value)

    def value_name(self, value):
        return value

    def render_percent(self, value):
        return f"{value}%"

    def value_percent(self, value):
        return value

    def render_not_filed(self, value):
        if value:
            return format_html('<span class="text-danger fw-semibold">{}</span>', value)
        return value

    def value_not_filed(self, value):
        return value

    def render_items_overdue(self, value):
        if value:
            return format_html('<span class="text-danger fw-semibold">{}</span>', value)
        return value

    def value_items_overdue(self, value):
        return value
