"""The risks app's lists (core/lists.py): a unit's risk points and key posts, the
hospital-wide risk points, the rotation list and the per-unit overview."""

import django_filters
import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.lists import DateColumn, ListFilter, ListTable, choice_label, shown_date
from risks import selectors
from risks.enums import RiskGrade, RotationStatus
from risks.rotation import limit_reached_on

YES_NO = (("yes", _("已复核")), ("no", _("未复核")))
GRADE_BADGES = {
    RiskGrade.FIRST: "text-bg-danger",
    RiskGrade.SECOND: "text-bg-warning",
    RiskGrade.THIRD: "text-bg-secondary",
}
ROTATION_BADGES = {
    RotationStatus.REACHED: "text-bg-danger",
    RotationStatus.DUE_SOON: "text-bg-warning",
    RotationStatus.WITHIN: "text-bg-success",
    RotationStatus.ENDED: "text-bg-light",
}
NUMBER = {"td": {"class": "text-end"}, "th": {"class": "text-end"}}


def _short(text, limit=40):
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- risk points ------------------------------------------------------------------------------


class PointFilter(ListFilter):
    grade = django_filters.ChoiceFilter(
        label=_("风险等级"), choices=RiskGrade.choices, empty_label=_("全部等级")
    )
    reviewed = django_filters.ChoiceFilter(
        label=_("本年度复核"), choices=YES_NO, empty_label=_("全部"), method="filter_reviewed"
    )
    include_retired = django_filters.BooleanFilter(
        label=_("含已停用"),
        method="filter_include_retired",
        widget=django_filters.widgets.forms.CheckboxInput,
    )

    class Meta:
        fields = ["grade", "reviewed", "include_retired"]

    def filter_reviewed(self, queryset, name, value):
        return queryset.filter(reviewed=value == "yes")

    def filter_include_retired(self, queryset, name, value):
        return queryset if value else queryset.filter(retired_on__isnull=True)


def _point_units(request):
    return selectors.units_with_points()


class HospitalPointFilter(PointFilter):
    unit = django_filters.ModelChoiceFilter(
        label=_("科室"), queryset=_point_units, empty_label=_("全部科室")
    )

    class Meta:
        fields = ["unit", "grade", "reviewed", "include_retired"]


class PointTable(ListTable):
    post = tables.Column(verbose_name=_("岗位"))
    risk = tables.Column(verbose_name=_("风险描述"))
    grade = tables.Column(verbose_name=_("风险等级"))
    measure = tables.Column(verbose_name=_("防控措施"))
    reviewed = tables.Column(verbose_name=_("本年度复核"), empty_values=())
    last_reviewed_on = DateColumn(verbose_name=_("最近复核日期"), default="—")
    retired_on = DateColumn(verbose_name=_("停用日期"), default="")

    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle", "id": "point-rows"}
        sequence = ("post", "grade", "risk", "measure", "reviewed", "last_reviewed_on", "...")

    def render_post(self, value, record):
        return format_html('<a href="{}">{}</a>', reverse("risks:point", args=[record.pk]), value)

    def value_post(self, value):
        return value

    def render_risk(self, value):
        return _short(value)

    def value_risk(self, value):
        return value

    def render_measure(self, value):
        return _short(value)

    def value_measure(self, value):
        return value

    def render_grade(self, value, record):
        return format_html('<span class="badge {}">{}</span>', GRADE_BADGES[record.grade], value)

    def value_grade(self, value, record):
        return choice_label(RiskGrade.choices, record.grade)

    def render_reviewed(self, value):
        if value:
            return format_html('<span class="text-success">{}</span>', _("已复核"))
        return format_html('<span class="text-danger fw-semibold">{}</span>', _("未复核"))

    def value_reviewed(self, value):
        return str(_("已复核") if value else _("未复核"))


class HospitalPointTable(PointTable):
    unit = tables.Column(verbose_name=_("科室"), accessor="unit__name", order_by="unit__code")

    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle", "id": "point-rows"}
        sequence = ("unit", "post", "grade", "risk", "measure", "reviewed", "...")

    def render_unit(self, value, record):
        return format_html(
            '<a href="{}">{}</a>', reverse("risks:unit_points", args=[record.unit_id]), value
        )

    def value_unit(self, value):
        return value


# --- key posts --------------------------------------------------------------------------------


class HoldingFilter(ListFilter):
    rotation = django_filters.ChoiceFilter(
        label=_("轮岗状态"), choices=RotationStatus.choices, empty_label=_("全部状态")
    )
    post = django_filters.ModelChoiceFilter(
        label=_("重点岗位"),
        queryset=lambda request: selectors.post_choices(),
        empty_label=_("全部岗位"),
    )
    include_ended = django_filters.BooleanFilter(
        label=_("含已离岗"),
        method="filter_include_ended",
        widget=django_filters.widgets.forms.CheckboxInput,
    )

    class Meta:
        fields = ["rotation", "post", "include_ended"]

    def filter_include_ended(self, queryset, name, value):
        return queryset if value else queryset.filter(until__isnull=True)


def _holding_units(request):
    return selectors.units_with_holdings()


class RotationFilter(ListFilter):
    rotation = django_filters.ChoiceFilter(
        label=_("轮岗状态"),
        choices=[c for c in RotationStatus.choices if c[0] != RotationStatus.ENDED],
        empty_label=_("全部状态"),
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("科室"), queryset=_holding_units, empty_label=_("全部科室")
    )
    post = django_filters.ModelChoiceFilter(
        label=_("重点岗位"),
        queryset=lambda request: selectors.post_choices(),
        empty_label=_("全部岗位"),
    )

    class Meta:
        fields = ["rotation", "unit", "post"]


class HoldingTable(ListTable):
    post = tables.Column(verbose_name=_("重点岗位"), accessor="post__name")
    person = tables.Column(
        verbose_name=_("在岗人员"), accessor="person__name", order_by="person__employee_number"
    )
    since = DateColumn(verbose_name=_("上岗日期"))
    due_on = tables.Column(verbose_name=_("轮岗年限届满日"), accessor="since", empty_values=())
    rotation = tables.Column(verbose_name=_("轮岗状态"), order_by=("rotation_rank", "since"))
    until = DateColumn(verbose_name=_("离岗日期"), default="")

    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle", "id": "holding-rows"}

    def __init__(self, *args, limit, **kwargs):
        self.limit = limit
        super().__init__(*args, **kwargs)

    def render_post(self, value, record):
        return format_html('<a href="{}">{}</a>', reverse("risks:holding", args=[record.pk]), value)

    def value_post(self, value):
        return value

    def render_person(self, value, record):
        return format_html(
            '{} <span class="small text-muted">{}</span>', value, record.person.employee_number
        )

    def value_person(self, value, record):
        return f"{value} {record.person.employee_number}"

    def render_due_on(self, value):
        return shown_date(limit_reached_on(value, self.limit))

    def value_due_on(self, value):
        return limit_reached_on(value, self.limit)

    def render_rotation(self, value, record):
        status = RotationStatus(record.rotation)  # an annotation: the label is not looked up
        return format_html(
            '<span class="badge {}">{}</span>', ROTATION_BADGES[status], status.label
        )

    def value_rotation(self, value, record):
        return choice_label(RotationStatus.choices, record.rotation)


class RotationTable(HoldingTable):
    unit = tables.Column(verbose_name=_("科室"), accessor="unit__name", order_by="unit__code")

    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle", "id": "rotation-rows"}
        sequence = ("unit", "post", "person", "since", "due_on", "rotation", "...")
        exclude = ("until",)

    def render_unit(self, value, record):
        return format_html(
            '<a href="{}">{}</a>', reverse("risks:unit_posts", args=[record.unit_id]), value
        )

    def value_unit(self, value):
        return value


# --- per unit ---------------------------------------------------------------------------------


class OverviewFilter(ListFilter):
    to_review = django_filters.BooleanFilter(
        label=_("仅有未复核风险点的科室"),
        method="filter_to_review",
        widget=django_filters.widgets.forms.CheckboxInput,
    )
    past_limit = django_filters.BooleanFilter(
        label=_("仅有超期在岗人员的科室"),
        method="filter_past_limit",
        widget=django_filters.widgets.forms.CheckboxInput,
    )

    class Meta:
        fields = ["to_review", "past_limit"]

    def filter_to_review(self, queryset, name, value):
        return queryset.filter(to_review__gt=0) if value else queryset

    def filter_past_limit(self, queryset, name, value):
        return queryset.filter(past_limit__gt=0) if value else queryset


class OverviewTable(ListTable):
    name = tables.Column(verbose_name=_("科室"), order_by="code")
    points = tables.Column(verbose_name=_("风险点"), attrs=NUMBER)
    reviewed = tables.Column(verbose_name=_("本年度已复核"), attrs=NUMBER)
    to_review = tables.Column(verbose_name=_("未复核"), attrs=NUMBER)
    first_grade = tables.Column(verbose_name=_("一级风险点"), attrs=NUMBER)
    holders = tables.Column(verbose_name=_("重点岗位在岗"), attrs=NUMBER)
    past_limit = tables.Column(verbose_name=_("已达轮岗年限"), attrs=NUMBER)

    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle", "id": "overview-rows"}

    def render_name(self, value, record):
        return format_html(
            '<a href="{}">{}</a>', reverse("risks:unit_points", args=[record.pk]), value
        )

    def value_name(self, value):
        return value

    def render_to_review(self, value):
        if value:
            return format_html('<span class="text-danger fw-semibold">{}</span>', value)
        return value

    def value_to_review(self, value):
        return value

    def render_past_limit(self, value):
        if value:
            return format_html('<span class="text-danger fw-semibold">{}</span>', value)
        return value

    def value_past_limit(self, value):
        return value
