"""A task's status from its nodes, and the hook the reports app registers
(workplan/status.py)."""

import datetime

import pytest

from tests.workplan.factories import KeyTaskFactory, ScheduleNodeFactory, WorkPlanFactory
from workplan import status
from workplan.models import KeyTask
from workplan.selectors import with_plan_details

D = datetime.date


def _statuses(today):
    tasks = list(with_plan_details(KeyTask.objects.all()))
    return {
        task.title: s.code
        for task, s in ((t, status.task_statuses(tasks, today=today)[t.pk]) for t in tasks)
    }


@pytest.fixture
def tasks(db):
    plan = WorkPlanFactory(year=2026)
    none = KeyTaskFactory(plan=plan, title="none")
    done = KeyTaskFactory(plan=plan, title="done")
    ScheduleNodeFactory(task=done, due_on=D(2026, 3, 31), done_on=D(2026, 3, 30))
    late = KeyTaskFactory(plan=plan, title="late")
    ScheduleNodeFactory(task=late, due_on=D(2026, 3, 31), done_on=D(2026, 3, 30))
    ScheduleNodeFactory(task=late, due_on=D(2026, 5, 31))
    ahead = KeyTaskFactory(plan=plan, title="ahead")
    ScheduleNodeFactory(task=ahead, due_on=D(2026, 9, 30))
    retired = KeyTaskFactory(
        plan=plan, title="retired", retired_at=datetime.datetime(2026, 4, 1, tzinfo=datetime.UTC)
    )
    ScheduleNodeFactory(task=retired, due_on=D(2026, 3, 1))
    return none, done, late, ahead


def test_node_statuses_from_the_nodes_alone(tasks):
    assert _statuses(D(2026, 6, 15)) == {
        "none": "no_nodes",
        "done": "done",
        "late": "overdue",
        "ahead": "in_progress",
        "retired": "retired",
    }


def test_before_the_year_nothing_has_started_and_on_the_due_day_it_is_not_late(tasks):
    codes = _statuses(D(2025, 12, 20))
    assert (codes["ahead"], codes["late"]) == ("not_started", "in_progress")
    assert _statuses(D(2026, 5, 31))["late"] == "in_progress"
    assert _statuses(D(2026, 6, 1))["late"] == "overdue"


def test_the_overdue_note_names_the_earliest_node(tasks):
    late = list(with_plan_details(KeyTask.objects.filter(title="late")))
    result = status.node_statuses(late, today=D(2026, 6, 1))[late[0].pk]
    assert (result.label, result.tone) == ("节点逾期", "danger")
    assert result.note == "1 个节点已过期未完成，最早为2026年5月31日"


def test_a_registered_function_answers_and_may_build_on_node_statuses(tasks):
    def with_reports(task_list, *, today):
        statuses = status.node_statuses(task_list, today=today)
        return {
            pk: status.TaskStatus("report_late", "报告逾期", tone="danger")
            if s.code == "in_progress"
            else s
            for pk, s in statuses.items()
        }

    status.register_task_status(with_reports)
    try:
        assert _statuses(D(2026, 6, 15))["ahead"] == "report_late"
        assert _statuses(D(2026, 6, 15))["done"] == "done"
    finally:
        status.unregister_task_status()
    assert _statuses(D(2026, 6, 15))["ahead"] == "in_progress"
