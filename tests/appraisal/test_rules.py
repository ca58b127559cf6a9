"""The appraisal permissions (appraisal/rules.py) and conflict of interest
(appraisal/conflicts.py), each alone: who is allowed, who is refused."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.roles import Role
from appraisal import conflicts
from appraisal import rules as appraisal_rules
from appraisal.models import Title
from appraisal.services import assignment
from tests.factories import (
    DepartmentFactory,
    PartyBranchFactory,
    PersonFactory,
    UserFactory,
    close_applications,
    make_reviewer,
    open_campaign,
    submitted_application,
)


@pytest.fixture
def case(party_office, department_a, applicant_a, head_a, branch_secretary_a):
    """Department A's application submitted in a campaign under review."""
    campaign = open_campaign(party_office)
    application = submitted_application(campaign, department_a, applicant=applicant_a)
    close_applications(campaign)
    application.refresh_from_db()
    return SimpleNamespace(campaign=campaign, application=application)


@pytest.fixture
def team_of_a(department_a):
    return DepartmentFactory(code="A01T", name="心内科清廉团队", parent=department_a)


def _person(unit, username, roles=()):
    user = UserFactory(username=username, name=username, roles=list(roles))
    PersonFactory(department=unit, user=user, name=username)
    return user


def _assigned(case, party_office, reviewer):
    assignment.pool_add(campaign=case.campaign, reviewer=reviewer, by=party_office)
    return assignment.review_assign(
        application=case.application, reviewer=reviewer, by=party_office
    )


@pytest.fixture
def outsider_reviewer(db):
    unit = DepartmentFactory(
        code="R01", name="医技科", party_branch=PartyBranchFactory(name="医技")
    )
    return make_reviewer(unit, "outsider_reviewer")


# --- relationship predicates -------------------------------------------------------------


def test_is_applicant(case, applicant_a, applicant_b, head_a):
    assert appraisal_rules.is_applicant(applicant_a, case.application)
    assert not appraisal_rules.is_applicant(applicant_b, case.application)
    assert not appraisal_rules.is_applicant(head_a, case.application)


def test_is_head(case, head_a, applicant_a):
    assert appraisal_rules.is_head(head_a, case.application)
    assert not appraisal_rules.is_head(applicant_a, case.application)


def test_is_branch_secretary(case, branch_secretary_a, applicant_a):
    assert appraisal_rules.is_branch_secretary(branch_secretary_a, case.application)
    assert not appraisal_rules.is_branch_secretary(applicant_a, case.application)


def _fresh(user):
    """The user read again: the grant checker is kept per user object."""
    return type(user).objects.get(pk=user.pk)


def test_is_assigned_reviewer_follows_the_grant(case, party_office, outsider_reviewer):
    assert not appraisal_rules.is_assigned_reviewer(_fresh(outsider_reviewer), case.application)
    review = _assigned(case, party_office, outsider_reviewer)
    assert appraisal_rules.is_assigned_reviewer(_fresh(outsider_reviewer), case.application)
    assert appraisal_rules.is_reviewer_of_review(_fresh(outsider_reviewer), review)
    assignment.review_unassign(review=review, by=party_office)
    assert not appraisal_rules.is_assigned_reviewer(_fresh(outsider_reviewer), case.application)
    assert not appraisal_rules.is_reviewer_of_review(_fresh(outsider_reviewer), review)


def test_is_assigned_reviewer_of_unit_follows_the_assignment(
    case, party_office, outsider_reviewer, department_a, department_b, party_office_of_a
):
    """The year-round apps open a unit's records to a reviewer assigned to its
    application (to follow the links of what it attached), for as long as assigned."""
    rule = appraisal_rules.is_assigned_reviewer_of_unit
    assert not rule(_fresh(outsider_reviewer), department_a)
    review = _assigned(case, party_office, outsider_reviewer)
    assert rule(_fresh(outsider_reviewer), department_a)
    # Another unit's records stay closed to them.
    assert not rule(_fresh(outsider_reviewer), department_b)
    # The party office holds the model permission to view applications, not a grant.
    assert not rule(party_office, department_a)
    assert not rule(AnonymousUser(), department_a)
    assert not rule(_fresh(outsider_reviewer), None)
    assignment.review_unassign(review=review, by=party_office)
    assert not rule(_fresh(outsider_reviewer), department_a)


def test_is_assigned_reviewer_of_unit_not_when_deactivated(case, party_office, outsider_reviewer):
    _assigned(case, party_office, outsider_reviewer)
    outsider_reviewer.is_active = False
    outsider_reviewer.save(update_fields=["is_active"])
    assert not appraisal_rules.is_assigned_reviewer_of_unit(
        _fresh(outsider_reviewer), case.application.unit
    )


def test_is_reviewer_of_review_not_someone_elses(
    case, party_office, outsider_reviewer, applicant_b
):
    review = _assigned(case, party_office, outsider_reviewer)
    assert not appraisal_rules.is_reviewer_of_review(applicant_b, review)


# --- conflict of interest ----------------------------------------------------------------


def test_recused_in_own_department(case, party_office_of_a, party_office):
    assert conflicts.is_recused(party_office_of_a, case.application)
    assert not conflicts.is_recused(party_office, case.application)


def test_recused_member_of_a_clean_team_of_the_department(case, team_of_a):
    """Widened with departments.rules.works_in: a clean team's member is recused
    from its department's application (the old check missed this)."""
    member = _person(team_of_a, "team_member", [Role.PARTY_OFFICE])
    assert conflicts.is_recused(member, case.application)


def test_recused_member_of_the_department_from_its_clean_team(department_a, team_of_a):
    member = _person(department_a, "dept_member")
    assert conflicts.is_recused(member, SimpleNamespace(unit=team_of_a))


def test_recused_member_of_a_sister_clean_team(department_a, team_of_a):
    sister = DepartmentFactory(code="A01S", name="心内科第二团队", parent=department_a)
    member = _person(sister, "sister_member")
    assert conflicts.is_recused(member, SimpleNamespace(unit=team_of_a))


def test_not_recused_anonymous(case):
    assert not conflicts.is_recused(AnonymousUser(), case.application)


def test_conflicted_reviewer_of_own_department(case, reviewer_a, outsider_reviewer):
    assert conflicts.is_conflicted_reviewer(reviewer_a, case.application)
    assert not conflicts.is_conflicted_reviewer(outsider_reviewer, case.application)


def test_conflicted_reviewer_of_a_clean_team(case, team_of_a):
    reviewer = make_reviewer(team_of_a, "team_reviewer")
    assert "须回避" in conflicts.conflict_of_interest(reviewer, case.application)


def test_conflicted_reviewer_off_the_roster(case):
    reviewer = UserFactory(username="ghost", roles=[Role.REVIEWER])
    assert "不在在职人员名单中" in conflicts.conflict_of_interest(reviewer, case.application)


def test_conflicted_reviewer_of_same_branch_only_when_the_campaign_says_so(case, department_a):
    neighbour = DepartmentFactory(code="A02", name="心外科", party_branch=department_a.party_branch)
    reviewer = make_reviewer(neighbour, "neighbour")
    assert not conflicts.is_conflicted_reviewer(reviewer, case.application)
    case.campaign.reviewers_avoid_own_branch = True
    case.campaign.save(update_fields=["reviewers_avoid_own_branch"])
    case.application.campaign.reviewers_avoid_own_branch = True
    assert conflicts.is_conflicted_reviewer(reviewer, case.application)


# --- object permissions ------------------------------------------------------------------

VIEW = "appraisal.view_application"


def test_view_application(
    case, party_office, applicant_a, head_a, branch_secretary_a, applicant_b, staff, leading_group
):
    for user in (party_office, applicant_a, head_a, branch_secretary_a):
        assert user.has_perm(VIEW, case.application), user
    for user in (applicant_b, staff, leading_group):
        assert not user.has_perm(VIEW, case.application), user


def test_view_application_by_assigned_reviewer_only(case, party_office, outsider_reviewer):
    assert not _fresh(outsider_reviewer).has_perm(VIEW, case.application)
    _assigned(case, party_office, outsider_reviewer)
    assert _fresh(outsider_reviewer).has_perm(VIEW, case.application)


def test_edit_application(case, applicant_a, applicant_b, head_a, party_office):
    assert applicant_a.has_perm("appraisal.edit_application", case.application)
    for user in (applicant_b, head_a, party_office):
        assert not user.has_perm("appraisal.edit_application", case.application)


def test_confirm_application(case, head_a, applicant_a, party_office):
    assert head_a.has_perm("appraisal.confirm_application", case.application)
    for user in (applicant_a, party_office):
        assert not user.has_perm("appraisal.confirm_application", case.application)


def test_give_branch_opinion(case, branch_secretary_a, applicant_a, party_office):
    assert branch_secretary_a.has_perm("appraisal.give_branch_opinion", case.application)
    for user in (applicant_a, party_office):
        assert not user.has_perm("appraisal.give_branch_opinion", case.application)


def test_return_application(case, party_office, party_office_of_a, applicant_a, team_of_a):
    perm = "appraisal.return_application"
    assert party_office.has_perm(perm, case.application)
    assert party_office_of_a.has_perm(perm)  # the role, asked without an application
    assert not party_office_of_a.has_perm(perm, case.application)  # recused
    assert not _person(team_of_a, "po_team", [Role.PARTY_OFFICE]).has_perm(perm, case.application)
    assert not applicant_a.has_perm(perm, case.application)


def test_manage_reviews(case, party_office, party_office_of_a, reviewer_a):
    perm = "appraisal.manage_reviews"
    assert party_office.has_perm(perm, case.application)
    assert not party_office_of_a.has_perm(perm, case.application)
    assert not reviewer_a.has_perm(perm, case.application)


def test_decide_application(case, leading_group, department_a, party_office):
    perm = "appraisal.decide_application"
    assert leading_group.has_perm(perm, case.application)
    leader_of_a = _person(department_a, "leader_a", [Role.LEADING_GROUP])
    assert leader_of_a.has_perm(perm)
    assert not leader_of_a.has_perm(perm, case.application)
    assert not party_office.has_perm(perm, case.application)


def test_score_review(case, party_office, outsider_reviewer, applicant_b):
    review = _assigned(case, party_office, outsider_reviewer)
    assert outsider_reviewer.has_perm("appraisal.score_review", review)
    assert not applicant_b.has_perm("appraisal.score_review", review)
    assert not party_office.has_perm("appraisal.score_review", review)


def test_score_review_refused_when_the_reviewer_moved_into_the_unit(
    case, party_office, outsider_reviewer, department_a
):
    review = _assigned(case, party_office, outsider_reviewer)
    outsider_reviewer.person.department = department_a
    outsider_reviewer.person.save(update_fields=["department"])
    assert not outsider_reviewer.has_perm("appraisal.score_review", review)


def test_view_application_result(case, applicant_a, head_a, party_office, applicant_b, staff):
    perm = "appraisal.view_application_result"
    for user in (applicant_a, head_a, party_office):
        assert user.has_perm(perm, case.application), user
    for user in (applicant_b, staff):
        assert not user.has_perm(perm, case.application), user


def test_view_application_reviews(case, party_office, leading_group, applicant_a):
    perm = "appraisal.view_application_reviews"
    assert party_office.has_perm(perm, case.application)
    assert not leading_group.has_perm(perm, case.application)
    assert not applicant_a.has_perm(perm, case.application)


def test_download_certificate(
    case, party_office, party_committee, applicant_a, head_a, applicant_b, staff, department_a
):
    title = Title(unit=department_a)
    for user in (party_office, party_committee, applicant_a, head_a):
        assert user.has_perm("appraisal.download_certificate", title), user
    for user in (applicant_b, staff):
        assert not user.has_perm("appraisal.download_certificate", title), user


def test_download_certificates(party_office, party_committee, applicant_a):
    assert party_office.has_perm("appraisal.download_certificates")
    assert not party_committee.has_perm("appraisal.download_certificates")
    assert not applicant_a.has_perm("appraisal.download_certificates")


# --- computed criteria of a yearly campaign ------------------------------------------------


def test_view_computed_scores_is_the_units_and_the_party_offices(
    case, applicant_a, head_a, applicant_b, party_office, reviewer_a, staff
):
    allowed = {"applicant_a": applicant_a, "head_a": head_a, "party_office": party_office}
    refused = {"applicant_b": applicant_b, "reviewer_a": reviewer_a, "staff": staff}
    for name, user in allowed.items():
        assert user.has_perm("appraisal.view_computed_scores", case.application), name
    for name, user in refused.items():
        assert not user.has_perm("appraisal.view_computed_scores", case.application), name


def test_explain_computed_score_is_the_units_alone(
    case, applicant_a, head_a, applicant_b, party_office
):
    assert applicant_a.has_perm("appraisal.explain_computed_score", case.application)
    assert head_a.has_perm("appraisal.explain_computed_score", case.application)
    assert not applicant_b.has_perm("appraisal.explain_computed_score", case.application)
    assert not party_office.has_perm("appraisal.explain_computed_score", case.application)
