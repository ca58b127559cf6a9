"""The record kinds the reports app hands appraisal (appraisal/records.py): a unit's
accepted publicity materials of a year, and an office's monthly reports of a year (due,
on time, late, never sent)."""

from collections import defaultdict

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from appraisal.records import RecordItem, RecordKind, RecordSummary, register_record_kind
from core.links import url_for_each
from reports.enums import MaterialState, ReportKind, ReportState
from reports.models import PublicityMaterial, Report

PUBLICITY_MATERIALS = "reports.publicity_materials"
MONTHLY_REPORTS = "reports.monthly_reports"
SHOWN_ITEMS = 5
MONTHLY_FIGURES = {
    "due": gettext_lazy("应报份数（已到截止日或已报送）"),
    "on_time": gettext_lazy("按期报送"),
    "late": gettext_lazy("逾期报送"),
    "overdue": gettext_lazy("逾期未报"),
    "percent_on_time": gettext_lazy("按期报送率（%，向下取整）"),
}


def summarize_publicity_materials(units, year):
    """``{unit pk: RecordSummary}``: the unit's accepted publicity materials of ``year``.
    One query, whatever the number of units."""
    units = list(units)
    rows = (
        PublicityMaterial.objects.filter(
            unit__in=[unit.pk for unit in units], year=year, state=MaterialState.ACCEPTED
        )
        .order_by("unit_id", "-submitted_at", "-pk")
        .values_list("pk", "unit_id", "title", "submitted_at")
    )
    by_unit = defaultdict(list)
    for row in rows:
        by_unit[row[1]].append(row)
    list_url = reverse("reports:materials")
    material_url = url_for_each("reports:material")
    answer = {}
    for unit in units:
        found = by_unit.get(unit.pk, [])
        answer[unit.pk] = RecordSummary(
            kind=PUBLICITY_MATERIALS,
            text=_("%(year)s年宣传材料采用 %(count)s 篇") % {"year": year, "count": len(found)},
            figures={"accepted": len(found)},
            url=f"{list_url}?unit={unit.pk}&year={year}",
            items=tuple(
                RecordItem(
                    label=title,
                    date=submitted_at.date().isoformat(),
                    url=material_url(pk),
                )
                for pk, _unit, title, submitted_at in found[:SHOWN_ITEMS]
            ),
        )
    return answer


def summarize_monthly_reports(units, year, *, today=None):
    """``{unit pk: RecordSummary}``: the monthly reports of ``year`` the unit (an office
    responsible for key tasks) owes. A report counts once its due date has passed or it
    was sent: ``on_time`` sent by the due date, ``late`` sent after it, ``overdue`` still
    not sent after it; ``percent_on_time`` is on time of those counted, rounded down
    (None when nothing is due yet). Two queries, whatever the number of units."""
    units = list(units)
    today = today or timezone.localdate()
    ids = [unit.pk for unit in units]
    reports = Report.objects.filter(kind=ReportKind.MONTHLY, year=year, office__in=ids)
    sent = Q(first_submitted_at__isnull=False)
    overdue = Q(state=ReportState.DUE, due_on__lt=today)
    rows = {
        row["office_id"]: row
        for row in reports.values("office_id")
        .annotate(
            due=Count("pk", filter=sent | overdue),
            on_time=Count("pk", filter=sent & Q(late=False)),
            late=Count("pk", filter=sent & Q(late=True)),
            overdue=Count("pk", filter=overdue),
        )
        .order_by()
    }
    missed = defaultdict(list)
    for report in (
        reports.filter((sent & Q(late=True)) | overdue)
        .select_related("task")
        .order_by("office_id", "month", "task__order", "pk")
        .only("pk", "office_id", "month", "year", "due_on", "late", "state", "task__title")
    ):
        if len(missed[report.office_id]) < SHOWN_ITEMS:
            missed[report.office_id].append(
                RecordItem(
                    label=_("%(month)s月 %(task)s（%(what)s）")
                    % {
                        "month": report.month,
                        "task": report.task.title,
                        "what": _("逾期报送") if report.late else _("逾期未报"),
                    },
                    date=report.due_on.isoformat(),
                    url=reverse("reports:report", args=[report.pk]),
                )
            )
    list_url = reverse("reports:list")
    answer = {}
    for unit in units:
        row = rows.get(unit.pk, {})
        figures = {key: row.get(key, 0) for key in ("due", "on_time", "late", "overdue")}
        figures["percent_on_time"] = (
            figures["on_time"] * 100 // figures["due"] if figures["due"] else None
        )
        if figures["due"]:
            text = (
                _(
                    "月度报告应报 %(due)s 份：按期 %(on_time)s 份、逾期报送 %(late)s 份、"
                    "逾期未报 %(overdue)s 份（按期率 %(percent_on_time)s%%）"
                )
                % figures
            )
        else:
            text = _("%(year)s年尚无到期的月度报告") % {"year": year}
        answer[unit.pk] = RecordSummary(
            kind=MONTHLY_REPORTS,
            text=text,
            figures=figures,
            url=f"{list_url}?office={unit.pk}&year={year}",
            items=tuple(missed[unit.pk]),
        )
    return answer


def register():
    register_record_kind(
        RecordKind(
            key=PUBLICITY_MATERIALS,
            label=gettext_lazy("宣传材料"),
            summarize=summarize_publicity_materials,
            # A transition saves the material (a history row) and writes its event.
            reads=("reports.PublicityMaterial", "reports.PublicityMaterialEvent"),
            figures={"accepted": gettext_lazy("采用篇数")},
            order=60,
        )
    )
    register_record_kind(
        RecordKind(
            key=MONTHLY_REPORTS,
            label=gettext_lazy("月度报告"),
            summarize=summarize_monthly_reports,
            # A transition saves the report (a history row) and writes its event; a
            # submission is a row of its own.
            reads=("reports.Report", "reports.ReportEvent", "reports.ReportSubmission"),
            figures=MONTHLY_FIGURES,
            order=55,
        )
    )
