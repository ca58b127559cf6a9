"""A key task's status, as the plan page shows it: a hook the apps above fill in.

The work plan alone knows a task's schedule nodes; ``node_statuses`` answers from
them. The ``reports`` app knows more (late and overdue reports) and registers its
own function from its ``AppConfig.ready()``; that function may call
``node_statuses`` as its base and change what it must::

    from workplan.status import TaskStatus, node_statuses, register_task_status

    def report_statuses(tasks, *, today):
        statuses = node_statuses(tasks, today=today)
        ...  # e.g. statuses[pk] = TaskStatus("report_late", _("报告逾期"), tone="danger")
        return statuses

    register_task_status(report_statuses)

A status function takes a list of ``KeyTask`` rows (with their ``nodes``
prefetched, as ``selectors.with_plan_details`` gives them) and ``today``, and
returns ``{task.pk: TaskStatus}`` for every task, with a number of queries that does
not grow with the tasks.
"""

import datetime
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class TaskStatus:
    """``code`` for programs, ``label`` for people, ``note`` why, ``tone`` a Bootstrap colour."""

    code: str
    label: str
    note: str = ""
    tone: str = "secondary"


_registered = []


def register_task_status(fn):
    """Make ``fn(tasks, *, today) -> {task.pk: TaskStatus}`` the answer of
    ``task_statuses``. The last registration wins (one app above the plan does this);
    returns ``fn`` so it can be used as a decorator."""
    _registered[:] = [fn]
    return fn


def unregister_task_status():
    """Back to ``node_statuses`` (tests)."""
    _registered.clear()


def task_statuses(tasks, *, today):
    """Each task's status, by the registered function or else ``node_statuses``."""
    tasks = list(tasks)
    fn = _registered[0] if _registered else node_statuses
    return fn(tasks, today=today)


def _day(value):
    return date_format(value, "DATE_FORMAT")


def node_status(task, *, today):
    """One task's status from its nodes alone; see ``node_statuses``."""
    if task.retired_at is not None:
        return TaskStatus("retired", _("已停用"), tone="light")
    nodes = list(task.nodes.all())
    if not nodes:
        return TaskStatus("no_nodes", _("未设节点"), _("尚未安排进度节点"))
    open_nodes = [node for node in nodes if node.done_on is None]
    if not open_nodes:
        last = max(node.done_on for node in nodes)
        return TaskStatus(
            "done", _("已完成"), _("全部节点已于%(date)s前完成") % {"date": _day(last)}, "success"
        )
    overdue = [node for node in open_nodes if node.due_on < today]
    if overdue:
        first = overdue[0]
        return TaskStatus(
            "overdue",
            _("节点逾期"),
            _("%(count)s 个节点已过期未完成，最早为%(date)s")
            % {
                "count": len(overdue),
                "date": _day(first.due_on),
            },
            "danger",
        )
    following = open_nodes[0]
    note = _("下一节点：%(date)s") % {"date": _day(following.due_on)}
    started = len(open_nodes) < len(nodes) or today >= datetime.date(task.plan.year, 1, 1)
    if not started:
        return TaskStatus("not_started", _("未开始"), note)
    return TaskStatus("in_progress", _("进行中"), note, "primary")


def node_statuses(tasks, *, today):
    """Each task's status from its schedule nodes only (no query beyond the prefetch):

    * 已停用 (retired): the task was retired;
    * 未设节点: it has no node;
    * 已完成: every node is marked done;
    * 节点逾期: a node not marked done is past its date (the earliest is named);
    * 未开始: before the plan's year begins and no node done;
    * 进行中: otherwise, with the next node's date.

    ``tasks`` need ``nodes`` prefetched (ordered by date) and ``plan`` selected.
    """
    return {task.pk: node_status(task, today=today) for task in tasks}
