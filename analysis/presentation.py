"""A report's figures (``analysis.figures``: live for a draft, the frozen snapshot of an
issued version) as the page and the PDF show them: the charts, drawn as SVG shapes by
``appraisal.charts.ShapeChart`` (templates/appraisal/partials/svg_chart.html, no
script), and the labels of the stored codes in the reader's language."""

import datetime

from django.utils.translation import gettext as _

from appraisal.charts import (
    AMBER,
    CHART_LABEL,
    CHART_RIGHT,
    CHART_ROW,
    CHART_TOP,
    CHART_WIDTH,
    FLAG,
    GREEN,
    GREY,
    SLATE,
    ShapeChart,
)
from appraisal.enums import YearlyGrade

STATE_COLOURS = (GREEN, AMBER, FLAG, GREY)


def _short(text, limit=9):
    return text if len(text) <= limit else text[: limit - 1] + "…"


def stacked_chart(key, rows, labels, colours=STATE_COLOURS):
    """One stacked bar per row (``(name, counts)``, counts in the order of ``labels``),
    each as wide as its total against the widest; the total at the right."""
    chart = ShapeChart(key=key)
    room = CHART_WIDTH - CHART_LABEL - CHART_RIGHT
    x = CHART_LABEL
    for label, colour in zip(labels, colours, strict=False):
        chart.rect(x, 6, 10, 10, colour)
        chart.text(x + 14, 15, label)
        x += 14 + 13 * len(label) + 14
    widest = max((sum(counts) for _name, counts in rows), default=0) or 1
    for index, (name, counts) in enumerate(rows):
        y = CHART_TOP + index * CHART_ROW
        chart.text(0, y + 12, _short(name))
        x = CHART_LABEL
        for count, colour, label in zip(counts, colours, labels, strict=False):
            width = count / widest * room
            if count:
                chart.rect(x, y, width, 14, colour, f"{name} {label} {count}")
            x += width
        chart.text(CHART_WIDTH - CHART_RIGHT + 6, y + 12, str(sum(counts)))
    chart.height = CHART_TOP + max(len(rows), 1) * CHART_ROW + 4
    return chart


def percent_chart(key, rows):
    """One bar per row (``(name, part, whole)``) on an axis from 0 to 100%."""
    chart = ShapeChart(key=key)
    room = CHART_WIDTH - CHART_LABEL - CHART_RIGHT
    for share, label in ((0, "0"), (0.5, "50%"), (1, "100%")):
        chart.text(CHART_LABEL + share * room, 16, label, anchor="middle")
    for index, (name, part, whole) in enumerate(rows):
        y = CHART_TOP + index * CHART_ROW
        chart.text(0, y + 12, _short(name))
        chart.rect(CHART_LABEL, y, room, 14, GREY)
        share = part / whole if whole else 0
        if part:
            chart.rect(CHART_LABEL, y, share * room, 14, SLATE, f"{name} {part}/{whole}")
        shown = f"{part * 100 // whole}%" if whole else "—"
        chart.text(CHART_WIDTH - CHART_RIGHT + 6, y + 12, f"{shown} ({part}/{whole})")
    chart.height = CHART_TOP + max(len(rows), 1) * CHART_ROW + 4
    return chart


def state_labels():
    return [_("按期完成"), _("逾期完成"), _("逾期未完成"), _("未到期")]


def report_labels():
    return [_("按时报送"), _("逾期报送"), _("逾期未报"), _("未到期")]


def show(figures):
    """The context the page and the PDF read: the figures, their dates, the charts."""
    workplan, reports, records = figures["workplan"], figures["reports"], figures["records"]
    task_rows = [
        (
            task["title"],
            [task["done_on_time"], task["done_late"], task["overdue"], task["not_yet_due"]],
        )
        for task in workplan["tasks"]
    ]
    month_rows = [
        (
            _("%(month)s月") % {"month": month["month"]},
            [month["on_time"], month["late"], month["overdue"], month["not_yet_due"]],
        )
        for month in reports["by_month"]
    ]
    summaries = reports["summaries"]
    if summaries["total"]:
        month_rows.append(
            (
                _("工作总结"),
                [
                    summaries["on_time"],
                    summaries["late"],
                    summaries["overdue"],
                    summaries["not_yet_due"],
                ],
            )
        )
    evaluation = figures["evaluation"]
    grades = []
    if evaluation:
        grades = [
            {"label": YearlyGrade(row["grade"]).label, "count": row["count"]}
            for row in evaluation["grades"]
        ]
    return {
        "figures": figures,
        "first_day": datetime.date.fromisoformat(figures["first_day"]),
        "last_day": datetime.date.fromisoformat(figures["last_day"]),
        "assembled_on": datetime.date.fromisoformat(figures["assembled_on"]),
        "confirmed_events": [
            event | {"occurred_on": datetime.date.fromisoformat(event["occurred_on"])}
            for event in figures["veto"]["events"]["confirmed_in_quarter"]
        ],
        "grades": grades,
        "workplan_chart": stacked_chart("workplan", task_rows, state_labels()),
        "reports_chart": stacked_chart("reports", month_rows, report_labels()),
        "records_chart": percent_chart(
            "records",
            [
                (_("廉洁承诺签订"), records["signed"], records["members"]),
                (_("廉政约谈"), records["talked"], records["talk_members"]),
                (_("本季度有科内学习的科室"), records["with_session"], records["departments"]),
            ],
        ),
    }
