"""reports.rules: each permission alone, allowed and refused personas."""

import pytest

from reports.enums import MaterialState
from reports.rules import (
    ADD_MATERIAL,
    CHECK_MATERIAL,
    REVIEW,
    SUBMIT,
    VIEW,
    VIEW_MATERIAL,
    is_report_author,
    speaks_for,
)
from tests.reports.factories import KeyTaskFactory, material, monthly_report, summary_report

pytestmark = pytest.mark.django_db

WORKING_GROUP = ("party_office", "discipline_office", "leading_group", "party_committee")


@pytest.fixture
def report(department_a):
    return monthly_report(KeyTaskFactory(lead_office=department_a))


def test_the_office_speaks_for_its_own_reports(report, applicant_a, head_a, applicant_b, staff):
    assert is_report_author(applicant_a, report)
    assert is_report_author(head_a, report)
    assert not is_report_author(applicant_b, report)
    assert not is_report_author(staff, report)
    assert not is_report_author(applicant_a, None)


def test_a_branch_speaks_through_its_secretary(department_a, branch_secretary_a, applicant_a):
    branch_report = summary_report(branch=department_a.party_branch)
    assert is_report_author(branch_secretary_a, branch_report)
    assert not is_report_author(applicant_a, branch_report)
    assert speaks_for(branch_secretary_a, department_a.party_branch)
    assert not speaks_for(branch_secretary_a, department_a)


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("applicant_a", True),
        ("head_a", True),
        ("applicant_b", False),
        ("staff", False),
        ("reviewer_a", False),
        ("branch_secretary_a", False),
        *[(name, True) for name in WORKING_GROUP],
        ("admin_user", False),
    ],
)
def test_view_report(request, report, persona, allowed):
    assert request.getfixturevalue(persona).has_perm(VIEW, report) is allowed


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("applicant_a", True),
        ("head_a", True),
        ("applicant_b", False),
        ("branch_secretary_a", False),
        ("discipline_office", False),
        ("party_office", False),
        ("staff", False),
    ],
)
def test_submit_report(request, report, persona, allowed):
    assert request.getfixturevalue(persona).has_perm(SUBMIT, report) is allowed


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("discipline_office", True),
        ("party_office", False),
        ("leading_group", False),
        ("applicant_a", False),
        ("head_a", False),
    ],
)
def test_review_report(request, report, persona, allowed):
    assert request.getfixturevalue(persona).has_perm(REVIEW, report) is allowed


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("applicant_a", True),
        ("head_a", True),
        ("applicant_b", False),
        ("party_office", False),
        ("staff", False),
    ],
)
def test_speaks_for_a_department(request, department_a, persona, allowed):
    assert speaks_for(request.getfixturevalue(persona), department_a) is allowed


def test_add_material_without_an_object_is_the_roles(applicant_a, branch_secretary_a, staff):
    assert applicant_a.has_perm(ADD_MATERIAL)
    assert branch_secretary_a.has_perm(ADD_MATERIAL)
    assert not staff.has_perm(ADD_MATERIAL)


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("applicant_a", True),
        ("head_a", True),
        ("applicant_b", False),
        ("party_office", True),
        ("discipline_office", True),
        ("leading_group", False),
        ("staff", False),
    ],
)
def test_view_material(request, department_a, applicant_a, persona, allowed):
    row = material(department_a, applicant_a)
    assert request.getfixturevalue(persona).has_perm(VIEW_MATERIAL, row) is allowed


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [("party_office", True), ("discipline_office", False), ("applicant_a", False)],
)
def test_check_material(request, department_a, applicant_a, persona, allowed):
    row = material(department_a, applicant_a, state=MaterialState.SUBMITTED)
    assert request.getfixturevalue(persona).has_perm(CHECK_MATERIAL, row) is allowed


def test_submit_without_an_object_is_the_roles(applicant_a, branch_secretary_a, head_a, staff):
    assert applicant_a.has_perm(SUBMIT)
    assert branch_secretary_a.has_perm(SUBMIT)
    # A head without the role reports on its own office's rows (object rule) only.
    assert not head_a.has_perm(SUBMIT)
    assert not staff.has_perm(SUBMIT)
