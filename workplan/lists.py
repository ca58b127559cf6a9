"""The plan list (core/lists.py)."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.lists import DateTimeColumn, ListTable


class PlanTable(ListTable):
    year = tables.Column(verbose_name=_("年度"))
    title = tables.Column(verbose_name=_("名称"))
    task_count = tables.Column(verbose_name=_("重点任务数"))
    copied_from = tables.Column(
        verbose_name=_("复制自"), accessor="copied_from__year", order_by="copied_from__year"
    )
    created_at = DateTimeColumn(verbose_name=_("创建时间"))

    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle", "id": "plan-table"}
        order_by = "-year"

    def render_title(self, value, record):
        return format_html('<a href="{}">{}</a>', reverse("workplan:plan", args=[record.pk]), value)
