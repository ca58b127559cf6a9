"""Computed criteria and grades: the arithmetic, exactly (docs/evaluation.md).

**A formula** turns one figure of a unit's records (a record kind's figure,
appraisal/records.py) into points by thresholds: the bands are
``[{"at_least": "95", "points": "5"}, {"at_least": "80", "points": "3"}]`` and a
unit gets the points of the highest threshold its figure reaches, 0 below them all.
A figure the records do not give (no records, or not a number) is 0 points, and the
basis says so. Points are in steps of 0.5, never above the criterion's points, and
a higher threshold never gives fewer points.

**Grades**: each grade of a yearly campaign covers totals from ``lower`` (inclusive)
to ``upper`` (exclusive; the best grade's upper bound, 100, is inclusive). The bands
must cover 0 to 100 without overlap or gap, a better grade higher up.

Pure functions: the services call ``clean_formula`` and ``clean_grade_bands`` before
they save, so the refusal is a Chinese sentence naming what is wrong.
"""

import itertools
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext

from appraisal.enums import YEARLY_GRADE_RANK, YearlyGrade
from appraisal.records import record_kind
from core.errors import DomainError

HALF = Decimal("0.5")
HUNDRED = Decimal("100")


def _decimal(value, message):
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise DomainError(message) from None
    if not number.is_finite():
        raise DomainError(message)
    return number


def _shown(number):
    """A Decimal as a person writes it: 5, 4.5 (not 5.0, nor 1E+1)."""
    return format(Decimal(number).normalize(), "f")


def clean_formula(*, criterion, kind, figure, bands):
    """The formula's bands, checked and normalised (highest threshold first, numbers
    as strings), or a ``DomainError`` saying what is wrong."""
    registered = record_kind(kind)
    if registered is None:
        raise DomainError(gettext("台账类型“%(kind)s”不存在。") % {"kind": kind}, field="kind")
    if figure not in registered.figures:
        raise DomainError(
            gettext("台账类型“%(kind)s”没有数据项“%(figure)s”。")
            % {"kind": registered.label, "figure": figure},
            field="figure",
        )
    if not bands:
        raise DomainError(gettext("请至少填写一个分档。"), field="bands")
    cleaned = []
    for number, band in enumerate(bands, start=1):
        at_least = _decimal(
            band.get("at_least", ""),
            gettext("第 %(n)s 档的门槛不是数字。") % {"n": number},
        )
        points = _decimal(
            band.get("points", ""),
            gettext("第 %(n)s 档的得分不是数字。") % {"n": number},
        )
        if points < 0 or points % HALF:
            raise DomainError(
                gettext("第 %(n)s 档的得分须为 0 或以上、以 0.5 分为单位。") % {"n": number},
                field="bands",
            )
        if points > criterion.points:
            raise DomainError(
                gettext("第 %(n)s 档得 %(points)s 分，超过了该评分项的分值 %(max)s 分。")
                % {"n": number, "points": points, "max": _shown(criterion.points)},
                field="bands",
            )
        cleaned.append((at_least, points))
    cleaned.sort(key=lambda band: band[0], reverse=True)
    for (higher, higher_points), (lower, lower_points) in itertools.pairwise(cleaned):
        if higher == lower:
            raise DomainError(
                gettext("门槛 %(at_least)s 填了两次。") % {"at_least": higher}, field="bands"
            )
        if higher_points < lower_points:
            raise DomainError(
                gettext("门槛 %(higher)s 的得分低于门槛 %(lower)s 的得分：门槛越高，得分不能越低。")
                % {"higher": higher, "lower": lower},
                field="bands",
            )
    return [{"at_least": str(at_least), "points": str(points)} for at_least, points in cleaned]


def figure_value(figures, figure):
    """The figure as a Decimal, or None when the records give none (or not a number)."""
    value = (figures or {}).get(figure)
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def formula_points(bands, value):
    """The points ``bands`` (cleaned, highest threshold first) give a figure ``value``
    (a Decimal, or None for no figure: 0 points)."""
    if value is None:
        return Decimal("0")
    for band in bands:
        if value >= Decimal(band["at_least"]):
            return Decimal(band["points"])
    return Decimal("0")


def clean_grade_bands(bands):
    """``bands`` is ``[(grade, lower, upper)]``; returns them best grade first, or a
    ``DomainError`` naming the overlap, the gap or the misplaced grade."""
    if not bands:
        raise DomainError(gettext("请至少设置一个等次。"))
    cleaned = []
    seen = set()
    for grade, lower, upper in bands:
        if grade not in YEARLY_GRADE_RANK:
            raise DomainError(gettext("等次“%(grade)s”不存在。") % {"grade": grade})
        if grade in seen:
            raise DomainError(
                gettext("等次“%(grade)s”设置了两次。") % {"grade": YearlyGrade(grade).label}
            )
        seen.add(grade)
        label = YearlyGrade(grade).label
        lower = _decimal(lower, gettext("等次“%(grade)s”的最低分不是数字。") % {"grade": label})
        upper = _decimal(upper, gettext("等次“%(grade)s”的最高分不是数字。") % {"grade": label})
        if not (0 <= lower < upper <= HUNDRED):
            raise DomainError(
                gettext("等次“%(grade)s”的分数段须在 0 到 100 之间，且最低分小于最高分。")
                % {"grade": label}
            )
        cleaned.append((YearlyGrade(grade), lower, upper))
    cleaned.sort(key=lambda band: YEARLY_GRADE_RANK[band[0]])
    if cleaned[0][2] != HUNDRED:
        raise DomainError(
            gettext("最高等次“%(grade)s”的分数段须到 100 分。") % {"grade": cleaned[0][0].label}
        )
    if cleaned[-1][1] != 0:
        raise DomainError(
            gettext("最低等次“%(grade)s”的分数段须从 0 分起。") % {"grade": cleaned[-1][0].label}
        )
    for (better, better_lower, _upper), (worse, _lower, worse_upper) in itertools.pairwise(cleaned):
        if worse_upper > better_lower:
            raise DomainError(
                gettext("等次“%(worse)s”与“%(better)s”的分数段重叠（%(lower)s 至 %(upper)s）。")
                % {
                    "worse": worse.label,
                    "better": better.label,
                    "lower": better_lower,
                    "upper": worse_upper,
                }
            )
        if worse_upper < better_lower:
            raise DomainError(
                gettext("等次“%(worse)s”与“%(better)s”之间有空档（%(upper)s 至 %(lower)s）。")
                % {
                    "worse": worse.label,
                    "better": better.label,
                    "lower": better_lower,
                    "upper": worse_upper,
                }
            )
    return cleaned


def grade_for(bands, total):
    """The grade whose band holds ``total`` (``bands`` as ``clean_grade_bands`` returns
    them, or GradeBand rows), or None when none does."""
    for band in bands:
        grade, lower, upper = (
            (band.grade, band.lower, band.upper) if hasattr(band, "grade") else band
        )
        if lower <= total < upper or (total == upper == HUNDRED):
            return YearlyGrade(grade)
    return None


def grade_at_least(grade, required):
    """Whether ``grade`` is ``required`` or better."""
    return YEARLY_GRADE_RANK[YearlyGrade(grade)] <= YEARLY_GRADE_RANK[YearlyGrade(required)]
