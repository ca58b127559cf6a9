"""Risk points (risks/services/points.py): who records them, what is refused, the yearly
review (the grade kept or changed), retiring, nothing deleted, one-time form keys."""

import datetime
import uuid

import pytest
from django.utils import timezone

from core.errors import AlreadySubmittedError, DomainError
from risks.models import RiskPoint, RiskReview
from risks.selectors import point_counts, points_not_reviewed, unit_points
from risks.services import points as services
from tests.risks.factories import review, risk_point

pytestmark = pytest.mark.django_db

FIELDS = {"post": "药品采购", "risk": "收受回扣", "grade": "1", "measure": "集体决策"}


def _add(unit, by, **overrides):
    return services.risk_point_add(unit=unit, by=by, **{**FIELDS, **overrides})


def test_contact_records_a_risk_point_of_their_unit(department_a, applicant_a):
    point = _add(department_a, applicant_a)
    assert (point.unit, point.post, point.grade, point.recorded_by) == (
        department_a,
        "药品采购",
        "1",
        applicant_a,
    )
    assert point.recorded_on == timezone.localdate()
    assert point.history.count() == 1


def test_head_records_a_risk_point_without_any_role(department_a, head_a):
    assert _add(department_a, head_a).recorded_by == head_a


@pytest.mark.parametrize("persona", ["applicant_b", "staff", "discipline_office", "party_office"])
def test_anyone_else_is_refused(request, department_a, persona):
    user = request.getfixturevalue(persona)
    with pytest.raises(DomainError, match="只有“心内科”的科室负责人或联络员"):
        _add(department_a, user)
    assert not RiskPoint.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("post", " ", "请填写岗位"),
        ("risk", "", "请填写风险描述"),
        ("measure", "", "请填写防控措施"),
        ("grade", "4", "请选择风险等级"),
        ("risk", "险" * 2001, "风险描述最多 2000 字"),
    ],
)
def test_a_point_without_what_it_needs_is_refused(department_a, applicant_a, field, value, message):
    with pytest.raises(DomainError, match=message) as refusal:
        _add(department_a, applicant_a, **{field: value})
    assert refusal.value.field == field
    assert not RiskPoint.objects.exists()


def test_a_retired_unit_takes_no_new_point(department_a, applicant_a):
    department_a.active = False
    department_a.save(update_fields=["active"])
    with pytest.raises(DomainError, match="已停用"):
        _add(department_a, applicant_a)


def test_the_same_form_posted_twice_makes_one_point(department_a, applicant_a):
    key = uuid.uuid4()
    first = _add(department_a, applicant_a, submission_key=key)
    with pytest.raises(AlreadySubmittedError) as repeat:
        _add(department_a, applicant_a, submission_key=key)
    assert repeat.value.existing == first
    assert RiskPoint.objects.count() == 1


def test_a_form_key_of_someone_else_is_refused(department_a, applicant_a, head_a):
    key = uuid.uuid4()
    _add(department_a, applicant_a, submission_key=key)
    with pytest.raises(DomainError, match="表单已失效"):
        _add(department_a, head_a, submission_key=key)


def test_edit_keeps_the_earlier_version_and_leaves_the_grade(department_a, applicant_a):
    point = _add(department_a, applicant_a)
    services.risk_point_edit(
        point=point, by=applicant_a, post="药品遴选", risk="指定品牌", measure="药事会集体决策"
    )
    point.refresh_from_db()
    assert (point.post, point.grade) == ("药品遴选", "1")
    assert [h.post for h in point.history.order_by("history_date")] == ["药品采购", "药品遴选"]


def test_review_keeps_the_grade_and_counts_for_its_year(department_a, applicant_a):
    point = _add(department_a, applicant_a)
    today = timezone.localdate()
    result = services.risk_point_review(
        point=point, by=applicant_a, reviewed_on=today, outcome="措施有效", grade="1"
    )
    assert (result.year, result.grade_before, result.grade_after) == (today.year, "1", "1")
    assert not result.grade_changed
    assert point_counts(department_a, today.year) == {"points": 1, "reviewed": 1}


def test_review_changes_the_grade_and_keeps_both(department_a, applicant_a):
    point = _add(department_a, applicant_a)
    result = services.risk_point_review(
        point=point,
        by=applicant_a,
        reviewed_on=timezone.localdate(),
        outcome="已实行集中采购，风险降低",
        grade="2",
    )
    point.refresh_from_db()
    assert (result.grade_before, result.grade_after, point.grade) == ("1", "2", "2")
    assert point.history.first().history_change_reason == "年度复核调整等级"


def test_reviewed_this_year_is_the_year_of_the_review_date(department_a, head_a):
    today = timezone.localdate()
    last_year = risk_point(department_a, recorded_on=datetime.date(today.year - 2, 1, 5))
    this_year = risk_point(department_a, post="设备采购", recorded_on=last_year.recorded_on)
    review(last_year, datetime.date(today.year - 1, 12, 31))
    review(this_year, datetime.date(today.year, 1, 1))
    rows = {p.post: p.reviewed for p in unit_points(department_a)}
    assert rows == {"药品采购": False, "设备采购": True}
    assert point_counts(department_a, today.year) == {"points": 2, "reviewed": 1}
    assert point_counts(department_a, today.year - 1) == {"points": 2, "reviewed": 1}
    assert list(points_not_reviewed([department_a], today.year)) == [last_year]


@pytest.mark.parametrize(
    ("days", "message"),
    [(1, "复核日期不能晚于今天"), (-400, "复核日期不能早于风险点的登记日期")],
)
def test_review_dated_after_today_or_before_the_point_is_refused(
    department_a, applicant_a, days, message
):
    point = _add(department_a, applicant_a)
    RiskPoint.objects.filter(pk=point.pk).update(
        recorded_on=timezone.localdate() - datetime.timedelta(days=10)
    )
    with pytest.raises(DomainError, match=message):
        services.risk_point_review(
            point=point,
            by=applicant_a,
            reviewed_on=timezone.localdate() + datetime.timedelta(days=days),
            outcome="维持",
            grade="1",
        )
    assert not RiskReview.objects.exists()


def test_review_needs_an_outcome_and_the_keeper(department_a, applicant_a, applicant_b):
    point = _add(department_a, applicant_a)
    today = timezone.localdate()
    with pytest.raises(DomainError, match="请填写复核意见"):
        services.risk_point_review(
            point=point, by=applicant_a, reviewed_on=today, outcome=" ", grade="1"
        )
    with pytest.raises(DomainError, match="只有“心内科”的科室负责人或联络员"):
        services.risk_point_review(
            point=point, by=applicant_b, reviewed_on=today, outcome="维持", grade="1"
        )
    assert not RiskReview.objects.exists()


def test_the_same_review_form_posted_twice_makes_one_review(department_a, applicant_a):
    point = _add(department_a, applicant_a)
    key = uuid.uuid4()
    values = {"reviewed_on": timezone.localdate(), "outcome": "维持", "grade": "1"}
    services.risk_point_review(point=point, by=applicant_a, submission_key=key, **values)
    with pytest.raises(AlreadySubmittedError):
        services.risk_point_review(point=point, by=applicant_a, submission_key=key, **values)
    assert RiskReview.objects.count() == 1


def test_retire_keeps_the_point_with_its_reason(department_a, applicant_a):
    point = _add(department_a, applicant_a)
    services.risk_point_retire(point=point, by=applicant_a, reason="岗位撤销")
    point.refresh_from_db()
    assert (point.retired_on, point.retired_by, point.retired_reason) == (
        timezone.localdate(),
        applicant_a,
        "岗位撤销",
    )
    assert RiskPoint.objects.filter(pk=point.pk).exists()
    assert point_counts(department_a, timezone.localdate().year)["points"] == 0


def test_retire_needs_a_reason_and_happens_once(department_a, applicant_a):
    point = _add(department_a, applicant_a)
    with pytest.raises(DomainError, match="请填写停用理由"):
        services.risk_point_retire(point=point, by=applicant_a, reason="")
    services.risk_point_retire(point=point, by=applicant_a, reason="岗位撤销")
    with pytest.raises(DomainError, match="已经停用"):
        services.risk_point_retire(point=point, by=applicant_a, reason="再次")


def test_a_retired_point_is_neither_edited_nor_reviewed(department_a, applicant_a):
    point = _add(department_a, applicant_a)
    services.risk_point_retire(point=point, by=applicant_a, reason="岗位撤销")
    with pytest.raises(DomainError, match="已停用"):
        services.risk_point_edit(point=point, by=applicant_a, post="x", risk="y", measure="z")
    with pytest.raises(DomainError, match="已停用"):
        services.risk_point_review(
            point=point,
            by=applicant_a,
            reviewed_on=timezone.localdate(),
            outcome="维持",
            grade="1",
        )
