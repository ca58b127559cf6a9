"""The notifications app's list (core/lists.py): one's inbox, with its filters and its table.
The rows are the user's own notifications only (selectors.inbox)."""

import django_filters
import django_tables2 as tables
from django.template.defaultfilters import linebreaksbr
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.lists import (
    DateFromFilter,
    DateTimeColumn,
    DateToFilter,
    ListFilter,
    ListTable,
)

from .models import Notification


class InboxFilter(ListFilter):
    read = django_filters.ChoiceFilter(
        label=_("状态"),
        choices=[("unread", _("未读")), ("read", _("已读"))],
        empty_label=_("全部"),
        method="filter_read",
    )
    subject = django_filters.CharFilter(label=_("标题"), lookup_expr="icontains")
    created_from = DateFromFilter(
        label=_("日期自"), field_name="created_at", lookup_expr="date__gte"
    )
    created_to = DateToFilter(label=_("日期至"), field_name="created_at", lookup_expr="date__lte")

    class Meta:
        model = Notification
        fields = ["read", "subject"]

    def filter_read(self, queryset, name, value):
        return queryset.filter(read_at__isnull=value == "unread")


class InboxTable(ListTable):
    subject = tables.Column(verbose_name=_("标题"))
    body = tables.Column(verbose_name=_("内容"), orderable=False, default="")
    created_at = DateTimeColumn(verbose_name=_("时间"))
    read_at = DateTimeColumn(verbose_name=_("已读时间"), empty_values=())

    class Meta:
        attrs = {"class": "table table-sm align-middle", "id": "inbox"}
        row_attrs = {"class": lambda record: "" if record.read_at else "table-warning"}

    def render_subject(self, value, record):
        if record.url:
            return format_html('<a href="{}"><strong>{}</strong></a>', record.url, value)
        return format_html("<strong>{}</strong>", value)

    def render_body(self, value):
        # Escaped first, then the line breaks kept.
        return format_html('<div class="small">{}</div>', linebreaksbr(value, autoescape=True))

    def render_read_at(self, value):
        if value is None:
            return format_html('<span class="badge text-bg-warning">{}</span>', _("未读"))
        return DateTimeColumn.render(self.columns["read_at"].column, value)

    def value_read_at(self, value):
        return (
            None if value is None else DateTimeColumn.value(self.columns["read_at"].column, value)
        )
