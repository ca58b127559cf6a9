"""Reads of the work plan: what a user may see, a plan's tasks with everything the
plan page shows, the tasks an office answers for, the nodes due in a period.

Public for the apps above (``reports``): ``tasks_of_office``, ``responsible_offices``,
``plan_of_year``, ``office_ids_of``, ``plan_tasks`` and ``workplan.status``.
"""

from django.db.models import Count, Prefetch, Q

from departments.models import Department
from departments.selectors import departments_user_applies_for
from workplan.models import KeyTask, Measure, PlanImport, ScheduleNode, WorkPlan

_OFFICE_IDS = "_workplan_office_ids"


def office_ids_of(user):
    """The ids of the units ``user`` heads or is a contact of (read once per user object)."""
    if user is None or not user.is_authenticated:
        return frozenset()
    cached = getattr(user, _OFFICE_IDS, None)
    if cached is None:
        heads = Department.objects.filter(head__user=user).values_list("pk", flat=True)
        contacts = departments_user_applies_for(user).values_list("pk", flat=True)
        cached = frozenset([*heads, *contacts])
        setattr(user, _OFFICE_IDS, cached)
    return cached


def office_filter(office_ids, prefix=""):
    """Tasks (under ``prefix``) whose lead or a cooperating office is among ``office_ids``."""
    return Q(**{f"{prefix}lead_office__in": office_ids}) | Q(
        **{f"{prefix}cooperating_offices__in": office_ids}
    )


def reads_every_task(user):
    return user.has_perm("workplan.view_workplan") or user.has_perm("workplan.manage_workplan")


def plan_list(user):
    """The plans ``user`` may open, newest first, each with ``task_count`` (tasks in use)."""
    plans = (
        WorkPlan.objects.select_related("copied_from")
        .annotate(
            task_count=Count("tasks", filter=Q(tasks__retired_at__isnull=True), distinct=True)
        )
        .order_by("-year")
    )
    if reads_every_task(user):
        return plans
    offices = office_ids_of(user)
    if not offices:
        return plans.none()
    ids = KeyTask.objects.filter(office_filter(offices)).values("plan_id")
    return plans.filter(pk__in=ids)


def may_see_plans(user):
    """Whether the plan list has anything for ``user``: a reader, or an office with a task."""
    if reads_every_task(user):
        return True
    offices = office_ids_of(user)
    return bool(offices) and KeyTask.objects.filter(office_filter(offices)).exists()


def visible_tasks(plan, user):
    """The plan's tasks ``user`` may see: all for the readers, else their offices' tasks."""
    tasks = KeyTask.objects.filter(plan=plan)
    if reads_every_task(user):
        return tasks
    offices = office_ids_of(user)
    return tasks.filter(pk__in=KeyTask.objects.filter(office_filter(offices)).values("pk"))


def with_plan_details(tasks):
    """``tasks`` with everything the plan page shows, in a fixed number of queries."""
    return (
        tasks.select_related("lead_office", "plan")
        .prefetch_related(
            "responsible_leaders",
            Prefetch("cooperating_offices", queryset=Department.objects.order_by("code")),
            Prefetch("measures", queryset=Measure.objects.order_by("order", "pk")),
            Prefetch("nodes", queryset=ScheduleNode.objects.order_by("due_on", "pk")),
        )
        .order_by("order")
    )


def plan_tasks(plan, user):
    """The plan's tasks ``user`` may see, as the plan page shows them (a list)."""
    return list(with_plan_details(visible_tasks(plan, user)))


def plan_of_year(year):
    """The plan of ``year``, or None."""
    return WorkPlan.objects.filter(year=year).first()


def tasks_of_office(office, *, year=None):
    """The tasks in use (not retired) that ``office`` (a Department) leads or cooperates
    on, of the plan of ``year`` when given, each once, with its plan and lead office."""
    tasks = KeyTask.objects.filter(
        pk__in=KeyTask.objects.filter(office_filter([office.pk])).values("pk"),
        retired_at__isnull=True,
    )
    if year is not None:
        tasks = tasks.filter(plan__year=year)
    return tasks.select_related("plan", "lead_office").order_by("plan__year", "order")


def responsible_offices(task):
    """The task's lead office first, then its cooperating offices (by code)."""
    return [task.lead_office, *task.cooperating_offices.order_by("code")]


def nodes_due_between(start, end, *, include_overdue=True):
    """Nodes not done that fall due from ``start`` to ``end`` (and, with
    ``include_overdue``, those past before ``start``), of tasks in use, by date."""
    when = Q(due_on__range=(start, end))
    if include_overdue:
        when |= Q(due_on__lt=start)
    return (
        ScheduleNode.objects.filter(when, done_on__isnull=True, task__retired_at__isnull=True)
        .select_related("task", "task__plan", "task__lead_office")
        .order_by("due_on", "pk")
    )


def imports_of_plan(plan):
    return PlanImport.objects.filter(plan=plan).select_related("uploaded_by")
