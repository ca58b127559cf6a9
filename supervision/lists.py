"""The supervision lists (core/lists.py): the visits and the rectification ledger
(整改台账), each with its filters and its table."""

import django_filters
import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.i18n import join_items
from core.lists import DateColumn, ListFilter, ListTable, choice_label, shown_date
from supervision import selectors
from supervision.enums import LedgerState, VisitKind, VisitOrganizer, VisitState
from supervision.models import LedgerItem, Visit
from supervision.rules import sees_all

STATE_BADGES = {
    LedgerState.OPEN: "text-bg-secondary",
    LedgerState.RECTIFIED: "text-bg-warning",
    LedgerState.SENT_BACK: "text-bg-danger",
    LedgerState.CLOSED: "text-bg-success",
}
YES = "yes"


# --- visits ------------------------------------------------------------------------------


class VisitFilter(ListFilter):
    year = django_filters.NumberFilter(label=_("年度"))
    kind = django_filters.ChoiceFilter(
        label=_("类别"), choices=VisitKind.choices, empty_label=_("全部类别")
    )
    state = django_filters.ChoiceFilter(
        label=_("状态"), choices=VisitState.choices, empty_label=_("全部状态")
    )

    class Meta:
        model = Visit
        fields = ["year", "kind", "state"]


class VisitTable(ListTable):
    planned_on = DateColumn(verbose_name=_("计划日期"))
    kind = tables.Column(verbose_name=_("类别"))
    organizer = tables.Column(verbose_name=_("组织方"))
    departments = tables.Column(verbose_name=_("调研科室"), orderable=False, empty_values=())
    members = tables.Column(verbose_name=_("调研人员"))
    finding_count = tables.Column(
        verbose_name=_("发现问题"),
        attrs={"td": {"class": "text-end"}, "th": {"class": "text-end"}},
    )
    state = tables.Column(verbose_name=_("状态"))

    class Meta:
        attrs = {"class": "table table-sm align-middle", "id": "visit-rows"}

    def render_planned_on(self, value, record):
        return format_html(
            '<a href="{}">{}</a>', reverse("supervision:visit", args=[record.pk]), value
        )

    def value_planned_on(self, value):
        return value

    def render_organizer(self, value, record):
        if record.organizer == VisitOrganizer.LEAD_OFFICE and record.lead_office:
            return f"{value}（{record.lead_office.name}）"
        return value

    def value_organizer(self, value, record):
        return self.render_organizer(choice_label(VisitOrganizer.choices, record.organizer), record)

    def render_departments(self, record):
        return join_items(unit.name for unit in record.departments.all())

    def value_departments(self, record):
        return self.render_departments(record)

    def value_kind(self, value, record):
        return choice_label(VisitKind.choices, record.kind)

    def value_state(self, value, record):
        return choice_label(VisitState.choices, record.state)


# --- the ledger --------------------------------------------------------------------------


def _units(request):
    if sees_all(request.user):
        return selectors.units_with_items()
    return selectors.own_units(request.user).order_by("code")


def _visits(request):
    visits = selectors.visits_with_items()
    if not sees_all(request.user):
        visits = visits.filter(ledger_items__unit__in=selectors.own_units(request.user)).distinct()
    return visits


class VisitChoiceField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{shown_date(obj.visited_on or obj.planned_on)} {choice_label(VisitKind.choices, obj.kind)}"


class VisitChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = VisitChoiceField


class LedgerFilter(ListFilter):
    unit = django_filters.ModelChoiceFilter(
        label=_("科室"), queryset=_units, empty_label=_("全部科室")
    )
    state = django_filters.ChoiceFilter(
        label=_("状态"), choices=LedgerState.choices, empty_label=_("全部状态")
    )
    visit = VisitChoiceFilter(label=_("调研指导"), queryset=_visits, empty_label=_("全部调研"))
    overdue = django_filters.ChoiceFilter(
        label=_("是否逾期"),
        choices=[(YES, _("仅逾期未销号"))],
        empty_label=_("全部"),
        method="filter_overdue",
    )

    class Meta:
        model = LedgerItem
        fields = ["unit", "state", "visit"]

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(overdue=True) if value == YES else queryset


class LedgerTable(ListTable):
    unit = tables.Column(verbose_name=_("科室"), accessor="unit__name", order_by="unit__code")
    finding = tables.Column(verbose_name=_("问题"))
    responsible = tables.Column(
        verbose_name=_("整改责任人"), accessor="responsible__name", order_by="responsible__name"
    )
    visit = tables.Column(
        verbose_name=_("调研日期"), accessor="visit__visited_on", order_by="visit__visited_on"
    )
    due_on = DateColumn(verbose_name=_("整改期限"))
    state = tables.Column(verbose_name=_("状态"))
    closed_on = DateColumn(verbose_name=_("销号日期"), default="")
    overdue = tables.Column(verbose_name=_("按期情况"), empty_values=())

    class Meta:
        attrs = {"class": "table table-sm align-middle", "id": "ledger-rows"}

    def render_finding(self, value, record):
        short = value if len(value) <= 60 else value[:59] + "…"
        return format_html(
            '<a href="{}">{}</a>', reverse("supervision:item", args=[record.pk]), short
        )

    def value_finding(self, value):
        return value

    def render_visit(self, value):
        return shown_date(value)

    def value_visit(self, value):
        return value

    def render_state(self, value, record):
        badge = STATE_BADGES.get(record.state, "text-bg-secondary")
        return format_html('<span class="badge {}">{}</span>', badge, value)

    def value_state(self, value, record):
        return choice_label(LedgerState.choices, record.state)

    def value_overdue(self, record):
        return str(timeliness(record))

    def render_overdue(self, record):
        text = timeliness(record)
        if record.overdue or record.closed_on_time is False:
            return format_html('<span class="text-danger fw-semibold">{}</span>', text)
        return text


def timeliness(item):
    """On time, late, overdue, or not yet due: what the ledger says of an item."""
    if item.state == LedgerState.CLOSED:
        return _("按期销号") if item.closed_on_time else _("逾期销号")
    if item.overdue:
        return _("已逾期")
    return _("未到期")
