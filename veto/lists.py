"""The veto app's lists (core/lists.py): their filters and their tables."""

import django_filters
import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.lists import DateColumn, DateTimeColumn, ListFilter, ListTable
from veto import selectors
from veto.enums import VetoEventState
from veto.models import VetoEvent

STATE_BADGES = {
    VetoEventState.CONFIRMED: "text-bg-danger",
    VetoEventState.DISMISSED: "text-bg-light",
    VetoEventState.VERIFIED: "text-bg-warning",
}


def _units(request):
    return selectors.units_with_events(request.user)


class EventFilter(ListFilter):
    state = django_filters.ChoiceFilter(
        label=_("状态"), choices=VetoEventState.choices, empty_label=_("全部状态")
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("科室"), queryset=_units, empty_label=_("全部科室")
    )

    class Meta:
        model = VetoEvent
        fields = ["state", "unit"]


class EventTable(ListTable):
    unit = tables.Column(verbose_name=_("科室"), accessor="unit__name", order_by="unit__code")
    indicator = tables.Column(
        verbose_name=_("否决性指标"), accessor="indicator_number", attrs={"td": {"class": "small"}}
    )
    occurred_on = DateColumn(verbose_name=_("发生日期"))
    state = tables.Column(verbose_name=_("状态"))
    reported_by = tables.Column(verbose_name=_("报告人"), order_by="reported_by__username")
    reported_at = DateTimeColumn(verbose_name=_("报告时间"))

    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle", "id": "event-table"}

    def render_unit(self, value, record):
        person = (
            format_html('<div class="small text-muted">{}</div>', record.person.name)
            if record.person
            else ""
        )
        return format_html(
            '<a href="{}">{}</a>{}', reverse("veto:event", args=[record.pk]), value, person
        )

    def value_unit(self, value, record):
        return f"{value}（{record.person.name}）" if record.person else value

    def render_indicator(self, value, record):
        text = record.indicator_text
        short = text if len(text) <= 40 else text[:39] + "…"
        return f"{value}. {short}"

    def value_indicator(self, value, record):
        return f"{value}. {record.indicator_text}"

    def render_state(self, value, record):
        badge = STATE_BADGES.get(record.state, "text-bg-secondary")
        return format_html('<span class="badge {}">{}</span>', badge, value)

    def value_state(self, value):
        return str(value)
