"""The first-run step 开通账号: done when every active person has an account."""

import pytest

from core.firstrun import first_run_steps
from departments.models import Person
from onboarding import services
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _step():
    return next(step for step in first_run_steps() if step.key == "accounts")


def test_the_step_is_registered_with_its_page_and_permission():
    step = _step()
    assert (str(step.title), step.url_name, step.perm) == (
        "开通账号",
        "onboarding:accounts",
        "onboarding.create_accounts",
    )


def test_not_done_on_an_empty_roster():
    assert not _step().is_done()
    assert _step().progress() == "名册中还没有在职人员：请先导入人员名册。"


def test_progress_counts_who_has_and_lacks_an_account(party_office, department_a):
    PersonFactory(department=department_a)
    PersonFactory(department=department_a)
    PersonFactory(department=department_a, active=False)  # left: not counted
    assert not _step().is_done()
    assert _step().progress() == "已有账号 1 人，尚未开通 2 人。"


def test_done_once_every_active_person_has_one(party_office, department_a):
    PersonFactory(department=department_a)
    PersonFactory(department=department_a, active=False)
    services.accounts_open(by=party_office, scope="all")
    assert _step().is_done()
    assert _step().progress() == "已有账号 2 人，尚未开通 0 人。"
    assert Person.objects.filter(active=False, user__isnull=True).count() == 1
