"""The demo hospital's work plan (workplan/demo.py) and the discipline office's home items."""

import datetime

import pytest
from django.core.management import call_command

from home.items.workplan import workplan_nodes_due
from home.selectors import home_sections
from workplan.demo import TASKS, load_demo_year_round
from workplan.models import KeyTask, Measure, ScheduleNode, WorkPlan
from workplan.selectors import with_plan_details
from workplan.status import node_statuses

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 7, 15)


@pytest.fixture
def demo_hospital():
    call_command("load_demo_hospital", "--allow-production", verbosity=0)


def test_demo_plan_loads_twice_without_duplicating(demo_hospital):
    plan = load_demo_year_round(today=TODAY)
    counts = (KeyTask.objects.count(), Measure.objects.count(), ScheduleNode.objects.count())
    assert plan.year == 2026
    assert counts[0] == len(TASKS) == 6
    assert counts[1] == sum(len(task[5]) for task in TASKS)
    assert load_demo_year_round(today=TODAY) == plan
    assert (
        KeyTask.objects.count(),
        Measure.objects.count(),
        ScheduleNode.objects.count(),
    ) == counts
    assert WorkPlan.objects.count() == 1


def test_demo_plan_has_leaders_offices_and_one_overdue_task(demo_hospital):
    plan = load_demo_year_round(today=TODAY)
    tasks = list(with_plan_details(plan.tasks.all()))
    assert all(task.responsible_leaders.all() for task in tasks)
    assert {task.lead_office.code for task in tasks} == {"DZB", "YWK", "RSK", "JJS"}
    codes = {
        task.title: status.code
        for task, status in zip(tasks, node_statuses(tasks, today=TODAY).values(), strict=True)
    }
    assert codes["加强对决策、基建、采购、人事、财务等关键权力的监督"] == "in_progress"
    later = {
        t.title: s.code
        for t, s in zip(
            tasks, node_statuses(tasks, today=datetime.date(2026, 10, 8)).values(), strict=True
        )
    }
    assert later["加强对决策、基建、采购、人事、财务等关键权力的监督"] == "overdue"


def test_the_discipline_office_home_lists_nodes_due_this_month_and_overdue(
    discipline_office, department_a, monkeypatch
):
    from tests.workplan.factories import KeyTaskFactory, ScheduleNodeFactory

    task = KeyTaskFactory(lead_office=department_a, title="警示教育")
    ScheduleNodeFactory(task=task, due_on=datetime.date(2026, 7, 31), description="7月底前")
    ScheduleNodeFactory(task=task, due_on=datetime.date(2026, 6, 30), description="6月底前")
    ScheduleNodeFactory(
        task=task,
        due_on=datetime.date(2026, 5, 31),
        description="已完成的",
        done_on=datetime.date(2026, 5, 1),
    )
    ScheduleNodeFactory(task=task, due_on=datetime.date(2026, 8, 31), description="下月的")
    items = workplan_nodes_due(discipline_office, today=TODAY)
    assert [(item.due_on, item.overdue) for item in items] == [
        (datetime.date(2026, 6, 30), True),
        (datetime.date(2026, 7, 31), False),
    ]
    assert items[0].note == "牵头科室：心内科"
    assert items[0].url.endswith(f"#task-{task.pk}")

    monkeypatch.setattr("home.items.workplan.timezone.localdate", lambda: TODAY)
    [section] = [s for s in home_sections(discipline_office) if s["role"] == "discipline_office"]
    dated = [(item.due_on, item.overdue) for item in section["items"] if item.due_on]
    assert dated == [(datetime.date(2026, 6, 30), True), (datetime.date(2026, 7, 31), False)]


def test_the_year_round_command_loads_the_demo_plan(demo_hospital):
    from io import StringIO

    out = StringIO()
    call_command("load_demo_year_round", "--allow-production", stdout=out)
    assert WorkPlan.objects.get().tasks.count() == len(TASKS)
    assert "演示医院本年度的日常工作已就绪。" in out.getvalue()


def test_the_command_refuses_without_the_demo_hospital():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match=r"请先运行 python manage\.py load_demo_hospital"):
        call_command("load_demo_year_round", "--allow-production")
