"""Keeping the work plan: plans, key tasks, measures and schedule nodes, in pages.

Every service takes ``by`` (who acts; refused unless they hold the permission the
rules name), runs in one transaction and writes a history row for every change
(django-simple-history, credited to ``by``).

What may be removed (docs/yearwork.md, "Work plan"): a task is *in use* once any
other app keeps a row about it (an office's report, ``reports``). Before that, a
task, a measure or a node entered by mistake is removed (its history keeps it);
once in use, a task or a measure is retired instead (kept, shown as 已停用, no
longer reported on) and its nodes stay; a node marked done is never removed.
"""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import AlreadySubmittedError, DomainError
from core.history import changed_by
from core.permissions import require
from workplan.models import KeyTask, Measure, ScheduleNode, WorkPlan
from workplan.rules import MANAGE, MARK_NODE
from workplan.schedule import read_schedule

MIN_YEAR = 2000
MAX_YEAR = 2100


def _require_keeper(by):
    require(by, MANAGE, message=_("只有纪检监察室可以编制工作计划。"))


def task_in_use(task):
    """Whether another app keeps a row about ``task`` (a report): then it is retired,
    never removed. Asked of the relations other apps declare to ``KeyTask`` (foreign
    keys, one-to-one and many-to-many alike; their history tables aside), so
    ``workplan`` need not know them."""
    for relation in task._meta.related_objects:
        related = relation.related_model
        if related._meta.app_label == "workplan" or related.__name__.startswith("Historical"):
            continue
        if related._default_manager.filter(**{relation.field.name: task}).exists():
            return True
    return False


def _require_new(model, submission_key, by):
    """Refuse a second row from the same form (a double click, a resend); the user's
    row is locked first, so a second click waits for the first and then finds its row."""
    if not submission_key:
        return
    User.objects.select_for_update(no_key=True).filter(pk=by.pk).first()
    earlier = model.objects.filter(submission_key=submission_key).first()
    if earlier is not None:
        raise AlreadySubmittedError(_("已经保存过，没有重复登记。"), existing=earlier)


def _locked_plan(plan):
    return WorkPlan.objects.select_for_update().get(pk=plan.pk)


# --- plans ---------------------------------------------------------------------------


@transaction.atomic
def plan_create(*, year, title="", by):
    """Create the (empty) plan of ``year``; refused when the year already has one.

    Side effects: a ``WorkPlan`` row and its history row.
    """
    _require_keeper(by)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise DomainError(
            _("年度应在 %(min)s 至 %(max)s 之间。") % {"min": MIN_YEAR, "max": MAX_YEAR},
            field="year",
        )
    if WorkPlan.objects.filter(year=year).exists():
        raise DomainError(_("%(year)s 年度的工作计划已经存在。") % {"year": year}, field="year")
    plan = WorkPlan(
        year=year,
        title=title.strip() or _("%(year)s年廉洁医院建设工作计划表") % {"year": year},
        created_by=by,
    )
    changed_by(plan, by=by).save()
    return plan


def _next_year_date(date):
    """The same day a year later; 29 February becomes 28 February."""
    try:
        return date.replace(year=date.year + 1)
    except ValueError:
        return date.replace(year=date.year + 1, day=28)


def _next_year_text(text, year):
    return text.replace(f"{year}年", f"{year + 1}年")


@transaction.atomic
def plan_copy(*, plan, by):
    """Copy ``plan`` (year N) to a new plan of year N+1, ``copied_from`` the plan.

    Copies the tasks in use (not retired) with their titles, target outcomes, leaders,
    lead and cooperating offices and measures (with their schedule text, "2026年" read
    as "2027年"), and their nodes one year later (29 February → 28 February), none
    marked done. Refused when year N+1 has a plan.

    Side effects: the new plan, tasks, measures and nodes, each with a history row.
    """
    _require_keeper(by)
    year = plan.year + 1
    if WorkPlan.objects.filter(year=year).exists():
        raise DomainError(_("%(year)s 年度的工作计划已经存在，不能再复制。") % {"year": year})
    copy = WorkPlan(
        year=year,
        title=_next_year_text(plan.title, plan.year).replace(str(plan.year), str(year)),
        copied_from=plan,
        created_by=by,
    )
    changed_by(copy, by=by, reason=_("复制自%(year)s年度") % {"year": plan.year}).save()
    tasks = (
        plan.tasks.filter(retired_at__isnull=True)
        .prefetch_related("responsible_leaders", "cooperating_offices", "measures", "nodes")
        .order_by("order")
    )
    for order, task in enumerate(tasks, start=1):
        new_task = KeyTask(
            plan=copy,
            order=order,
            title=task.title,
            target_outcome=task.target_outcome,
            lead_office_id=task.lead_office_id,
        )
        changed_by(new_task, by=by).save()
        new_task.responsible_leaders.set(task.responsible_leaders.all())
        new_task.cooperating_offices.set(task.cooperating_offices.all())
        measures = {}
        kept = [m for m in task.measures.all() if m.retired_at is None]
        for measure_order, measure in enumerate(
            sorted(kept, key=lambda m: (m.order, m.pk)), start=1
        ):
            new_measure = Measure(
                task=new_task,
                order=measure_order,
                text=measure.text,
                schedule_text=_next_year_text(measure.schedule_text, plan.year),
            )
            changed_by(new_measure, by=by).save()
            measures[measure.pk] = new_measure
        for node in task.nodes.all():
            if node.measure_id is not None and node.measure_id not in measures:
                continue  # the node of a retired measure stays with it
            new_node = ScheduleNode(
                task=new_task,
                measure=measures.get(node.measure_id),
                due_on=_next_year_date(node.due_on),
                description=_next_year_text(node.description, plan.year),
            )
            changed_by(new_node, by=by).save()
    return copy


# --- tasks ---------------------------------------------------------------------------


def _check_offices(lead_office, cooperating_offices):
    if lead_office is None:
        raise DomainError(_("请选择牵头科室。"), field="lead_office")
    if any(office.pk == lead_office.pk for office in cooperating_offices):
        raise DomainError(
            _("“%(office)s”已是牵头科室，不能同时作为配合科室。") % {"office": lead_office.name},
            field="cooperating_offices",
        )


@transaction.atomic
def task_add(
    *,
    plan,
    title,
    lead_office,
    target_outcome="",
    leaders=(),
    cooperating_offices=(),
    submission_key=None,
    by,
):
    """Add a key task at the end of ``plan``. A second call with the same
    ``submission_key`` (the form's) adds nothing (``AlreadySubmittedError``).

    Side effects: the ``KeyTask`` row with its leaders and offices, and history rows.
    """
    _require_keeper(by)
    _check_offices(lead_office, cooperating_offices)
    _require_new(KeyTask, submission_key, by)
    plan = _locked_plan(plan)
    last = plan.tasks.aggregate(last=Max("order"))["last"] or 0
    task = KeyTask(
        plan=plan,
        order=last + 1,
        title=title.strip(),
        target_outcome=target_outcome.strip(),
        lead_office=lead_office,
        submission_key=submission_key,
    )
    changed_by(task, by=by).save()
    task.responsible_leaders.set(leaders)
    task.cooperating_offices.set(cooperating_offices)
    return task


@transaction.atomic
def task_change(
    *, task, title, lead_office, target_outcome="", leaders=(), cooperating_offices=(), by
):
    """Change a task's title, target outcome, leaders and offices.

    Side effects: the task row, its leaders and offices, and history rows.
    """
    _require_keeper(by)
    _check_offices(lead_office, cooperating_offices)
    task = KeyTask.objects.select_for_update().get(pk=task.pk)
    task.title = title.strip()
    task.target_outcome = target_outcome.strip()
    task.lead_office = lead_office
    changed_by(task, by=by).save(update_fields=["title", "target_outcome", "lead_office"])
    task.responsible_leaders.set(leaders)
    task.cooperating_offices.set(cooperating_offices)
    return task


def _swap(model, item, neighbour, *, by):
    """Exchange the ``order`` of two rows under a unique (parent, order) constraint."""
    first, second = item.order, neighbour.order
    model.objects.filter(pk=item.pk).update(order=0)
    neighbour.order = first
    changed_by(neighbour, by=by).save(update_fields=["order"])
    item.order = second
    changed_by(item, by=by).save(update_fields=["order"])


@transaction.atomic
def task_move(*, task, up, by):
    """Move a task one place up (or down) in its plan; at either end nothing changes.

    Side effects: the two tasks' ``order`` and their history rows.
    """
    _require_keeper(by)
    _locked_plan(task.plan)
    task = KeyTask.objects.get(pk=task.pk)
    siblings = KeyTask.objects.filter(plan_id=task.plan_id)
    neighbour = (
        siblings.filter(order__lt=task.order).order_by("-order").first()
        if up
        else siblings.filter(order__gt=task.order).order_by("order").first()
    )
    if neighbour is not None:
        _swap(KeyTask, task, neighbour, by=by)
    return task


@transaction.atomic
def task_remove(*, task, by):
    """Remove a task not in use (with its measures and nodes); retire one in use.

    Returns "removed" or "retired". Refused for a task already retired, or one with a
    node marked done that is not in use (it is retired instead, not removed).
    Side effects: deleted rows (each leaves a history row) or the task's
    ``retired_at``/``retired_by`` and its history row.
    """
    _require_keeper(by)
    task = KeyTask.objects.select_for_update().get(pk=task.pk)
    if task.retired_at is not None:
        raise DomainError(_("该任务已停用。"))
    if task_in_use(task) or task.nodes.filter(done_on__isnull=False).exists():
        task.retired_at = timezone.now()
        task.retired_by = by
        changed_by(task, by=by, reason=_("已有报告或已完成节点，停用而不删除")).save(
            update_fields=["retired_at", "retired_by"]
        )
        return "retired"
    for node in task.nodes.all():
        changed_by(node, by=by).delete()
    for measure in task.measures.all():
        changed_by(measure, by=by).delete()
    task.responsible_leaders.clear()
    task.cooperating_offices.clear()
    changed_by(task, by=by).delete()
    return "removed"


# --- measures ------------------------------------------------------------------------


def _require_task_open(task):
    if task.retired_at is not None:
        raise DomainError(_("该任务已停用，不能再修改。"))


@transaction.atomic
def measure_add(*, task, text, schedule_text="", submission_key=None, by):
    """Add a measure at the end of ``task``; the dates its schedule text names become
    nodes of the task (``workplan.schedule``).

    Side effects: the ``Measure`` row, a ``ScheduleNode`` per date, history rows.
    """
    _require_keeper(by)
    _require_new(Measure, submission_key, by)
    task = KeyTask.objects.select_for_update().get(pk=task.pk)
    _require_task_open(task)
    text = text.strip()
    if not text:
        raise DomainError(_("请填写具体措施。"), field="text")
    last = task.measures.aggregate(last=Max("order"))["last"] or 0
    schedule_text, dates = read_schedule(schedule_text.strip() or None, year=task.plan.year)
    measure = Measure(
        task=task,
        order=last + 1,
        text=text,
        schedule_text=schedule_text,
        submission_key=submission_key,
    )
    changed_by(measure, by=by).save()
    for date in dates:
        node = ScheduleNode(task=task, measure=measure, due_on=date, description=text[:300])
        changed_by(node, by=by).save()
    return measure


@transaction.atomic
def measure_change(*, measure, text, schedule_text="", by):
    """Change a measure's text and schedule text (its nodes are kept as they are:
    nodes are changed on their own).

    Side effects: the measure row and its history row.
    """
    _require_keeper(by)
    measure = Measure.objects.select_for_update().select_related("task").get(pk=measure.pk)
    _require_task_open(measure.task)
    if not text.strip():
        raise DomainError(_("请填写具体措施。"), field="text")
    measure.text = text.strip()
    measure.schedule_text = schedule_text.strip()[:300]
    changed_by(measure, by=by).save(update_fields=["text", "schedule_text"])
    return measure


@transaction.atomic
def measure_move(*, measure, up, by):
    """Move a measure one place up (or down) within its task.

    Side effects: the two measures' ``order`` and their history rows.
    """
    _require_keeper(by)
    KeyTask.objects.select_for_update().get(pk=measure.task_id)
    measure = Measure.objects.get(pk=measure.pk)
    siblings = Measure.objects.filter(task_id=measure.task_id)
    neighbour = (
        siblings.filter(order__lt=measure.order).order_by("-order").first()
        if up
        else siblings.filter(order__gt=measure.order).order_by("order").first()
    )
    if neighbour is not None:
        first, second = measure.order, neighbour.order
        neighbour.order = first
        changed_by(neighbour, by=by).save(update_fields=["order"])
        measure.order = second
        changed_by(measure, by=by).save(update_fields=["order"])
    return measure


@transaction.atomic
def measure_remove(*, measure, by):
    """Remove a measure (and its nodes) while its task is not in use and none of its
    nodes is done; otherwise retire it. Returns "removed" or "retired".

    Side effects: deleted rows with their history rows, or ``retired_at`` and a history row.
    """
    _require_keeper(by)
    measure = Measure.objects.select_for_update().select_related("task").get(pk=measure.pk)
    if measure.retired_at is not None:
        raise DomainError(_("该措施已停用。"))
    if task_in_use(measure.task) or measure.nodes.filter(done_on__isnull=False).exists():
        measure.retired_at = timezone.now()
        changed_by(measure, by=by, reason=_("任务已有报告或节点已完成，停用而不删除")).save(
            update_fields=["retired_at"]
        )
        return "retired"
    for node in measure.nodes.all():
        changed_by(node, by=by).delete()
    changed_by(measure, by=by).delete()
    return "removed"


# --- schedule nodes ------------------------------------------------------------------


def _check_node(task, due_on, description):
    if due_on is None:
        raise DomainError(_("请填写完成时限。"), field="due_on")
    if not description.strip():
        raise DomainError(_("请填写进度安排。"), field="description")


@transaction.atomic
def node_add(*, task, due_on, description, measure=None, submission_key=None, by):
    """Add a schedule node to ``task`` (of one of its measures when given).

    Side effects: the ``ScheduleNode`` row and its history row.
    """
    _require_keeper(by)
    _require_new(ScheduleNode, submission_key, by)
    task = KeyTask.objects.select_for_update().get(pk=task.pk)
    _require_task_open(task)
    _check_node(task, due_on, description)
    if measure is not None and measure.task_id != task.pk:
        raise DomainError(_("所选措施不属于该任务。"), field="measure")
    node = ScheduleNode(
        task=task,
        measure=measure,
        due_on=due_on,
        description=description.strip()[:300],
        submission_key=submission_key,
    )
    changed_by(node, by=by).save()
    return node


@transaction.atomic
def node_change(*, node, due_on, description, by):
    """Change a node's date and text; refused once it is marked done.

    Side effects: the node row and its history row.
    """
    _require_keeper(by)
    node = ScheduleNode.objects.select_for_update().select_related("task").get(pk=node.pk)
    _require_task_open(node.task)
    if node.done_on is not None:
        raise DomainError(_("该节点已标记完成，不能再修改；如需调整，请先取消完成标记。"))
    _check_node(node.task, due_on, description)
    node.due_on = due_on
    node.description = description.strip()[:300]
    changed_by(node, by=by).save(update_fields=["due_on", "description"])
    return node


@transaction.atomic
def node_remove(*, node, by):
    """Remove a node entered by mistake: refused once it is marked done or its task
    is in use (reports were made against the schedule it belongs to).

    Side effects: the node is deleted; its history keeps it.
    """
    _require_keeper(by)
    node = ScheduleNode.objects.select_for_update().select_related("task").get(pk=node.pk)
    if node.done_on is not None:
        raise DomainError(_("该节点已标记完成，不能删除。"))
    if task_in_use(node.task):
        raise DomainError(_("该任务已有报告，节点不能删除；可修改其日期或说明。"))
    changed_by(node, by=by).delete()


@transaction.atomic
def node_mark(*, node, done, today=None, by):
    """Mark a node done (today) or not done: the discipline office or the head or a
    contact of the task's lead office.

    Side effects: ``done_on``/``done_by`` and a history row.
    """
    require(by, MARK_NODE, node, message=_("只有牵头科室或纪检监察室可以标记节点完成。"))
    node = ScheduleNode.objects.select_for_update().select_related("task").get(pk=node.pk)
    _require_task_open(node.task)
    if done == (node.done_on is not None):
        return node
    node.done_on = (today or timezone.localdate()) if done else None
    node.done_by = by if done else None
    changed_by(node, by=by).save(update_fields=["done_on", "done_by"])
    return node
