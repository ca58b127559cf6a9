"""Who may read and keep the work plan, stated once as ``rules`` permissions
(docs/yearwork.md, "Work plan").

    workplan.manage_workplan    the discipline office (the model permission): creates
                                plans, enters, imports, copies, reorders and removes
                                tasks, measures and nodes
    workplan.view_workplan      (plan or task) the working group (party office,
                                discipline office, leading group, party committee:
                                the model permission); for a task also the head and
                                the contacts of its lead or a cooperating office;
                                for a plan, those of an office responsible for one of
                                its tasks (they see only those tasks, the selectors)
    workplan.mark_node          (node) the discipline office, or the head or a contact
                                of the task's lead office: marks a node done (or not)

The service refuses with the same predicates whoever calls it.
"""

import rules

from accounts.rules import holds
from workplan.selectors import office_filter, office_ids_of

MANAGE = "workplan.manage_workplan"
VIEW = "workplan.view_workplan"
MARK_NODE = "workplan.mark_node"

keeps_plan = holds(MANAGE)
reads_plans = holds(VIEW) | keeps_plan


@rules.predicate
def is_of_task_office(user, task):
    """``user`` is the head or a contact of the task's lead or a cooperating office."""
    if task is None or not user.is_authenticated:
        return False
    offices = office_ids_of(user)
    if task.lead_office_id in offices:
        return True
    return any(office.pk in offices for office in task.cooperating_offices.all())


@rules.predicate
def is_of_lead_office(user, task):
    """``user`` is the head or a contact of the task's lead office."""
    return task is not None and user.is_authenticated and task.lead_office_id in office_ids_of(user)


@rules.predicate
def is_of_plan_office(user, plan):
    """``user`` is the head or a contact of an office responsible for a task of the plan."""
    if plan is None or not user.is_authenticated:
        return False
    offices = office_ids_of(user)
    return bool(offices) and plan.tasks.filter(office_filter(offices)).exists()


@rules.predicate
def is_of_node_lead_office(user, node):
    return node is not None and is_of_lead_office(user, node.task)


@rules.predicate
def _is_plan(user, obj):
    return obj.__class__.__name__ == "WorkPlan"


@rules.predicate
def _is_task(user, obj):
    return obj.__class__.__name__ == "KeyTask"


rules.add_perm(VIEW, reads_plans | (_is_plan & is_of_plan_office) | (_is_task & is_of_task_office))
rules.add_perm(MANAGE, keeps_plan)
rules.add_perm(MARK_NODE, keeps_plan | is_of_node_lead_office)
