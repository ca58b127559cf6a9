"""The veto app's lists (core/lists.py): events, rectifications and re-checks, each with its
filters and its table."""

import django_filters
import django_tables2 as tables
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
    choice_label,
    shown_date,
)
from departments.models import Department
from veto import selectors
from veto.enums import RecheckResult, RectificationState, VetoEventState
from veto.models import Recheck, Rectification, VetoEvent

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


# --- rectifications --------------------------------------------------------------------------


def _rectified_units(request):
    return Department.objects.filter(rectifications__isnull=False).distinct().order_by("code")


class RectificationFilter(ListFilter):
    state = django_filters.ChoiceFilter(
        label=_("状态"), choices=RectificationState.choices, empty_label=_("全部状态")
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("科室"), queryset=_rectified_units, empty_label=_("全部科室")
    )
    starts_from = DateFromFilter(label=_("整改开始日期自"), field_name="starts_on")
    starts_to = DateToFilter(label=_("整改开始日期至"), field_name="starts_on")

    class Meta:
        model = Rectification
        fields = ["state", "unit"]


class RectificationTable(ListTable):
    unit = tables.Column(verbose_name=_("科室"), accessor="unit__name", order_by="unit__code")
    indicator = tables.Column(
        verbose_name=_("否决性指标"),
        accessor="event__indicator_number",
        order_by="event__indicator_number",
    )
    starts_on = DateColumn(verbose_name=_("整改开始日期"))
    ends_on = DateColumn(verbose_name=_("整改截止日期"))
    notice_number = tables.Column(verbose_name=_("整改通知书文号"), default="—")
    report_count = tables.Column(
        verbose_name=_("整改报告"), attrs={"td": {"class": "text-end"}, "th": {"class": "text-end"}}
    )
    state = tables.Column(verbose_name=_("状态"))
    revoked_title = tables.Column(
        verbose_name=_("撤销称号"), accessor="title__year", order_by="title__year", default=""
    )

    class Meta:
        attrs = {"class": "table table-sm align-middle", "id": "rectification-rows"}

    def render_unit(self, value, record):
        return format_html(
            '<a href="{}">{}</a>', reverse("veto:rectification", args=[record.pk]), value
        )

    def value_unit(self, value):
        return value

    def render_indicator(self, value):
        return _("第%(n)s项") % {"n": value}

    def value_indicator(self, value):
        return value

    def value_notice_number(self, value):
        return value

    def value_state(self, value):
        return str(value)

    def render_revoked_title(self, value):
        return _("已撤销%(year)s年度称号") % {"year": value}

    def value_revoked_title(self, value):
        return value


# --- re-checks ---------------------------------------------------------------------------------


def _rechecked_units(request):
    return Department.objects.filter(titles__rechecks__isnull=False).distinct().order_by("code")


class RecheckFilter(ListFilter):
    result = django_filters.ChoiceFilter(
        label=_("结果"), choices=RecheckResult.choices, empty_label=_("全部")
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("科室"),
        field_name="title__unit",
        queryset=_rechecked_units,
        empty_label=_("全部科室"),
    )
    year = django_filters.NumberFilter(label=_("称号年度"), field_name="title__year")
    checked_from = DateFromFilter(label=_("复核日期自"), field_name="checked_on")
    checked_to = DateToFilter(label=_("复核日期至"), field_name="checked_on")

    class Meta:
        model = Recheck
        fields = ["result", "unit", "year"]


class RecheckTable(ListTable):
    checked_on = DateColumn(verbose_name=_("复核日期"))
    unit = tables.Column(
        verbose_name=_("科室"), accessor="title__unit__name", order_by="title__unit__code"
    )
    year = tables.Column(verbose_name=_("称号年度"), accessor="title__year")
    result = tables.Column(verbose_name=_("结果"))
    recorded_by = tables.Column(verbose_name=_("记录人"), order_by="recorded_by__name")
    recorded_at = DateTimeColumn(verbose_name=_("记录时间"))

    class Meta:
        attrs = {"class": "table table-sm align-middle", "id": "recheck-rows"}

    def render_checked_on(self, value, record):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("veto:recheck", args=[record.pk]),
            shown_date(value),
        )

    def value_checked_on(self, value):
        return value

    def render_result(self, value, record):
        if record.result == RecheckResult.PROBLEM:
            return format_html('<span class="text-danger">{}</span>', value)
        return value

    def value_result(self, value, record):
        return choice_label(RecheckResult.choices, record.result)

    def value_recorded_by(self, value):
        return str(value)
