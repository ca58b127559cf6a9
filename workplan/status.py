"""A key task's status: the hook the apps above the plan fill in.

MINIMAL STAND-IN written in the ``reports`` helper's branch (i15-reports) so that
``reports`` can register with it and be tested; the work plan's own version (h-plan's
branch) is the one kept at merge. The interface is the same: ``TaskStatus``,
``register_task_status(fn)``, ``unregister_task_status()``, ``task_statuses(tasks, *, today)``
and ``node_statuses(tasks, *, today)``.
"""

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
    """Make ``fn(tasks, *, today) -> {task.pk: TaskStatus}`` the answer of ``task_statuses``."""
    _registered[:] = [fn]
    return fn


def unregister_task_status():
    _registered.clear()


def task_statuses(tasks, *, today):
    tasks = list(tasks)
    fn = _registered[0] if _registered else node_statuses
    return fn(tasks, today=today)


def node_statuses(tasks, *, today):
    """Each task's status from its schedule nodes (``nodes`` prefetched)."""
    answer = {}
    for task in tasks:
        nodes = [node for node in task.nodes.all() if node.due_on >= today]
        if not list(task.nodes.all()):
            answer[task.pk] = TaskStatus("no_nodes", _("未设节点"), _("尚未安排进度节点"))
        elif nodes:
            answer[task.pk] = TaskStatus(
                "in_progress",
                _("进行中"),
                _("下一节点：%(date)s") % {"date": date_format(nodes[0].due_on, "DATE_FORMAT")},
                "primary",
            )
        else:
            answer[task.pk] = TaskStatus("in_progress", _("进行中"), tone="primary")
    return answer
