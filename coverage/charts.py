"""The coverage's trend, drawn by the app itself as appraisal's charts are
(``appraisal.charts.ShapeChart``, rendered by templates/appraisal/partials/svg_chart.html:
no script, no style attribute, so the CSP holds)."""

from appraisal.charts import DARK, GREEN, GREY, MUTED, RED, ShapeChart

WIDTH = 600
LEFT = 44
RIGHT = 16
TOP = 26
PLOT = 180
BOTTOM = 40


def trend_chart(trend, *, target_year, labels):
    """Cumulative coverage per year: one bar per year from the start year to this year
    (the share of that year's base covered), an empty slot for each year left up to the
    target year, and a dashed line at 100 % (the target).

    ``labels``: the words for the target line, a bar's tooltip (``%(year)s``,
    ``%(covered)s``, ``%(base)s``, ``%(share)s``) and a year still to come."""
    last = max(target_year, trend[-1].year if trend else target_year)
    first = trend[0].year if trend else target_year
    years = list(range(first, last + 1))
    chart = ShapeChart(key="coverage-trend", width=WIDTH)
    room = WIDTH - LEFT - RIGHT
    slot = room / max(len(years), 1)
    bar = min(slot * 0.6, 48)
    bottom = TOP + PLOT

    def y_of(percent):
        return bottom - float(percent) / 100 * PLOT

    for percent in (0, 25, 50, 75, 100):
        y = y_of(percent)
        chart.line(
            LEFT, y, WIDTH - RIGHT, y, RED if percent == 100 else GREY, dashed=percent == 100
        )
        chart.text(LEFT - 6, y + 4, f"{percent}%", anchor="end", fill=MUTED)
    chart.text(WIDTH - RIGHT, y_of(100) - 6, labels["target"], anchor="end", fill=RED)
    by_year = {point.year: point for point in trend}
    for index, year in enumerate(years):
        middle = LEFT + slot * index + slot / 2
        point = by_year.get(year)
        if point is not None and point.share is not None:
            height = float(point.share) / 100 * PLOT
            chart.rect(
                middle - bar / 2,
                bottom - height,
                bar,
                height,
                GREEN,
                labels["bar"]
                % {
                    "year": year,
                    "covered": point.covered,
                    "base": point.base,
                    "share": point.share,
                },
            )
            chart.text(middle, bottom - height - 4, f"{point.share}%", anchor="middle")
        elif point is None:
            chart.rect(middle - bar / 2, bottom - 2, bar, 2, GREY, labels["future"])
        chart.text(
            middle, bottom + 16, str(year), anchor="middle", fill=DARK, bold=year == target_year
        )
        if point is not None:
            chart.text(
                middle, bottom + 30, f"{point.covered}/{point.base}", anchor="middle", fill=MUTED
            )
    chart.height = bottom + BOTTOM
    return chart
