"""Charts drawn by the app itself: geometry computed here, rendered as inline SVG by
templates/appraisal/partials/standard_chart.html (no script, no CDN; colours in
qinglian.css, so the CSP holds)."""

import math
from dataclasses import dataclass, field

WIDTH = 460
LABEL_WIDTH = 96
VALUE_ROOM = 56
ROW_HEIGHT = 34
BAR_HEIGHT = 12
LEGEND_HEIGHT = 22


@dataclass(frozen=True)
class Bar:
    name: str
    points: object
    value: object
    average: object
    y: int
    value_width: float
    average_width: float

    @property
    def value_y(self):
        return self.y

    @property
    def average_y(self):
        return self.y + BAR_HEIGHT + 2

    @property
    def label_y(self):
        return self.y + BAR_HEIGHT + 1

    @property
    def value_text_y(self):
        return self.value_y + BAR_HEIGHT - 2

    @property
    def average_text_y(self):
        return self.average_y + BAR_HEIGHT - 2

    @property
    def value_text_x(self):
        return LABEL_WIDTH + self.value_width + 4

    @property
    def average_text_x(self):
        return LABEL_WIDTH + self.average_width + 4


def _width(value, points, room):
    if value is None or not points:
        return 0.0
    return round(float(value) / float(points) * room, 1)


def standard_chart(standards, subtotals, averages):
    """A department's standard subtotals against the campaign averages, one pair of
    bars per standard, each scaled to the standard's full points."""
    room = WIDTH - LABEL_WIDTH - VALUE_ROOM
    bars = [
        Bar(
            name=standard.name,
            points=standard.points,
            value=subtotal,
            average=average,
            y=LEGEND_HEIGHT + index * ROW_HEIGHT,
            value_width=_width(subtotal, standard.points, room),
            average_width=_width(average, standard.points, room),
        )
        for index, (standard, subtotal, average) in enumerate(
            zip(standards, subtotals, averages, strict=True)
        )
    ]
    return {
        "width": WIDTH,
        "height": LEGEND_HEIGHT + len(bars) * ROW_HEIGHT,
        "label_width": LABEL_WIDTH,
        "bar_height": BAR_HEIGHT,
        "bars": bars,
    }


# --- charts of shapes, drawn by templates/appraisal/partials/svg_chart.html ----------------------
# Colours are SVG presentation attributes (not style attributes: the CSP forbids those).

RED = "#8b1a1a"
GREY = "#adb5bd"
DARK = "#212529"
GREEN = "#198754"
AMBER = "#b8860b"
MUTED = "#6c757d"
FLAG = "#dc3545"
SLATE = "#495057"

CHART_WIDTH = 600
CHART_LABEL = 120
CHART_RIGHT = 90
CHART_ROW = 24
CHART_TOP = 28
CHART_BOTTOM = 22


@dataclass
class ShapeChart:
    """An SVG of rectangles, lines, circles and texts, drawn in the order they were added
    (each a dict of its attributes, ``kind`` naming the element)."""

    key: str
    width: int = CHART_WIDTH
    height: int = 0
    shapes: list = field(default_factory=list)

    def rect(self, x, y, width, height, fill, title=""):
        self.shapes.append(
            {"kind": "rect", "x": _r(x), "y": _r(y), "width": _r(max(width, 0))}
            | {"height": _r(height), "fill": fill, "title": title}
        )

    def line(self, x1, y1, x2, y2, stroke=DARK, *, dashed=False, width=1):
        self.shapes.append(
            {"kind": "line", "x1": _r(x1), "y1": _r(y1), "x2": _r(x2), "y2": _r(y2)}
            | {"stroke": stroke, "dashed": dashed, "width": width}
        )

    def circle(self, x, y, fill, title="", radius=4):
        self.shapes.append(
            {"kind": "circle", "cx": _r(x), "cy": _r(y), "r": radius, "fill": fill}
            | {"title": title}
        )

    def text(self, x, y, content, *, anchor="start", fill=DARK, bold=False):
        self.shapes.append(
            {"kind": "text", "x": _r(x), "y": _r(y), "content": content, "anchor": anchor}
            | {"fill": fill, "bold": bold}
        )


def _r(value):
    return round(float(value), 1)


def _short(text, limit=8):
    return text if len(text) <= limit else text[: limit - 1] + "…"


def progress_chart(members, summary, labels):
    """The review team's progress: one stacked bar for all and one per reviewer
    (submitted, unfinished, excused), each as wide as that row's reviews.

    ``labels``: the legend's words for submitted, unfinished and excused."""
    chart = ShapeChart(key="progress")
    room = CHART_WIDTH - CHART_LABEL - CHART_RIGHT
    colours = (GREEN, AMBER, MUTED)
    for index, (label, colour) in enumerate(zip(labels[:3], colours, strict=True)):
        x = CHART_LABEL + index * 90
        chart.rect(x, 6, 10, 10, colour)
        chart.text(x + 14, 15, label)
    rows = [(labels[3], summary)] + [
        (
            member.reviewer.name or member.reviewer.username,
            {"submitted": member.submitted, "assigned": member.assigned, "excused": member.excused},
        )
        for member in members
    ]
    widest = max((sum(counts.values()) for _, counts in rows), default=0) or 1
    for index, (name, counts) in enumerate(rows):
        y = CHART_TOP + index * CHART_ROW
        chart.text(0, y + 12, _short(name), bold=index == 0)
        x = CHART_LABEL
        for key, colour, label in zip(
            ("submitted", "assigned", "excused"), colours, labels, strict=False
        ):
            width = counts[key] / widest * room
            if counts[key]:
                chart.rect(x, y, width, 14, colour, f"{name} {label} {counts[key]}")
            x += width
        total = counts["submitted"] + counts["assigned"]
        chart.text(CHART_WIDTH - CHART_RIGHT + 6, y + 12, f"{counts['submitted']}/{total}")
    chart.height = CHART_TOP + len(rows) * CHART_ROW + 4
    return chart


def distribution_chart(distributions):
    """A box plot a criterion: lowest to highest score (whiskers), the quartiles (box),
    the median (bar) and the mean (dot), on an axis from 0 to the criterion's points."""
    chart = ShapeChart(key="distribution")
    room = CHART_WIDTH - CHART_LABEL - CHART_RIGHT
    for share, label in ((0, "0"), (0.5, "50%"), (1, "100%")):
        x = CHART_LABEL + share * room
        chart.text(x, 16, label, anchor="middle", fill=MUTED)
    bottom = CHART_TOP + len(distributions) * CHART_ROW
    for share in (0, 0.5, 1):
        x = CHART_LABEL + share * room
        chart.line(x, CHART_TOP - 6, x, bottom, GREY, dashed=share == 0.5)
    for index, distribution in enumerate(distributions):
        y = CHART_TOP + index * CHART_ROW
        middle = y + 7
        criterion = distribution.criterion
        chart.text(0, y + 11, f"{index + 1}. {_short(criterion.text, 7)}")
        if not distribution.scores:
            chart.text(CHART_LABEL + 4, y + 11, "—", fill=MUTED)
            continue
        points = float(criterion.points) or 1.0

        def at(value, points=points):
            return CHART_LABEL + float(value) / points * room

        chart.line(at(distribution.lowest), middle, at(distribution.highest), middle, DARK)
        for end in (distribution.lowest, distribution.highest):
            chart.line(at(end), y + 2, at(end), y + 12, DARK)
        low, high = at(distribution.lower_quartile), at(distribution.upper_quartile)
        chart.rect(
            low,
            y,
            max(high - low, 1.5),
            14,
            GREY,
            f"{criterion.text}: {distribution.lower_quartile}–{distribution.upper_quartile}",
        )
        chart.line(at(distribution.median), y, at(distribution.median), y + 14, RED, width=2)
        chart.circle(at(distribution.mean), middle, RED, f"{distribution.mean_shown}", radius=3)
        chart.text(CHART_WIDTH - CHART_RIGHT + 6, y + 11, f"n={distribution.count}", fill=MUTED)
    chart.height = bottom + 6
    return chart


def reviewer_chart(comparisons, threshold, flag_label):
    """Each reviewer's mean deviation from the other reviewers of the same applications
    (dot) with one standard deviation either side (line), on an axis centred on 0;
    dashed lines at ±``threshold``, flagged reviewers in red, bold and marked ``flag_label``."""
    chart = ShapeChart(key="reviewers")
    room = CHART_WIDTH - CHART_LABEL - CHART_RIGHT
    reach = float(threshold) * 2
    for comparison in comparisons:
        if comparison.mean_deviation is None:
            continue
        spread = float(comparison.deviation_spread or 0)
        reach = max(reach, abs(float(comparison.mean_deviation)) + spread)
    reach = float(math.ceil(reach / 10) * 10)

    def at(value):
        return CHART_LABEL + (float(value) + reach) / (2 * reach) * room

    bottom = CHART_TOP + max(len(comparisons), 1) * CHART_ROW
    for value in (-reach, -threshold, 0, threshold, reach):
        chart.text(at(value), 16, f"{value:+g}" if value else "0", anchor="middle", fill=MUTED)
        chart.line(
            at(value),
            CHART_TOP - 6,
            at(value),
            bottom,
            DARK if value == 0 else (FLAG if abs(value) == threshold else GREY),
            dashed=abs(value) == threshold,
        )
    for index, comparison in enumerate(comparisons):
        y = CHART_TOP + index * CHART_ROW
        middle = y + 7
        reviewer = comparison.reviewer
        colour = FLAG if comparison.flagged else SLATE
        chart.text(0, y + 11, _short(reviewer.name or reviewer.username), fill=colour)
        deviation = comparison.mean_deviation
        if deviation is None:
            chart.text(at(0) + 6, y + 11, "—", fill=MUTED)
            continue
        spread = comparison.deviation_spread
        if spread:
            chart.line(
                at(float(deviation) - float(spread)),
                middle,
                at(float(deviation) + float(spread)),
                middle,
                colour,
                width=2,
            )
        chart.circle(at(deviation), middle, colour, f"{comparison.mean_deviation_shown}")
        chart.text(
            CHART_WIDTH - CHART_RIGHT + 6,
            y + 11,
            f"{comparison.mean_deviation_shown:+}"
            + (f" {flag_label}" if comparison.flagged else ""),
            fill=colour,
            bold=comparison.flagged,
        )
    chart.height = bottom + 6
    return chart
