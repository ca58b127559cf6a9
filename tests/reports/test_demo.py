"""reports.demo.load_demo_year_round: a year of reports on the demo plan, idempotent,
nothing without a plan."""

import datetime

import pytest

from accounts.roles import Role
from reports.demo import load_demo_year_round
from reports.enums import MaterialState, ReportState
from reports.models import PublicityMaterial, Report, ReportSubmission
from tests.factories import DepartmentFactory, PersonFactory, UserFactory
from tests.reports.factories import KeyTaskFactory, WorkPlanFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 9, 20)


@pytest.fixture
def demo(statutory_calendar, department_a, applicant_a):
    keeper = UserFactory(username="discipline", roles=[Role.DISCIPLINE_OFFICE])
    PersonFactory(user=keeper, department=DepartmentFactory(code="JJS", kind="administrative"))
    po = UserFactory(username="po", roles=[Role.PARTY_OFFICE])
    PersonFactory(user=po, department=DepartmentFactory(code="DZB", kind="administrative"))
    xnk = DepartmentFactory(code="XNK", name="心内科二")
    head = UserFactory(username="applicant_xnk", roles=[Role.APPLICANT])
    xnk.head = PersonFactory(user=head, department=xnk)
    xnk.save(update_fields=["head"])
    plan = WorkPlanFactory(year=2026, created_by=keeper)
    first = KeyTaskFactory(plan=plan, order=1, lead_office=department_a)
    KeyTaskFactory(plan=plan, order=2, lead_office=department_a)
    return first


def test_a_year_of_reports_up_to_this_month(demo):
    assert load_demo_year_round(today=TODAY) == 18
    states = {(r.month, r.task.order): r for r in Report.objects.select_related("task")}
    assert states[(9, 1)].state == ReportState.DUE
    assert states[(8, 1)].state == ReportState.DUE  # the one left overdue
    assert states[(8, 2)].state == ReportState.ACCEPTED
    assert states[(3, 1)].late is True
    assert states[(4, 1)].late is False
    assert states[(5, 1)].submissions.count() == 2
    assert states[(5, 1)].events.filter(transition="return_report").exists()


def test_publicity_materials_of_departments_with_an_account(demo):
    load_demo_year_round(today=TODAY)
    assert dict(PublicityMaterial.objects.values_list("title", "state")) == {
        "心内科开展“清廉门诊”创建活动": MaterialState.ACCEPTED,
        "心内科廉洁从医主题党日活动": MaterialState.ACCEPTED,
    }


def test_running_it_again_adds_nothing(demo):
    load_demo_year_round(today=TODAY)
    counts = (Report.objects.count(), ReportSubmission.objects.count())
    load_demo_year_round(today=TODAY)
    assert (Report.objects.count(), ReportSubmission.objects.count()) == counts
    assert PublicityMaterial.objects.count() == 2


def test_nothing_without_a_plan(statutory_calendar, department_a):
    UserFactory(username="discipline", roles=[Role.DISCIPLINE_OFFICE])
    assert load_demo_year_round(today=TODAY) == 0
    assert Report.objects.count() == 0
