"""The appraisal app's lists (core/lists.py): the reviewer's queue, the honour roll and the
campaigns, each with its filters and its table. The applications list is in its own module."""

import django_filters
import django_tables2 as tables
from django.db.models import F
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from appraisal import honours
from appraisal.enums import (
    REVIEW_LIVE_STATES,
    ApplicationState,
    CampaignState,
    ReviewState,
    TitleStatus,
)
from appraisal.models import Campaign, Review, Title
from core.lists import (
    DateColumn,
    DateFromFilter,
    DateTimeColumn,
    DateToFilter,
    ListFilter,
    ListTable,
    choice_label,
)
from departments.models import Department

REVIEW_BADGES = {
    ReviewState.SUBMITTED: "text-bg-success",
    ReviewState.EXCUSED: "text-bg-light",
}


# --- the reviewer's queue --------------------------------------------------------------------


def _queue_campaigns(request):
    return Campaign.objects.filter(
        applications__reviews__reviewer=request.user,
        applications__reviews__state__in=REVIEW_LIVE_STATES,
        state=CampaignState.REVIEWING,
    ).distinct()


class ReviewQueueFilter(ListFilter):
    state = django_filters.ChoiceFilter(
        label=_("状态"),
        choices=[(s.value, s.label) for s in REVIEW_LIVE_STATES],
        empty_label=_("全部状态"),
    )
    campaign = django_filters.ModelChoiceFilter(
        label=_("评选批次"),
        field_name="application__campaign",
        queryset=_queue_campaigns,
        empty_label=_("全部批次"),
    )
    unit = django_filters.CharFilter(
        label=_("申报单元"), field_name="application__unit__name", lookup_expr="icontains"
    )

    class Meta:
        model = Review
        fields = ["state", "campaign", "unit"]


class ReviewQueueTable(ListTable):
    campaign = tables.Column(
        verbose_name=_("评选批次"),
        accessor="application__campaign__title",
        order_by=("application__campaign__year", "application__campaign_id"),
    )
    unit = tables.Column(
        verbose_name=_("申报单元"),
        accessor="application__unit__name",
        order_by="application__unit__code",
    )
    state = tables.Column(verbose_name=_("状态"))
    filled = tables.Column(
        verbose_name=_("已评项目"), attrs={"td": {"class": "text-end"}, "th": {"class": "text-end"}}
    )
    action = tables.Column(
        verbose_name=_("操作"),
        accessor="pk",
        orderable=False,
        exclude_from_export=True,
        attrs={"td": {"class": "text-end"}, "th": {"class": "text-end"}},
    )

    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle", "id": "review-queue"}

    def render_unit(self, value, record):
        badges = []
        if record.application.state == ApplicationState.DISQUALIFIED:
            badges.append(
                format_html(
                    ' <span class="badge text-bg-danger">{}</span>', _("因否决性指标取消资格")
                )
            )
        if record.reopen_reason and record.state == ReviewState.ASSIGNED:
            badges.append(
                format_html(' <span class="badge text-bg-warning">{}</span>', _("退回重评"))
            )
        return format_html("{}{}", value, format_html("".join(badges)) if badges else "")

    def render_state(self, value, record):
        badge = REVIEW_BADGES.get(record.state, "text-bg-secondary")
        return format_html('<span class="badge {}">{}</span>', badge, value)

    def value_state(self, value):
        return str(value)

    def render_quota(self, value, record):
        # A yearly evaluation has no quota (its row keeps a valid default).
        return "—" if record.is_yearly_evaluation else value

    def value_kind(self, value):
        return str(value)

    def render_filled(self, value, record):
        return f"{value} / {record.criteria_count}"

    def value_filled(self, value, record):
        return f"{value}/{record.criteria_count}"

    def render_action(self, value, record):
        if record.state == ReviewState.EXCUSED:
            return ""
        url = reverse("appraisal:review", args=[record.pk])
        if record.state == ReviewState.ASSIGNED:
            return format_html('<a class="btn btn-sm btn-primary" href="{}">{}</a>', url, _("评分"))
        return format_html(
            '<a class="btn btn-sm btn-outline-secondary" href="{}">{}</a>', url, _("查看")
        )


# --- the honour roll -------------------------------------------------------------------------


def _title_units(request):
    return Department.objects.filter(titles__isnull=False).distinct().order_by("code")


class HonourRollFilter(ListFilter):
    year = django_filters.ChoiceFilter(label=_("年度"), choices=(), empty_label=_("全部年度"))
    status = django_filters.ChoiceFilter(
        label=_("状态"), choices=TitleStatus.choices, empty_label=_("全部状态")
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("科室"), queryset=_title_units, empty_label=_("全部科室")
    )
    awarded_from = DateFromFilter(label=_("授予日期自"), field_name="awarded_on")
    awarded_to = DateToFilter(label=_("授予日期至"), field_name="awarded_on")

    class Meta:
        model = Title
        fields = ["year", "status", "unit"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["year"].extra["choices"] = [
            (year, year) for year in honours.honour_roll_years()
        ]


class HonourRollTable(ListTable):
    year = tables.Column(verbose_name=_("年度"), order_by=("year", "unit__code"))
    unit = tables.Column(verbose_name=_("科室"), accessor="unit__name", order_by="unit__code")
    campaign = tables.Column(
        verbose_name=_("评选批次"),
        accessor="campaign__title",
        order_by=("campaign__year", "campaign_id"),
        attrs={
            "th": {"class": "d-none d-md-table-cell"},
            "td": {"class": "d-none d-md-table-cell"},
        },
    )
    awarded_on = DateColumn(verbose_name=_("授予日期"))
    certificate_number = tables.Column(
        verbose_name=_("证书编号"),
        attrs={
            "th": {"class": "d-none d-md-table-cell"},
            "td": {"class": "d-none d-md-table-cell"},
        },
    )
    status = tables.Column(verbose_name=_("状态"))
    revoked_on = DateColumn(verbose_name=_("撤销日期"), default="")

    class Meta:
        attrs = {"class": "table table-sm align-middle", "id": "honour-roll"}

    def render_year(self, value):
        return _("%(year)s年度") % {"year": value}

    def value_year(self, value):
        return value

    def render_status(self, value, record):
        if record.status == TitleStatus.REVOKED:
            return format_html('<span class="badge text-bg-danger">{}</span>', _("已撤销"))
        return format_html('<span class="badge text-bg-success">{}</span>', _("有效"))

    def value_status(self, value, record):
        return choice_label(TitleStatus.choices, record.status)

    def order_revoked_on(self, queryset, is_descending):
        # Titles still held (no date) come last either way.
        field = F("revoked_on")
        ordering = field.desc(nulls_last=True) if is_descending else field.asc(nulls_last=True)
        return queryset.order_by(ordering, "unit__code"), True


# --- the campaigns ---------------------------------------------------------------------------


class CampaignFilter(ListFilter):
    year = django_filters.ChoiceFilter(label=_("年度"), choices=(), empty_label=_("全部年度"))
    state = django_filters.ChoiceFilter(
        label=_("状态"), choices=CampaignState.choices, empty_label=_("全部状态")
    )

    class Meta:
        model = Campaign
        fields = ["year", "state"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        years = Campaign.objects.order_by("-year").values_list("year", flat=True).distinct()
        self.filters["year"].extra["choices"] = [(year, year) for year in years]


class CampaignTable(ListTable):
    year = tables.Column(verbose_name=_("年度"))
    kind = tables.Column(verbose_name=_("类型"))
    title = tables.Column(verbose_name=_("名称"), linkify=("appraisal:campaign", [tables.A("pk")]))
    document_number = tables.Column(verbose_name=_("文号"), default="—")
    opens_at = DateTimeColumn(verbose_name=_("申报开始"))
    closes_at = DateTimeColumn(verbose_name=_("申报截止"))
    quota = tables.Column(
        verbose_name=_("名额"), attrs={"td": {"class": "text-end"}, "th": {"class": "text-end"}}
    )
    state = tables.Column(verbose_name=_("状态"))

    class Meta:
        attrs = {"class": "table table-sm align-middle", "id": "campaigns"}

    def render_state(self, value):
        return format_html('<span class="badge text-bg-secondary">{}</span>', value)

    def value_state(self, value):
        return str(value)

    def value_document_number(self, value):
        return value or ""
