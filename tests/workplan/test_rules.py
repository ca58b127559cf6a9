"""The work plan's permissions, alone (workplan/rules.py)."""

import pytest

from tests.workplan.factories import KeyTaskFactory, ScheduleNodeFactory, WorkPlanFactory
from workplan.rules import MANAGE, MARK_NODE, VIEW


@pytest.fixture
def task_of_a(department_a, department_b):
    task = KeyTaskFactory(plan=WorkPlanFactory(), lead_office=department_b)
    task.cooperating_offices.set([department_a])
    return task


@pytest.mark.parametrize(
    ("persona", "may"),
    [
        ("party_office", True),
        ("discipline_office", True),
        ("leading_group", True),
        ("party_committee", True),
        ("applicant_a", True),  # contact of a cooperating office
        ("head_a", True),  # head of a cooperating office
        ("applicant_b", True),  # contact of the lead office
        ("reviewer_a", False),  # works in department A, neither head nor contact
        ("staff", False),
        ("admin_user", False),
    ],
)
def test_who_reads_a_task_and_its_plan(request, task_of_a, persona, may):
    user = request.getfixturevalue(persona)
    assert user.has_perm(VIEW, task_of_a) is may
    assert user.has_perm(VIEW, task_of_a.plan) is may


def test_an_office_does_not_read_a_plan_without_its_tasks(applicant_a, department_b):
    other = KeyTaskFactory(plan=WorkPlanFactory(year=2030), lead_office=department_b)
    assert applicant_a.has_perm(VIEW, other) is False
    assert applicant_a.has_perm(VIEW, other.plan) is False


@pytest.mark.parametrize(
    "persona",
    [
        "party_office",
        "leading_group",
        "party_committee",
        "applicant_a",
        "head_a",
        "staff",
        "admin_user",
    ],
)
def test_only_the_discipline_office_keeps_the_plan(request, persona):
    assert request.getfixturevalue(persona).has_perm(MANAGE) is False


def test_the_discipline_office_keeps_the_plan(discipline_office):
    assert discipline_office.has_perm(MANAGE) is True


@pytest.mark.parametrize(
    ("persona", "may"),
    [
        ("discipline_office", True),
        ("applicant_b", True),  # lead office
        ("applicant_a", False),  # cooperating office only
        ("head_a", False),
        ("party_office", False),
        ("staff", False),
    ],
)
def test_who_marks_a_node_done(request, task_of_a, persona, may):
    node = ScheduleNodeFactory(task=task_of_a)
    assert request.getfixturevalue(persona).has_perm(MARK_NODE, node) is may
