"""Charts drawn by the app itself: geometry computed here, rendered as inline SVG by
templates/appraisal/partials/standard_chart.html (no script, no CDN; colours in
qinglian.css, so the CSP holds)."""

from dataclasses import dataclass

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
