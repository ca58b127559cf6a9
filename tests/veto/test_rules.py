"""veto.rules: each predicate and each permission alone, allowed and refused personas,
with conflict of interest (never of the unit) and the department's privacy explicit."""

import pytest

from accounts.roles import Role
from tests.factories import (
    DepartmentFactory,
    PersonFactory,
    UserFactory,
    rectification_of,
    veto_event_in_state,
    veto_indicator,
)
from veto import rules as veto_rules
from veto.rules import (
    ADD_INDICATOR,
    ADD_RECHECK,
    ANNOUNCE_REVOCATION,
    CHANGE_INDICATOR,
    CONFIRM,
    DECIDE_RECTIFICATION,
    DISMISS,
    REPORT,
    REPORT_RECTIFICATION,
    VERIFY,
    VIEW,
    VIEW_INDICATOR,
    VIEW_RECHECK,
    VIEW_RECTIFICATION,
)

pytestmark = pytest.mark.django_db


def _person(username, unit, roles=()):
    user = UserFactory(username=username, roles=list(roles))
    PersonFactory(department=unit, user=user)
    return user


@pytest.fixture
def team_of_a(department_a):
    return DepartmentFactory(code="A01T", name="心内科清廉团队", parent=department_a)


@pytest.fixture
def committee_of_a(department_a):
    """A party-committee member who works in department A."""
    return _person("committee_a", department_a, [Role.PARTY_COMMITTEE])


@pytest.fixture
def reporter(db):
    """Someone of a responsible office, who reported the event (no office role)."""
    return _person("reporter", DepartmentFactory(code="R01", name="医务科", kind="administrative"))


def _event(unit, reporter, state):
    return veto_event_in_state(unit, reporter, state=state)


# --- predicates ----------------------------------------------------------------------------


def test_names_own_department(reporter):
    own = veto_indicator(number=7)
    own.responsible_departments.add(reporter.person.department)
    other = veto_indicator(number=8)
    assert veto_rules.names_own_department(reporter, own)
    assert not veto_rules.names_own_department(reporter, other)
    assert not veto_rules.names_own_department(reporter, None)


def test_names_own_department_is_the_department_itself_not_its_clean_team(department_a, team_of_a):
    indicator = veto_indicator(number=7)
    indicator.responsible_departments.add(department_a)
    assert veto_rules.names_own_department(_person("a", department_a), indicator)
    assert not veto_rules.names_own_department(_person("t", team_of_a), indicator)


def test_names_own_department_not_without_roster_entry():
    indicator = veto_indicator(number=7)
    assert not veto_rules.names_own_department(UserFactory(username="x"), indicator)


def test_is_reporter(department_a, reporter, discipline_office):
    event = _event(department_a, reporter, "reported")
    assert veto_rules.is_reporter(reporter, event)
    assert not veto_rules.is_reporter(discipline_office, event)


def test_state_predicates(department_a, reporter):
    reported = _event(department_a, reporter, "reported")
    verified = _event(department_a, reporter, "verified")
    confirmed = _event(department_a, reporter, "confirmed")
    assert veto_rules.is_reported(None, reported)
    assert not veto_rules.is_reported(None, verified)
    assert veto_rules.is_verified(None, verified)
    assert not veto_rules.is_verified(None, confirmed)
    assert veto_rules.is_confirmed(None, confirmed)
    assert not veto_rules.is_confirmed(None, reported)


def test_works_in_unit_is_the_family(department_a, team_of_a, department_b, reporter):
    event = _event(department_a, reporter, "reported")
    assert veto_rules.works_in_unit(_person("a", department_a), event)
    assert veto_rules.works_in_unit(_person("t", team_of_a), event)
    assert not veto_rules.works_in_unit(_person("b", department_b), event)


def test_is_of_the_unit(department_a, applicant_a, head_a, reviewer_a, applicant_b, reporter):
    event = _event(department_a, reporter, "confirmed")
    assert veto_rules.is_of_the_unit(applicant_a, event)
    assert veto_rules.is_of_the_unit(head_a, event)
    # Working there is not speaking for the unit.
    assert not veto_rules.is_of_the_unit(reviewer_a, event)
    assert not veto_rules.is_of_the_unit(applicant_b, event)


def test_sees_supervision_of(
    department_a, applicant_a, head_a, party_office, party_committee, discipline_office, staff
):
    for user in (applicant_a, head_a, party_office, party_committee, discipline_office):
        assert veto_rules.sees_supervision_of(user, department_a), user
    assert not veto_rules.sees_supervision_of(staff, department_a)


# --- reporting -----------------------------------------------------------------------------


def test_report_discipline_office_under_every_indicator(discipline_office):
    assert discipline_office.has_perm(REPORT, veto_indicator(number=7))
    assert discipline_office.has_perm(REPORT)


def test_report_other_office_only_under_indicators_naming_it(reporter):
    own = veto_indicator(number=7)
    own.responsible_departments.add(reporter.person.department)
    assert reporter.has_perm(REPORT, own)
    assert not reporter.has_perm(REPORT, veto_indicator(number=8))
    assert not reporter.has_perm(REPORT)


def test_report_refused_to_others(applicant_a, party_office, party_committee):
    indicator = veto_indicator(number=7)
    for user in (applicant_a, party_office, party_committee):
        assert not user.has_perm(REPORT, indicator), user


# --- reading an event ----------------------------------------------------------------------


@pytest.mark.parametrize("state", ["reported", "verified", "confirmed", "dismissed"])
def test_view_offices_see_every_event(
    state, department_a, reporter, discipline_office, party_office, party_committee
):
    event = _event(department_a, reporter, state)
    for user in (discipline_office, party_office, party_committee):
        assert user.has_perm(VIEW, event), user


@pytest.mark.parametrize("state", ["reported", "verified", "confirmed", "dismissed"])
def test_view_reporter_sees_own_report(state, department_a, reporter):
    assert reporter.has_perm(VIEW, _event(department_a, reporter, state))


def test_view_reporter_not_someone_elses_report(department_a, reporter, discipline_office):
    assert not reporter.has_perm(VIEW, _event(department_a, discipline_office, "confirmed"))


@pytest.mark.parametrize("state", ["reported", "verified", "dismissed"])
def test_view_department_never_learns_of_an_unconfirmed_event(
    state, department_a, reporter, applicant_a, head_a
):
    event = _event(department_a, reporter, state)
    assert not applicant_a.has_perm(VIEW, event)
    assert not head_a.has_perm(VIEW, event)


def test_view_department_sees_a_confirmed_event_about_itself(
    department_a, reporter, applicant_a, head_a, applicant_b, reviewer_a
):
    event = _event(department_a, reporter, "confirmed")
    assert applicant_a.has_perm(VIEW, event)
    assert head_a.has_perm(VIEW, event)
    assert not applicant_b.has_perm(VIEW, event)
    assert not reviewer_a.has_perm(VIEW, event)


# --- deciding ------------------------------------------------------------------------------


def test_verify_discipline_office_only(department_a, reporter, discipline_office, party_committee):
    event = _event(department_a, reporter, "reported")
    assert discipline_office.has_perm(VERIFY, event)
    assert not party_committee.has_perm(VERIFY, event)
    assert not reporter.has_perm(VERIFY, event)


def test_verify_never_of_the_unit(department_a, team_of_a, reporter, discipline_office_of_a):
    event = _event(department_a, reporter, "reported")
    assert not discipline_office_of_a.has_perm(VERIFY, event)
    in_team = _person("discipline_team", team_of_a, [Role.DISCIPLINE_OFFICE])
    assert not in_team.has_perm(VERIFY, event)


def test_confirm_party_committee_only(department_a, reporter, party_committee, discipline_office):
    event = _event(department_a, reporter, "verified")
    assert party_committee.has_perm(CONFIRM, event)
    assert not discipline_office.has_perm(CONFIRM, event)


def test_confirm_never_of_the_unit(department_a, reporter, committee_of_a):
    assert not committee_of_a.has_perm(CONFIRM, _event(department_a, reporter, "verified"))


def test_dismiss_reported_by_discipline_office_only(
    department_a, reporter, discipline_office, party_committee
):
    event = _event(department_a, reporter, "reported")
    assert discipline_office.has_perm(DISMISS, event)
    assert not party_committee.has_perm(DISMISS, event)


def test_dismiss_verified_by_party_committee_only(
    department_a, reporter, discipline_office, party_committee
):
    event = _event(department_a, reporter, "verified")
    assert party_committee.has_perm(DISMISS, event)
    assert not discipline_office.has_perm(DISMISS, event)


def test_dismiss_never_of_the_unit(department_a, reporter, discipline_office_of_a, committee_of_a):
    assert not discipline_office_of_a.has_perm(DISMISS, _event(department_a, reporter, "reported"))
    assert not committee_of_a.has_perm(DISMISS, _event(department_a, reporter, "verified"))


def test_dismiss_without_event_any_decider(discipline_office, party_committee, party_office):
    assert discipline_office.has_perm(DISMISS)
    assert party_committee.has_perm(DISMISS)
    assert not party_office.has_perm(DISMISS)


def test_decisions_refused_to_the_department(department_a, reporter, applicant_a, head_a):
    for state, perm in (("reported", VERIFY), ("verified", CONFIRM), ("verified", DISMISS)):
        event = _event(department_a, reporter, state)
        assert not applicant_a.has_perm(perm, event)
        assert not head_a.has_perm(perm, event)


# --- indicators and re-checks ------------------------------------------------------------------


def test_indicators_edited_by_the_administrator_only(admin_user, discipline_office):
    indicator = veto_indicator(number=7)
    assert admin_user.has_perm(ADD_INDICATOR)
    assert admin_user.has_perm(CHANGE_INDICATOR, indicator)
    assert not discipline_office.has_perm(ADD_INDICATOR)
    assert not discipline_office.has_perm(CHANGE_INDICATOR, indicator)


def test_indicators_read_by_the_offices_and_the_administrator(
    admin_user, discipline_office, party_office, party_committee, applicant_a
):
    for user in (admin_user, discipline_office, party_office, party_committee):
        assert user.has_perm(VIEW_INDICATOR), user
    assert not applicant_a.has_perm(VIEW_INDICATOR)


def test_rechecks(party_office, discipline_office, party_committee, applicant_a):
    for user in (party_office, discipline_office):
        assert user.has_perm(VIEW_RECHECK), user
        assert user.has_perm(ADD_RECHECK), user
    assert party_committee.has_perm(VIEW_RECHECK)
    assert not party_committee.has_perm(ADD_RECHECK)
    assert not applicant_a.has_perm(VIEW_RECHECK)


# --- rectifications ----------------------------------------------------------------------------


@pytest.fixture
def rectification_a(department_a):
    return rectification_of(department_a)


def test_view_rectification(
    rectification_a, applicant_a, head_a, party_office, discipline_office, party_committee
):
    for user in (applicant_a, head_a, party_office, discipline_office, party_committee):
        assert user.has_perm(VIEW_RECTIFICATION, rectification_a), user


def test_view_rectification_not_another_department(rectification_a, applicant_b, reviewer_a):
    assert not applicant_b.has_perm(VIEW_RECTIFICATION, rectification_a)
    assert not reviewer_a.has_perm(VIEW_RECTIFICATION, rectification_a)


def test_report_rectification_the_department_own_only(
    rectification_a, applicant_a, head_a, applicant_b, party_office, party_committee
):
    assert applicant_a.has_perm(REPORT_RECTIFICATION, rectification_a)
    assert head_a.has_perm(REPORT_RECTIFICATION, rectification_a)
    for user in (applicant_b, party_office, party_committee):
        assert not user.has_perm(REPORT_RECTIFICATION, rectification_a), user


def test_decide_rectification_party_committee_only(
    rectification_a, party_committee, party_office, discipline_office, applicant_a
):
    assert party_committee.has_perm(DECIDE_RECTIFICATION, rectification_a)
    for user in (party_office, discipline_office, applicant_a):
        assert not user.has_perm(DECIDE_RECTIFICATION, rectification_a), user


# --- the cadre meeting's announcement of a revocation ------------------------------------------


def test_announce_revocation_discipline_office_only(
    department_a, discipline_office, party_office, party_committee, applicant_a
):
    event = rectification_of(department_a).event
    assert discipline_office.has_perm(ANNOUNCE_REVOCATION, event)
    for user in (party_office, party_committee, applicant_a):
        assert not user.has_perm(ANNOUNCE_REVOCATION, event)


def test_announce_revocation_never_of_the_unit(department_a, team_of_a, discipline_office_of_a):
    event = rectification_of(department_a).event
    assert not discipline_office_of_a.has_perm(ANNOUNCE_REVOCATION, event)
    in_team = _person("discipline_team_ann", team_of_a, [Role.DISCIPLINE_OFFICE])
    assert not in_team.has_perm(ANNOUNCE_REVOCATION, event)
