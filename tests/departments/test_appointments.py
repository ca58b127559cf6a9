"""Appointing people to posts and removing them: departments.services.appointments."""

import pytest
from guardian.shortcuts import assign_perm

from accounts.roles import Role, has_role
from core.errors import DomainError
from departments.models import Appointment, Department, PartyBranch, Post
from departments.rules import is_applicant_of
from departments.services import appoint, appointment_remove, posts_end_on_move
from tests.factories import DepartmentFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def _person(department, username=None, **options):
    user = UserFactory(username=username) if username else None
    return PersonFactory(department=department, user=user, **options)


def _fresh(user):
    """The user as a new request reads it (roles and grants are cached on the object)."""
    return type(user).objects.get(pk=user.pk)


def _counts():
    return (
        Appointment.objects.count(),
        Department.history.count(),
        PartyBranch.history.count(),
    )


# --- contacts -------------------------------------------------------------------------------


def test_appoint_contact_gives_the_grant_and_the_applicant_group(party_office, department_a):
    person = _person(department_a, "contact_a")

    appointment = appoint(
        person=person,
        post=Post.CONTACT,
        department=department_a,
        by=party_office,
        reason="科室推荐",
    )

    user = _fresh(person.user)
    assert is_applicant_of(user, department_a)
    assert has_role(user, Role.APPLICANT)
    assert (appointment.appointed_by, appointment.reason, appointment.removed_at) == (
        party_office,
        "科室推荐",
        None,
    )
    assert appointment.department == department_a


def test_appoint_contact_by_the_administrator(admin_user, department_a):
    person = _person(department_a, "contact_a")
    appoint(person=person, post=Post.CONTACT, department=department_a, by=admin_user)
    assert is_applicant_of(_fresh(person.user), department_a)


@pytest.mark.parametrize("persona", ["discipline_office", "leading_group", "applicant_a", "staff"])
def test_appoint_refused_to_anyone_but_the_administrator_and_the_party_office(
    request, persona, department_a
):
    by = request.getfixturevalue(persona)
    person = _person(department_a, "contact_a")
    before = _counts()

    with pytest.raises(DomainError) as refused:
        appoint(person=person, post=Post.CONTACT, department=department_a, by=by)

    assert refused.value.message == "只有系统管理员和党办可以任免职务。"
    assert _counts() == before
    assert not is_applicant_of(_fresh(person.user), department_a)


def test_appoint_refuses_someone_without_an_account(party_office, department_a):
    person = _person(department_a, employee_number="E100", name="王五")

    with pytest.raises(DomainError) as refused:
        appoint(person=person, post=Post.CONTACT, department=department_a, by=party_office)

    assert refused.value.message == (
        "王五（E100）还没有登录账号，请先为其开通账号，再任命为科室联络员。"
    )
    assert not Appointment.objects.exists()


def test_appoint_refuses_someone_who_has_left(party_office, department_a):
    person = _person(department_a, "gone", employee_number="E101", name="赵六", active=False)

    with pytest.raises(DomainError) as refused:
        appoint(person=person, post=Post.REVIEWER, by=party_office)

    assert refused.value.message == "赵六（E101）已离职（在职＝否），不能任命。"
    assert not Appointment.objects.exists()
    assert not has_role(_fresh(person.user), Role.REVIEWER)


def test_appoint_refuses_a_head_who_has_left(party_office, department_a):
    person = _person(department_a, active=False, employee_number="E102", name="钱七")
    with pytest.raises(DomainError, match="已离职"):
        appoint(person=person, post=Post.HEAD, department=department_a, by=party_office)
    department_a.refresh_from_db()
    assert department_a.head is None


def test_appoint_refuses_a_deactivated_account(party_office, department_a):
    person = _person(department_a, "closed", employee_number="E103", name="孙八")
    person.user.is_active = False
    person.user.save(update_fields=["is_active"])
    with pytest.raises(DomainError) as refused:
        appoint(person=person, post=Post.PARTY_OFFICE, by=party_office)
    assert refused.value.message == "孙八（E103）的登录账号已停用，请先启用账号，再任命。"
    assert not Appointment.objects.exists()


def test_appoint_twice_is_refused_and_changes_nothing(party_office, department_a):
    person = _person(department_a, "contact_a", employee_number="E104", name="周九")
    appoint(person=person, post=Post.CONTACT, department=department_a, by=party_office)
    before = _counts()

    with pytest.raises(DomainError) as refused:
        appoint(person=person, post=Post.CONTACT, department=department_a, by=party_office)

    assert refused.value.message == "周九（E104）已是心内科的科室联络员，未重复任命。"
    assert _counts() == before


def test_appoint_a_hospital_role_twice_is_refused(party_office, department_a):
    person = _person(department_a, "rev", employee_number="E105", name="吴十")
    appoint(person=person, post=Post.REVIEWER, by=party_office)
    with pytest.raises(DomainError) as refused:
        appoint(person=person, post=Post.REVIEWER, by=party_office)
    assert refused.value.message == "吴十（E105）已是党办评审人员，未重复任命。"
    assert Appointment.objects.count() == 1


def test_a_contact_speaks_for_one_department_only(party_office, department_a, department_b):
    person = _person(department_a, "contact_a", employee_number="E106", name="郑一")
    appoint(person=person, post=Post.CONTACT, department=department_a, by=party_office)

    with pytest.raises(DomainError) as refused:
        appoint(person=person, post=Post.CONTACT, department=department_b, by=party_office)

    assert refused.value.message == (
        "郑一（E106）已是心内科的科室联络员；一人只能担任一个科室的联络员，请先免去原任命。"
    )
    assert not is_applicant_of(_fresh(person.user), department_b)


def test_appoint_a_unit_post_needs_a_department(party_office, department_a):
    person = _person(department_a, "contact_a")
    with pytest.raises(DomainError) as refused:
        appoint(person=person, post=Post.CONTACT, by=party_office)
    assert (refused.value.message, refused.value.field) == ("请选择科室。", "department")


def test_appoint_refuses_a_retired_department(party_office, department_a):
    retired = DepartmentFactory(code="R01", name="旧科室", active=False)
    person = _person(department_a, "contact_a")
    with pytest.raises(DomainError) as refused:
        appoint(person=person, post=Post.CONTACT, department=retired, by=party_office)
    assert refused.value.message == "科室“旧科室”已停用，不能任命。"


def test_remove_contact_takes_the_grant_and_the_group_back(party_office, department_a):
    person = _person(department_a, "contact_a")
    appointment = appoint(
        person=person, post=Post.CONTACT, department=department_a, by=party_office
    )

    appointment_remove(appointment=appointment, by=party_office, reason="工作调整")

    appointment.refresh_from_db()
    assert (appointment.removed_by, appointment.removal_reason) == (party_office, "工作调整")
    assert appointment.removed_at is not None
    user = _fresh(person.user)
    assert not is_applicant_of(user, department_a)
    assert not has_role(user, Role.APPLICANT)


def test_remove_needs_a_reason(party_office, department_a):
    person = _person(department_a, "contact_a")
    appointment = appoint(
        person=person, post=Post.CONTACT, department=department_a, by=party_office
    )
    with pytest.raises(DomainError) as refused:
        appointment_remove(appointment=appointment, by=party_office, reason="  ")
    assert (refused.value.message, refused.value.field) == ("请填写免去的原因。", "reason")
    appointment.refresh_from_db()
    assert appointment.is_current
    assert is_applicant_of(_fresh(person.user), department_a)


def test_remove_twice_is_refused(party_office, department_a):
    person = _person(department_a, "contact_a", employee_number="E107", name="王二")
    appointment = appoint(
        person=person, post=Post.CONTACT, department=department_a, by=party_office
    )
    appointment_remove(appointment=appointment, by=party_office, reason="工作调整")
    with pytest.raises(DomainError) as refused:
        appointment_remove(appointment=appointment, by=party_office, reason="再免一次")
    assert refused.value.message == "王二（E107）的这项任命已于之前免去，无需再次免去。"
    appointment.refresh_from_db()
    assert appointment.removal_reason == "工作调整"


def test_remove_refused_to_anyone_but_the_appointers(party_office, discipline_office, department_a):
    person = _person(department_a, "contact_a")
    appointment = appoint(
        person=person, post=Post.CONTACT, department=department_a, by=party_office
    )
    with pytest.raises(DomainError, match="只有系统管理员和党办可以任免职务"):
        appointment_remove(appointment=appointment, by=discipline_office, reason="工作调整")
    appointment.refresh_from_db()
    assert appointment.is_current


# --- heads ----------------------------------------------------------------------------------


def test_appoint_head_sets_the_head_without_an_account(party_office, department_a):
    person = _person(department_a, name="钱主任")

    appointment = appoint(person=person, post=Post.HEAD, department=department_a, by=party_office)

    department_a.refresh_from_db()
    assert department_a.head == person
    assert department_a.history.first().history_user == party_office
    assert appointment.post == Post.HEAD


def test_appoint_head_does_not_give_the_applicant_grant(party_office, department_a):
    person = _person(department_a, "head")
    appoint(person=person, post=Post.HEAD, department=department_a, by=party_office)
    assert not is_applicant_of(_fresh(person.user), department_a)


def test_a_new_head_replaces_the_old_one_on_the_record(party_office, department_a):
    old = _person(department_a, name="老主任")
    new = _person(department_a, name="新主任", employee_number="E200")
    first = appoint(person=old, post=Post.HEAD, department=department_a, by=party_office)

    appoint(person=new, post=Post.HEAD, department=department_a, by=party_office)

    first.refresh_from_db()
    assert first.removal_reason == "由新主任（E200）接任"
    assert first.removed_by == party_office
    department_a.refresh_from_db()
    assert department_a.head == new
    assert Appointment.objects.current().filter(post=Post.HEAD).get().person == new


def test_remove_head_empties_the_post(party_office, department_a):
    person = _person(department_a)
    appointment = appoint(person=person, post=Post.HEAD, department=department_a, by=party_office)
    appointment_remove(appointment=appointment, by=party_office, reason="退休")
    department_a.refresh_from_db()
    assert department_a.head is None


# --- branch secretaries ------------------------------------------------------------------------


def test_appoint_branch_secretary_sets_the_secretary_and_the_group(party_office, department_a):
    person = _person(department_a, "sec")
    branch = department_a.party_branch

    appoint(person=person, post=Post.BRANCH_SECRETARY, party_branch=branch, by=party_office)

    branch.refresh_from_db()
    assert branch.secretary == person
    assert has_role(_fresh(person.user), Role.BRANCH_SECRETARY)


def test_appoint_branch_secretary_needs_a_branch(party_office, department_a):
    person = _person(department_a, "sec")
    with pytest.raises(DomainError) as refused:
        appoint(person=person, post=Post.BRANCH_SECRETARY, by=party_office)
    assert (refused.value.message, refused.value.field) == ("请选择党支部。", "party_branch")


def test_remove_branch_secretary_takes_the_post_and_the_group(party_office, department_a):
    person = _person(department_a, "sec")
    branch = department_a.party_branch
    appointment = appoint(
        person=person, post=Post.BRANCH_SECRETARY, party_branch=branch, by=party_office
    )

    appointment_remove(appointment=appointment, by=party_office, reason="换届")

    branch.refresh_from_db()
    assert branch.secretary is None
    assert not has_role(_fresh(person.user), Role.BRANCH_SECRETARY)


# --- the hospital's roles -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "post",
    [
        Post.REVIEWER,
        Post.LEADING_GROUP,
        Post.PARTY_COMMITTEE,
        Post.DISCIPLINE_OFFICE,
        Post.PARTY_OFFICE,
    ],
)
def test_appoint_and_remove_a_hospital_role(party_office, department_a, post):
    person = _person(department_a, "holder")

    appointment = appoint(person=person, post=post, by=party_office, reason="院党委会议决定")
    assert has_role(_fresh(person.user), Role(post.value))

    appointment_remove(appointment=appointment, by=party_office, reason="任期届满")
    assert not has_role(_fresh(person.user), Role(post.value))


def test_appoint_an_administrator_opens_the_admin_site(admin_user, department_a):
    person = _person(department_a, "admin2")
    appoint(person=person, post=Post.ADMIN, by=admin_user)
    user = _fresh(person.user)
    assert has_role(user, Role.ADMIN)
    assert user.is_staff


def test_the_last_administrator_cannot_be_removed(admin_user):
    appointment = appoint(person=admin_user.person, post=Post.ADMIN, by=None, reason="安装")
    # appointing someone who already holds the group records the holding
    assert Appointment.objects.current().filter(post=Post.ADMIN).count() == 1

    with pytest.raises(DomainError) as refused:
        appointment_remove(appointment=appointment, by=admin_user, reason="离开信息科")

    assert refused.value.message == (
        "不能免去最后一名系统管理员：请先任命另一名系统管理员，再免去系统管理员（"
        f"{admin_user.person.employee_number}）。"
    )
    appointment.refresh_from_db()
    assert appointment.is_current
    assert has_role(_fresh(admin_user), Role.ADMIN)


def test_an_administrator_is_removed_when_another_remains(admin_user, department_a):
    other = _person(department_a, "admin2")
    appoint(person=other, post=Post.ADMIN, by=admin_user)
    mine = appoint(person=admin_user.person, post=Post.ADMIN, by=admin_user)

    appointment_remove(appointment=mine, by=_fresh(other.user), reason="调任")

    user = _fresh(admin_user)
    assert not has_role(user, Role.ADMIN)
    assert not user.is_staff


# --- moving department ----------------------------------------------------------------------


def test_moving_out_ends_the_headship_and_the_contact_grant(
    party_office, department_a, department_b
):
    contact = _person(department_a, "contact_a")
    head = _person(department_a, "head_a2")
    as_contact = appoint(
        person=contact, post=Post.CONTACT, department=department_a, by=party_office
    )
    as_head = appoint(person=head, post=Post.HEAD, department=department_a, by=party_office)

    for person in (contact, head):
        person.department = department_b
        person.save(update_fields=["department"])
        posts_end_on_move(person=person, old_department=department_a, by=party_office)

    for appointment in (as_contact, as_head):
        appointment.refresh_from_db()
        assert appointment.removal_reason == "调离原科室心内科"
        assert appointment.removed_by == party_office
    department_a.refresh_from_db()
    assert department_a.head is None
    assert not is_applicant_of(_fresh(contact.user), department_a)
    assert not has_role(_fresh(contact.user), Role.APPLICANT)


def test_moving_out_takes_back_a_grant_given_before_appointments_were_recorded(
    applicant_a, department_a, department_b
):
    person = applicant_a.person
    person.department = department_b
    person.save(update_fields=["department"])

    posts_end_on_move(person=person, old_department=department_a, by=None)

    assert not is_applicant_of(_fresh(applicant_a), department_a)


def test_moving_out_leaves_other_posts_alone(party_office, department_a, department_b):
    person = _person(department_a, "rev")
    appointment = appoint(person=person, post=Post.REVIEWER, by=party_office)
    posts_end_on_move(person=person, old_department=department_a, by=party_office)
    appointment.refresh_from_db()
    assert appointment.is_current
    assert has_role(_fresh(person.user), Role.REVIEWER)


def test_granting_an_existing_grant_holder_records_the_holding(
    party_office, applicant_a, department_a
):
    assign_perm("departments.apply_for_department", applicant_a, department_a)
    appointment = appoint(
        person=applicant_a.person, post=Post.CONTACT, department=department_a, by=party_office
    )
    assert appointment.is_current
