"""What the discipline office has due in the work plan: the schedule nodes due this month,
and those already past and not marked done, each with its date.

Each function takes the user and returns ``HomeItem`` rows (``home.selectors``).
"""

import calendar

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from home.items import HomeItem
from workplan.selectors import nodes_due_between


def workplan_nodes_due(user, *, today=None):
    """Nodes not done that fall due this month, and earlier ones still open (overdue)."""
    today = today or timezone.localdate()
    first = today.replace(day=1)
    last = today.replace(day=calendar.monthrange(today.year, today.month)[1])
    return [
        HomeItem(
            label=_("%(order)s. %(task)s：%(node)s")
            % {"order": node.task.order, "task": node.task.title, "node": node.description},
            url=reverse("workplan:plan", args=[node.task.plan_id]) + f"#task-{node.task_id}",
            note=_("牵头科室：%(office)s") % {"office": node.task.lead_office.name},
            due_on=node.due_on,
            overdue=node.due_on < today,
        )
        for node in nodes_due_between(first, last)
    ]
