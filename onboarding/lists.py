"""The onboarding app's lists (core/lists.py): the account batches and one batch's people.

A batch's people are listed (and exported) by number, name, department and user name only:
the initial passwords are never in a list or its export; they reach the batch's creator on
the slips alone (onboarding/slips.py)."""

import django_filters
import django_tables2 as tables
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.lists import DateFromFilter, DateTimeColumn, DateToFilter, ListFilter, ListTable
from departments.models import Department

from .models import AccountBatch, AccountBatchEntry

NUMBER_ATTRS = {"td": {"class": "text-end"}, "th": {"class": "text-end"}}


def scope_label(batch):
    """Whom the batch was for, in words (as onboarding/partials/scope.html says it)."""
    if batch.scope == AccountBatch.Scope.DEPARTMENT:
        return gettext("科室“%(name)s”（含其清廉团队）") % {"name": batch.department.name}
    if batch.scope == AccountBatch.Scope.ROSTER_IMPORT:
        return gettext("名册导入第 %(number)s 号（%(name)s）新增的人员") % {
            "number": batch.roster_import_id,
            "name": batch.roster_import.original_name,
        }
    return batch.get_scope_display()


class BatchFilter(ListFilter):
    kind = django_filters.ChoiceFilter(
        label=_("类型"), choices=AccountBatch.Kind.choices, empty_label=_("全部类型")
    )
    scope = django_filters.ChoiceFilter(
        label=_("范围"), choices=AccountBatch.Scope.choices, empty_label=_("全部范围")
    )
    created_from = DateFromFilter(
        label=_("日期自"), field_name="created_at", lookup_expr="date__gte"
    )
    created_to = DateToFilter(label=_("日期至"), field_name="created_at", lookup_expr="date__lte")

    class Meta:
        model = AccountBatch
        fields = ["kind", "scope"]


class BatchTable(ListTable):
    number = tables.Column(verbose_name=_("编号"), accessor="pk")
    kind = tables.Column(verbose_name=_("类型"))
    scope = tables.Column(verbose_name=_("范围"))
    size = tables.Column(verbose_name=_("人数"), attrs=NUMBER_ATTRS)
    created_by = tables.Column(verbose_name=_("操作人"), order_by="created_by__name")
    created_at = DateTimeColumn(verbose_name=_("时间"))

    class Meta:
        attrs = {"class": "table table-sm align-middle", "id": "batches"}

    def render_number(self, value):
        return format_html('<a href="{}">#{}</a>', reverse("onboarding:batch", args=[value]), value)

    def render_scope(self, record):
        return scope_label(record)

    def value_scope(self, record):
        return scope_label(record)

    def value_kind(self, value):
        return str(value)

    def value_created_by(self, value):
        return str(value)


def _batch_departments(request):
    return Department.objects.filter(
        pk__in=AccountBatchEntry.objects.filter(
            batch_id=request.resolver_match.kwargs["pk"]
        ).values("department_id")
    ).order_by("code")


class EntryFilter(ListFilter):
    q = django_filters.CharFilter(label=_("姓名或工号"), method="filter_q")
    department = django_filters.ModelChoiceFilter(
        label=_("科室"), queryset=_batch_departments, empty_label=_("全部科室")
    )

    class Meta:
        model = AccountBatchEntry
        fields = ["q", "department"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(
            Q(person__name__icontains=value) | Q(person__employee_number__icontains=value)
        )


class EntryTable(ListTable):
    employee_number = tables.Column(verbose_name=_("工号"), accessor="person__employee_number")
    name = tables.Column(verbose_name=_("姓名"), accessor="person__name", order_by="person__name")
    department = tables.Column(
        verbose_name=_("科室"), accessor="department__name", order_by="department__code"
    )
    username = tables.Column(verbose_name=_("用户名"), accessor="user__username")

    class Meta:
        attrs = {"class": "table table-sm align-middle", "id": "entries"}

    def render_name(self, value, record):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("departments:person_detail", args=[record.person_id]),
            value,
        )
