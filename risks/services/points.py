"""Risk points (廉政风险点): recorded, corrected, reviewed every year, retired; never deleted.

Who: the unit's head or contact (``risks.rules.keeps_records_of``), whoever calls.
Every change is a new history row (django-simple-history, credited with
``core.history.changed_by``); a review is a row of its own.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError
from core.history import changed_by
from core.i18n import full_date
from risks.enums import RiskGrade
from risks.models import RiskPoint, RiskReview

from .common import not_in_future, require_keeper, require_new, required_text


def _grade(value):
    if value not in RiskGrade.values:
        raise DomainError(_("请选择风险等级：一级、二级或三级。"), field="grade")
    return value


def _locked(point):
    return RiskPoint.objects.select_for_update().select_related("unit").get(pk=point.pk)


def _require_not_retired(point):
    if point.is_retired:
        raise DomainError(_("该风险点已停用，不能再修改或复核。"))


@transaction.atomic
def risk_point_add(*, unit, by, post, risk, grade, measure, recorded_on=None, submission_key=None):
    """Record a risk point of ``unit``: the post, the risk, its grade and the prevention
    measure. Refused unless ``by`` is the unit's head or contact, the unit is active
    and every field is filled in. ``submission_key``: a second post of the same form
    raises ``AlreadySubmittedError`` with the first point.

    Side effects: one RiskPoint with a history row.
    """
    require_keeper(by, unit)
    if not unit.active:
        raise DomainError(_("“%(unit)s”已停用，不能再登记风险点。") % {"unit": unit.name})
    values = {
        "post": required_text(post, _("岗位"), field="post")[:100],
        "risk": required_text(risk, _("风险描述"), field="risk"),
        "grade": _grade(grade),
        "measure": required_text(measure, _("防控措施"), field="measure"),
    }
    recorded_on = not_in_future(recorded_on or timezone.localdate(), _("登记日期"), field="")
    require_new(
        RiskPoint,
        by=by,
        submission_key=submission_key,
        repeated=_("该风险点已经登记过，没有重复登记。"),
    )
    point = RiskPoint(
        unit=unit,
        recorded_on=recorded_on,
        recorded_by=by,
        submission_key=submission_key,
        **values,
    )
    changed_by(point, by=by, reason=_("登记"))
    point.save()
    return point


@transaction.atomic
def risk_point_edit(*, point, by, post, risk, measure):
    """Correct a point's post, risk or measure (the grade changes only by a review, so
    its changes are on record). Refused for a retired point.

    Side effects: the row's fields, a history row with the earlier version kept.
    """
    require_keeper(by, point.unit)
    point = _locked(point)
    _require_not_retired(point)
    values = {
        "post": required_text(post, _("岗位"), field="post")[:100],
        "risk": required_text(risk, _("风险描述"), field="risk"),
        "measure": required_text(measure, _("防控措施"), field="measure"),
    }
    for name, value in values.items():
        setattr(point, name, value)
    changed_by(point, by=by, reason=_("修改"))
    point.save(update_fields=list(values))
    return point


@transaction.atomic
def risk_point_review(*, point, by, reviewed_on, outcome, grade, submission_key=None):
    """The yearly review of a point: the date, the outcome, the grade kept or changed.

    Refused unless ``by`` keeps the unit's records; for a retired point; for a date
    after today or before the point was recorded; without an outcome. More than one
    review in a year is allowed (each is kept); the point counts as reviewed in the
    year of ``reviewed_on``.

    Side effects: one RiskReview (grade before and after); the point's grade when it
    changed (a history row saying so).
    """
    require_keeper(by, point.unit)
    point = _locked(point)
    _require_not_retired(point)
    reviewed_on = not_in_future(reviewed_on, _("复核日期"), field="reviewed_on")
    if reviewed_on < point.recorded_on:
        raise DomainError(
            _("复核日期不能早于风险点的登记日期（%(date)s）。")
            % {"date": full_date(point.recorded_on)},
            field="reviewed_on",
        )
    outcome = required_text(outcome, _("复核意见"), field="outcome")
    grade = _grade(grade)
    require_new(
        RiskReview,
        by=by,
        submission_key=submission_key,
        repeated=_("该复核已经记录过，没有重复记录。"),
        author="reviewed_by_id",
    )
    review = RiskReview.objects.create(
        risk_point=point,
        reviewed_on=reviewed_on,
        year=reviewed_on.year,
        outcome=outcome,
        grade_before=point.grade,
        grade_after=grade,
        reviewed_by=by,
        submission_key=submission_key,
    )
    if grade != point.grade:
        point.grade = grade
        changed_by(point, by=by, reason=_("年度复核调整等级"))
        point.save(update_fields=["grade"])
    return review


@transaction.atomic
def risk_point_retire(*, point, by, reason, retired_on=None):
    """Retire a point no longer relevant (the post abolished, the risk removed), with a
    reason; it stays on record and in its years' counts. Refused when already retired,
    without a reason, or for a date after today or before the point was recorded.

    Side effects: ``retired_on``, ``retired_by``, ``retired_reason`` and a history row.
    """
    require_keeper(by, point.unit)
    point = _locked(point)
    if point.is_retired:
        raise DomainError(_("该风险点已经停用。"))
    reason = required_text(reason, _("停用理由"), field="reason")
    retired_on = not_in_future(retired_on or timezone.localdate(), _("停用日期"), field="")
    if retired_on < point.recorded_on:
        raise DomainError(_("停用日期不能早于风险点的登记日期。"))
    point.retired_on = retired_on
    point.retired_by = by
    point.retired_reason = reason
    changed_by(point, by=by, reason=_("停用"))
    point.save(update_fields=["retired_on", "retired_by", "retired_reason"])
    return point
