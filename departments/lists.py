"""The departments app's lists (core/lists.py): departments, people and appointments, each
with its filters and its table. Their exports are what the list shows; the roster exports
(every row, in the columns an import reads back) stay in views.roster_export."""

import django_filters
import django_tables2 as tables
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.lists import (
    DateColumn,
    DateFromFilter,
    DateTimeColumn,
    DateToFilter,
    ListFilter,
    ListTable,
    sheet_moment,
    shown_date,
)

from .models import Appointment, Department, DepartmentKind, PartyBranch, Person, Post

NUMBER_ATTRS = {"td": {"class": "text-end"}, "th": {"class": "text-end"}}


def _muted_when_inactive(record):
    return "" if record.active else "text-muted"


# --- departments -------------------------------------------------------------------------------


class DepartmentFilter(ListFilter):
    q = django_filters.CharFilter(label=_("名称或编码"), method="filter_q")
    kind = django_filters.ChoiceFilter(
        label=_("类别"), choices=DepartmentKind.choices, empty_label=_("全部类别")
    )
    unit_kind = django_filters.ChoiceFilter(
        label=_("单元"),
        choices=[("department", _("科室")), ("clean_team", _("清廉团队"))],
        empty_label=_("科室与清廉团队"),
        method="filter_unit_kind",
    )
    branch = django_filters.ModelChoiceFilter(
        label=_("党支部"),
        field_name="party_branch",
        queryset=PartyBranch.objects.filter(active=True),
        empty_label=_("全部党支部"),
    )
    include_inactive = django_filters.BooleanFilter(
        label=_("含停用"),
        method="filter_include_inactive",
        widget=django_filters.widgets.forms.CheckboxInput,
    )

    class Meta:
        model = Department
        fields = ["q", "kind", "unit_kind", "branch", "include_inactive"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(code__icontains=value))

    def filter_unit_kind(self, queryset, name, value):
        return queryset.filter(parent__isnull=value == "department")

    def filter_include_inactive(self, queryset, name, value):
        return queryset if value else queryset.filter(active=True)


class DepartmentTable(ListTable):
    code = tables.Column(verbose_name=_("编码"))
    name = tables.Column(verbose_name=_("名称"))
    kind = tables.Column(verbose_name=_("类别"))
    party_branch = tables.Column(
        verbose_name=_("党支部"), order_by="party_branch__name", default="—"
    )
    head = tables.Column(
        verbose_name=_("负责人"), accessor="head__name", order_by="head__name", default="—"
    )
    people_count = tables.Column(verbose_name=_("人数"), attrs=NUMBER_ATTRS)
    party_member_count = tables.Column(verbose_name=_("党员人数"), attrs=NUMBER_ATTRS)
    active = tables.BooleanColumn(verbose_name=_("在用"), yesno=(_("是"), _("停用")))

    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle", "id": "department-table"}
        row_attrs = {"class": _muted_when_inactive}

    def render_name(self, value, record):
        parts = [
            format_html(
                '<a href="{}">{}</a>', reverse("departments:detail", args=[record.pk]), value
            )
        ]
        if record.parent_id:
            parts.append(
                format_html(
                    ' <span class="badge text-bg-info">{}</span> <small class="text-muted">{}</small>',
                    _("清廉团队"),
                    record.parent.name,
                )
            )
        return format_html("".join(["{}"] * len(parts)), *parts)

    def value_name(self, value, record):
        return f"{value}（{record.parent.name}）" if record.parent_id else value

    def value_kind(self, value):
        return str(value)

    def value_party_branch(self, value):
        return str(value) if value else ""

    def value_head(self, value):
        return value or ""

    def value_active(self, value):
        return str(_("是")) if value else str(_("停用"))


# --- people --------------------------------------------------------------------------------------


class PersonFilter(ListFilter):
    q = django_filters.CharFilter(label=_("姓名或工号"), method="filter_q")
    department = django_filters.ModelChoiceFilter(
        label=_("科室"),
        queryset=Department.objects.filter(active=True).order_by("code"),
        empty_label=_("全部科室"),
    )
    party_member = django_filters.ChoiceFilter(
        label=_("党员"),
        choices=[("yes", _("党员")), ("no", _("非党员"))],
        empty_label=_("全部"),
        method="filter_party_member",
    )
    joined_from = DateFromFilter(label=_("调入本科室日期自"), field_name="joined_department_on")
    joined_to = DateToFilter(label=_("调入本科室日期至"), field_name="joined_department_on")
    include_inactive = django_filters.BooleanFilter(
        label=_("含离职"),
        method="filter_include_inactive",
        widget=django_filters.widgets.forms.CheckboxInput,
    )

    class Meta:
        model = Person
        fields = ["q", "department", "party_member", "include_inactive"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(employee_number__icontains=value))

    def filter_party_member(self, queryset, name, value):
        return queryset.filter(is_party_member=value == "yes")

    def filter_include_inactive(self, queryset, name, value):
        return queryset if value else queryset.filter(active=True)


class PersonTable(ListTable):
    employee_number = tables.Column(verbose_name=_("工号"))
    name = tables.Column(verbose_name=_("姓名"))
    department = tables.Column(
        verbose_name=_("科室"), accessor="department__name", order_by="department__code"
    )
    joined_department_on = DateColumn(verbose_name=_("调入本科室日期"), default="—")
    is_party_member = tables.BooleanColumn(verbose_name=_("党员"), yesno=(_("是"), "—"))
    active = tables.BooleanColumn(verbose_name=_("在职"), yesno=(_("是"), _("离职")))

    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle", "id": "person-table"}
        row_attrs = {"class": _muted_when_inactive}

    def render_name(self, value, record):
        return format_html(
            '<a href="{}">{}</a>', reverse("departments:person_detail", args=[record.pk]), value
        )

    def value_name(self, value):
        return value

    def render_department(self, value, record):
        return format_html(
            '<a href="{}">{}</a>', reverse("departments:detail", args=[record.department_id]), value
        )

    def value_department(self, value):
        return value

    def value_joined_department_on(self, value):
        return value

    def value_is_party_member(self, value):
        return str(_("是")) if value else str(_("否"))

    def value_active(self, value):
        return str(_("是")) if value else str(_("离职"))


# --- appointments --------------------------------------------------------------------------------


class AppointmentFilter(ListFilter):
    post = django_filters.ChoiceFilter(
        label=_("职务"), choices=Post.choices, empty_label=_("全部职务")
    )
    state = django_filters.ChoiceFilter(
        label=_("状态"),
        choices=[("current", _("在任")), ("removed", _("已免去"))],
        empty_label=_("全部"),
        method="filter_state",
    )
    department = django_filters.ModelChoiceFilter(
        label=_("任职单位"),
        queryset=Department.objects.filter(active=True).order_by("code"),
        empty_label=_("全部单位"),
    )
    appointed_from = DateFromFilter(
        label=_("任命日期自"), field_name="appointed_at", lookup_expr="date__gte"
    )
    appointed_to = DateToFilter(
        label=_("任命日期至"), field_name="appointed_at", lookup_expr="date__lte"
    )

    class Meta:
        model = Appointment
        fields = ["post", "state", "department"]

    def filter_state(self, queryset, name, value):
        return queryset.filter(removed_at__isnull=value == "current")


class AppointmentTable(ListTable):
    person = tables.Column(verbose_name=_("人员"), order_by="person__employee_number")
    post = tables.Column(verbose_name=_("职务"))
    place = tables.Column(
        verbose_name=_("任职单位"),
        accessor="place",
        order_by=("department__code", "party_branch__name"),
        default="—",
    )
    appointed_at = DateTimeColumn(verbose_name=_("任命时间"))
    # None is the system (the demo loader): said on screen and in the export alike.
    appointed_by = tables.Column(
        verbose_name=_("任命人"), accessor="appointed_by__name", empty_values=()
    )
    reason = tables.Column(verbose_name=_("任命依据"), default="")
    # Rendered when empty too: an appointment not removed says it is current.
    removed_at = DateTimeColumn(verbose_name=_("免去时间"), empty_values=())
    removed_by = tables.Column(verbose_name=_("免去人"), accessor="removed_by__name", default="")
    removal_reason = tables.Column(verbose_name=_("免去原因"), default="")

    class Meta:
        attrs = {"class": "table table-sm align-middle", "id": "appointment-table"}
        row_attrs = {"class": lambda record: "" if record.is_current else "text-muted"}

    def render_person(self, value, record):
        return format_html(
            '{}<br><small class="text-muted">{}</small>', value, record.person.department.name
        )

    def value_person(self, value, record):
        return f"{value}（{record.person.department.name}）"

    def value_post(self, value):
        return str(value)

    def value_place(self, value):
        return str(value) if value else ""

    def render_removed_at(self, value, record):
        if value is None:
            return format_html('<span class="badge text-bg-success">{}</span>', _("在任"))
        return shown_date(value)

    def value_removed_at(self, value):
        return sheet_moment(value)

    def render_appointed_at(self, value):
        return shown_date(value)

    def render_appointed_by(self, value):
        return value or _("系统")

    def value_appointed_by(self, value):
        return value or str(_("系统"))

    def render_removed_by(self, value, record):
        return value if record.removed_at else ""

    def value_removed_by(self, value, record):
        return value if record.removed_at else ""
