"""The roster's first-run step (departments.firstrun): done once departments and
people are imported, saying how many."""

import pytest

from core.firstrun import first_run_steps
from departments.firstrun import roster_imported, roster_progress
from tests.factories import DepartmentFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_step_is_registered_with_the_import_page():
    [step] = [step for step in first_run_steps() if step.key == "roster"]
    assert (str(step.title), step.url_name, step.perm) == (
        "导入名册",
        "departments:import",
        "departments.import_roster",
    )


def test_empty_roster_is_left():
    assert roster_imported() is False
    assert roster_progress().startswith("尚未导入")


def test_departments_without_people_are_not_enough():
    DepartmentFactory()
    assert roster_imported() is False


def test_departments_and_people_are_done_and_counted():
    cardiology, orthopaedics = DepartmentFactory(), DepartmentFactory()
    PersonFactory(department=cardiology)
    PersonFactory(department=orthopaedics)
    PersonFactory(department=orthopaedics)
    PersonFactory(department=orthopaedics, active=False)
    DepartmentFactory(active=False)
    assert roster_imported() is True
    assert roster_progress() == "已导入 2 个科室、3 人。"
