"""The reads ``reports`` builds on (workplan/selectors.py)."""

import datetime

from tests.factories import DepartmentFactory
from tests.workplan.factories import KeyTaskFactory, WorkPlanFactory
from workplan import selectors


def test_tasks_of_office_are_those_it_leads_or_cooperates_on_once_each_and_in_use(
    department_a, department_b
):
    plan = WorkPlanFactory(year=2026)
    led = KeyTaskFactory(plan=plan, order=1, lead_office=department_a)
    led.cooperating_offices.set([department_b])
    cooperating = KeyTaskFactory(plan=plan, order=2, lead_office=department_b)
    cooperating.cooperating_offices.set([department_a, DepartmentFactory()])
    KeyTaskFactory(plan=plan, order=3, lead_office=department_b)
    KeyTaskFactory(
        plan=plan,
        order=4,
        lead_office=department_a,
        retired_at=datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC),
    )
    KeyTaskFactory(plan=WorkPlanFactory(year=2027), order=1, lead_office=department_a)

    assert list(selectors.tasks_of_office(department_a, year=2026)) == [led, cooperating]
    assert len(selectors.tasks_of_office(department_a)) == 3
    assert selectors.responsible_offices(led) == [department_a, department_b]
    assert selectors.plan_of_year(2026) == plan
    assert selectors.plan_of_year(2030) is None


def test_office_ids_are_the_units_a_user_heads_or_is_a_contact_of(
    head_a, applicant_b, reviewer_a, department_a, department_b
):
    assert selectors.office_ids_of(head_a) == {department_a.pk}
    assert selectors.office_ids_of(applicant_b) == {department_b.pk}
    assert selectors.office_ids_of(reviewer_a) == frozenset()
