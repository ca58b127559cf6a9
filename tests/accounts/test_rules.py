"""The role predicates of accounts.rules, each alone."""

import pytest
import rules
from django.contrib.auth.models import AnonymousUser
from guardian.shortcuts import assign_perm, remove_perm

from accounts import rules as account_rules
from accounts.roles import Role
from tests.factories import DepartmentFactory, UserFactory

APPLY = "departments.apply_for_department"

ROLE_PREDICATES = {
    Role.APPLICANT: account_rules.is_applicant_role,
    Role.BRANCH_SECRETARY: account_rules.is_branch_secretary_role,
    Role.REVIEWER: account_rules.is_reviewer,
    Role.PARTY_OFFICE: account_rules.is_party_office,
    Role.LEADING_GROUP: account_rules.is_leading_group,
    Role.PARTY_COMMITTEE: account_rules.is_party_committee,
    Role.DISCIPLINE_OFFICE: account_rules.is_discipline_office,
    Role.ADMIN: account_rules.is_administrator,
}


@pytest.mark.parametrize("role", list(ROLE_PREDICATES))
def test_role_predicate_holds_for_its_role_only(db, role):
    user = UserFactory(username="u", roles=[role])
    for other, predicate in ROLE_PREDICATES.items():
        assert predicate(user) is (other == role), other


def test_role_predicates_refuse_anonymous():
    assert not any(predicate(AnonymousUser()) for predicate in ROLE_PREDICATES.values())


def test_holds_reads_model_permission_of_a_role(db):
    user = UserFactory(username="u", roles=[Role.PARTY_OFFICE])
    assert account_rules.holds("appraisal.manage_reviews")(user)
    assert not account_rules.holds("appraisal.decide_application")(user)


def test_holds_refuses_an_inactive_user(db):
    user = UserFactory(username="u", roles=[Role.PARTY_OFFICE], is_active=False)
    assert not account_rules.holds("appraisal.manage_reviews")(user)


def test_holds_refuses_anonymous():
    assert not account_rules.holds("appraisal.manage_reviews")(AnonymousUser())


def test_granted_reads_the_grant_on_that_object(db):

    user = UserFactory(username="u")
    mine, theirs = DepartmentFactory(code="M1"), DepartmentFactory(code="T1")
    assign_perm("departments.apply_for_department", user, mine)
    applies = account_rules.granted("departments.apply_for_department")
    assert applies(user, mine)
    assert not applies(user, theirs)
    assert not applies(user, None)


def test_granted_refuses_anonymous(db):
    department = DepartmentFactory(code="M1")
    assert not account_rules.granted("departments.apply_for_department")(
        AnonymousUser(), department
    )


def test_granted_does_not_ask_has_perm_so_a_rule_of_that_name_may_use_it(db):

    user = UserFactory(username="u")
    department = DepartmentFactory(code="M1")
    assign_perm("departments.apply_for_department", user, department)
    name = "departments.apply_for_department"
    rules.add_perm(name, account_rules.granted(name))
    try:
        assert user.has_perm(name, department)
    finally:
        rules.remove_perm(name)


def test_granted_sees_a_grant_taken_away_on_the_same_user_object(db):
    user = UserFactory(username="u")
    department = DepartmentFactory(code="M1")
    assign_perm("departments.apply_for_department", user, department)
    applies = account_rules.granted("departments.apply_for_department")
    assert applies(user, department)
    remove_perm("departments.apply_for_department", user, department)
    assert not applies(user, department)


def test_granted_reads_a_grant_to_one_of_the_users_groups(db):
    from django.contrib.auth.models import Group

    user, other = UserFactory(username="u"), UserFactory(username="o")
    department = DepartmentFactory(code="M1")
    group = Group.objects.create(name="授权组")
    user.groups.add(group)
    assign_perm(APPLY, group, department)
    applies = account_rules.granted(APPLY)
    assert applies(user, department)
    assert not applies(other, department)


def test_granted_answers_a_superuser_as_guardian_does(db):
    boss = UserFactory(username="s", is_superuser=True)
    department = DepartmentFactory(code="M1")
    assert account_rules.granted(APPLY)(boss, department)  # guardian's checker: every grant
    boss.is_active = False
    assert not account_rules.granted(APPLY)(boss, department)


def test_granted_asks_one_query(db, django_assert_num_queries):
    user = UserFactory(username="u")
    department = DepartmentFactory(code="M1")
    assign_perm(APPLY, user, department)
    applies = account_rules.granted(APPLY)
    with django_assert_num_queries(1):
        assert applies(user, department)
    with django_assert_num_queries(1):
        assert not applies(user, DepartmentFactory.build(pk=department.pk + 1))


def test_a_permission_a_rule_allows_never_reaches_guardians_backend(
    party_office, applicant_a, department_a, django_assert_num_queries
):
    """The rules backend comes before guardian's (settings.AUTHENTICATION_BACKENDS): the
    applicant's edit is allowed by the rule's one query for the grant, and guardian's
    checker (two more queries) is never asked."""
    from appraisal.services.applications import application_start
    from tests.factories import open_campaign

    application = application_start(
        campaign=open_campaign(party_office), unit=department_a, by=applicant_a
    )
    application.unit  # noqa: B018 - loaded before counting
    with django_assert_num_queries(1):
        assert applicant_a.has_perm("appraisal.edit_application", application)
