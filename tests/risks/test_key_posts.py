"""Key-post holdings (risks/services/key_posts.py): a person of the unit only, no
overlapping holdings of the same post by the same person, rotation and end, the list of
posts the keepers extend; the warnings against the hospital's limit (risks.selectors)."""

import datetime
import uuid

import pytest
from django.utils import timezone

from core.errors import AlreadySubmittedError, DomainError
from risks.enums import HoldingEnd, RotationStatus
from risks.models import KeyPost, KeyPostHolding
from risks.rotation import add_years
from risks.selectors import holdings_reaching, rotation_list, unit_holdings
from risks.services import key_posts as services
from tests.factories import DepartmentFactory, PersonFactory
from tests.risks.factories import holding, key_post, set_rotation_limit

pytestmark = pytest.mark.django_db

D = datetime.date
START = D(2024, 5, 1)


@pytest.fixture
def nurse_a(department_a):
    return PersonFactory(department=department_a, name="护士甲")


def _add(unit, by, person, since=START, **others):
    others.setdefault("post", key_post())
    return services.holding_add(unit=unit, by=by, person=person, since=since, **others)


def test_contact_records_a_holder_of_their_unit(department_a, applicant_a, nurse_a):
    held = _add(department_a, applicant_a, nurse_a)
    assert (held.unit, held.person, held.post.name, held.since, held.until) == (
        department_a,
        nurse_a,
        "设备采购",
        D(2024, 5, 1),
        None,
    )


def test_a_person_of_a_clean_team_of_the_unit_may_hold_its_post(department_a, applicant_a):
    team = DepartmentFactory(code="A01T", name="心内科清廉团队", parent=department_a)
    assert _add(department_a, applicant_a, PersonFactory(department=team)).unit == department_a


def test_a_person_of_another_department_is_refused_by_name(department_a, department_b, applicant_a):
    other = PersonFactory(department=department_b, name="王五")
    with pytest.raises(DomainError) as refusal:
        _add(department_a, applicant_a, other)
    assert refusal.value.message == (
        "王五是“骨科”的人员，不在“心内科”的人员名单上；只能登记本科室人员。"
    )
    assert refusal.value.field == "person"
    assert not KeyPostHolding.objects.exists()


def test_a_person_no_longer_in_post_is_refused(department_a, applicant_a, nurse_a):
    nurse_a.active = False
    nurse_a.save(update_fields=["active"])
    with pytest.raises(DomainError, match="已不在职"):
        _add(department_a, applicant_a, nurse_a)


def test_someone_who_does_not_keep_the_unit_is_refused(department_a, applicant_b, nurse_a):
    with pytest.raises(DomainError, match="只有“心内科”的科室负责人或联络员"):
        _add(department_a, applicant_b, nurse_a)


def test_a_start_after_today_is_refused(department_a, applicant_a, nurse_a):
    with pytest.raises(DomainError, match="上岗日期不能晚于今天"):
        _add(department_a, applicant_a, nurse_a, since=timezone.localdate() + datetime.timedelta(1))


def test_overlapping_holding_of_the_same_post_by_the_same_person_is_refused(
    department_a, applicant_a, nurse_a
):
    _add(department_a, applicant_a, nurse_a, since=D(2024, 5, 1))
    with pytest.raises(DomainError) as refusal:
        _add(department_a, applicant_a, nurse_a, since=D(2025, 1, 1))
    assert refusal.value.message == (
        "护士甲已有“设备采购”的在岗记录（自2024年5月1日起在岗），与所填期间重叠。"
    )
    assert KeyPostHolding.objects.count() == 1


def test_overlap_with_an_ended_holding_is_refused_and_after_it_allowed(
    department_a, applicant_a, nurse_a
):
    holding(department_a, person=nurse_a, since=D(2019, 1, 1), until=D(2022, 6, 30))
    with pytest.raises(DomainError, match="2019年1月1日至2022年6月30日在岗"):
        _add(department_a, applicant_a, nurse_a, since=D(2022, 6, 30))
    assert _add(department_a, applicant_a, nurse_a, since=D(2022, 7, 1)).since == D(2022, 7, 1)


def test_the_same_person_may_hold_two_different_posts(department_a, applicant_a, nurse_a):
    _add(department_a, applicant_a, nurse_a)
    _add(department_a, applicant_a, nurse_a, post=key_post("药品采购"))
    assert KeyPostHolding.objects.filter(person=nurse_a).count() == 2


def test_a_new_post_name_extends_the_list(department_a, applicant_a, nurse_a):
    held = _add(department_a, applicant_a, nurse_a, post=None, new_post_name="介入耗材管理")
    assert held.post.name == "介入耗材管理"
    assert KeyPost.objects.get(name="介入耗材管理").added_by == applicant_a


def test_a_post_is_required(department_a, applicant_a, nurse_a):
    with pytest.raises(DomainError, match="请选择重点岗位"):
        _add(department_a, applicant_a, nurse_a, post=None)


def test_the_default_posts_of_seed_004_are_listed(db):
    names = set(KeyPost.objects.values_list("name", flat=True))
    assert {"设备采购", "药品采购", "总务物资管理", "基建工程", "招标采购"} <= names


def test_the_same_form_posted_twice_makes_one_holding(department_a, applicant_a, nurse_a):
    key = uuid.uuid4()
    first = _add(department_a, applicant_a, nurse_a, submission_key=key)
    with pytest.raises(AlreadySubmittedError) as repeat:
        _add(department_a, applicant_a, nurse_a, submission_key=key)
    assert repeat.value.existing == first


def test_rotation_ends_the_holding_and_starts_the_successors(department_a, applicant_a, nurse_a):
    held = _add(department_a, applicant_a, nurse_a)
    successor = PersonFactory(department=department_a)
    today = timezone.localdate()
    new = services.holding_rotate(holding=held, by=applicant_a, successor=successor, on=today)
    held.refresh_from_db()
    assert (held.until, held.end_kind, held.ended_by) == (today, HoldingEnd.ROTATED, applicant_a)
    assert (new.person, new.post, new.since, new.succeeds) == (successor, held.post, today, held)


def test_rotation_to_another_department_or_to_the_holder_is_refused(
    department_a, department_b, applicant_a, nurse_a
):
    held = _add(department_a, applicant_a, nurse_a)
    today = timezone.localdate()
    with pytest.raises(DomainError, match="不在“心内科”的人员名单上"):
        services.holding_rotate(
            holding=held, by=applicant_a, successor=PersonFactory(department=department_b), on=today
        )
    with pytest.raises(DomainError, match="轮岗须由其他人员接任"):
        services.holding_rotate(holding=held, by=applicant_a, successor=nurse_a, on=today)
    held.refresh_from_db()
    assert held.until is None
    assert KeyPostHolding.objects.count() == 1


def test_end_needs_a_date_not_before_the_start_and_ends_once(department_a, applicant_a, nurse_a):
    held = _add(department_a, applicant_a, nurse_a, since=D(2024, 5, 1))
    with pytest.raises(DomainError, match="离岗日期不能早于上岗日期"):
        services.holding_end(holding=held, by=applicant_a, until=D(2024, 4, 30))
    with pytest.raises(DomainError, match="请填写说明"):
        services.holding_end(
            holding=held, by=applicant_a, until=D(2025, 1, 1), kind=HoldingEnd.OTHER
        )
    services.holding_end(holding=held, by=applicant_a, until=D(2025, 1, 1))
    with pytest.raises(DomainError, match="已于2025年1月1日结束"):
        services.holding_end(holding=held, by=applicant_a, until=D(2025, 2, 1))
    held.refresh_from_db()
    assert (held.until, held.end_kind) == (D(2025, 1, 1), HoldingEnd.LEFT)


def _statuses(unit, today, limit=None):
    return {h.person.name: h.rotation for h in unit_holdings(unit, today=today, limit=limit)}


def test_rotation_status_in_the_lists_follows_the_rule(department_a):
    today = D(2027, 2, 28)
    for name, since in (
        ("闰日", D(2022, 2, 28)),  # 5 years: reached on 2027-02-28, today
        ("明日", D(2022, 3, 1)),  # reaches tomorrow: due soon
        ("半年", D(2022, 8, 28)),  # 2027-08-28: exactly six months, due soon
        ("半年后", D(2022, 8, 29)),
    ):
        holding(department_a, person=PersonFactory(department=department_a, name=name), since=since)
    holding(
        department_a,
        person=PersonFactory(department=department_a, name="已离岗"),
        since=D(2010, 1, 1),
        until=D(2015, 1, 1),
    )
    assert _statuses(department_a, today, limit=5) == {
        "闰日": RotationStatus.REACHED,
        "明日": RotationStatus.DUE_SOON,
        "半年": RotationStatus.DUE_SOON,
        "半年后": RotationStatus.WITHIN,
        "已离岗": RotationStatus.ENDED,
    }


def test_a_29_february_start_reaches_the_three_year_limit_on_28_february(department_a, admin_user):
    person = PersonFactory(department=department_a, name="闰日")
    holding(department_a, person=person, since=D(2024, 2, 29))
    set_rotation_limit(3, admin_user)
    assert _statuses(department_a, D(2027, 2, 27)) == {"闰日": RotationStatus.DUE_SOON}
    assert _statuses(department_a, D(2027, 2, 28)) == {"闰日": RotationStatus.REACHED}


def test_the_hospitals_setting_moves_the_warning(department_a, admin_user):
    today = timezone.localdate()
    holding(
        department_a,
        person=PersonFactory(department=department_a, name="甲"),
        since=add_years(today, -3),
    )
    assert _statuses(department_a, today) == {"甲": RotationStatus.WITHIN}
    set_rotation_limit(3, admin_user)
    assert _statuses(department_a, today) == {"甲": RotationStatus.REACHED}
    set_rotation_limit(4, admin_user)
    assert _statuses(department_a, today) == {"甲": RotationStatus.WITHIN}


def test_rotation_list_and_warnings_hold_only_current_holdings(department_a, department_b):
    today = timezone.localdate()
    past = holding(department_a, since=add_years(today, -6))
    holding(department_a, since=add_years(today, -7), until=add_years(today, -1))
    soon = holding(department_b, since=add_years(today, -5) + datetime.timedelta(days=30))
    assert [h.pk for h in rotation_list()] == [past.pk, soon.pk]
    assert list(holdings_reaching(statuses=[RotationStatus.REACHED])) == [past]
    assert list(holdings_reaching([department_b], statuses=[RotationStatus.REACHED])) == []
