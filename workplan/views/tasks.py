"""Entering a plan in pages: tasks, their measures and schedule nodes (the discipline
office), and marking a node done (also the task's lead office)."""

from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.views import acts, run_action
from workplan.forms import MeasureForm, NodeForm, TaskForm
from workplan.rules import MANAGE, MARK_NODE, VIEW
from workplan.services import plans as services
from workplan.views.common import measure_of, node_of, plan_for, task_of, task_url

REMOVED_MESSAGES = {
    "removed": gettext_lazy("已删除。"),
    "retired": gettext_lazy("已有报告或已完成的节点，已停用（保留记录）而未删除。"),
}


def _form_page(request, form, *, plan, title, task=None, measure=None, node=None):
    return lambda: render(
        request,
        "workplan/item_form.html",
        {
            "form": form,
            "plan": plan,
            "task": task,
            "measure": measure,
            "node": node,
            "title": title,
        },
    )


def _save(request, form, page, call, success_url):
    if request.method != "POST":
        return page()
    return run_action(
        request, call, form=form, page=page, success_url=success_url, success_message=_("已保存。")
    )


def _removed(result):
    return str(REMOVED_MESSAGES[result])


# --- tasks ---------------------------------------------------------------------------


@login_required
@permission_required(MANAGE, raise_exception=True)
def task_add(request, pk):
    plan = plan_for(request, pk)
    form = TaskForm(request.POST) if request.method == "POST" else TaskForm.blank()
    page = _form_page(request, form, plan=plan, title=_("新增重点任务"))
    return _save(
        request,
        form,
        page,
        lambda: services.task_add(
            plan=plan,
            title=form.cleaned_data["title"],
            target_outcome=form.cleaned_data["target_outcome"],
            leaders=form.cleaned_data["leaders"],
            lead_office=form.cleaned_data["lead_office"],
            cooperating_offices=form.cleaned_data["cooperating_offices"],
            submission_key=form.cleaned_data["submission_key"],
            by=request.user,
        ),
        task_url,
    )


@login_required
@permission_required(MANAGE, raise_exception=True)
def task_edit(request, pk):
    task = task_of(pk)
    form = TaskForm(request.POST or None, initial=TaskForm.initial_of(task))
    page = _form_page(request, form, plan=task.plan, task=task, title=_("修改重点任务"))
    return _save(
        request,
        form,
        page,
        lambda: services.task_change(
            task=task,
            title=form.cleaned_data["title"],
            target_outcome=form.cleaned_data["target_outcome"],
            leaders=form.cleaned_data["leaders"],
            lead_office=form.cleaned_data["lead_office"],
            cooperating_offices=form.cleaned_data["cooperating_offices"],
            by=request.user,
        ),
        task_url,
    )


@acts(MANAGE)
def task_move(request, pk):
    task = task_of(pk)
    up = request.POST.get("direction") == "up"
    return run_action(
        request,
        lambda: services.task_move(task=task, up=up, by=request.user),
        success_url=task_url(task),
    )


@acts(MANAGE)
def task_remove(request, pk):
    task = task_of(pk)
    return run_action(
        request,
        lambda: services.task_remove(task=task, by=request.user),
        success_url=task_url(task),
        success_message=_removed,
    )


# --- measures ------------------------------------------------------------------------


@login_required
@permission_required(MANAGE, raise_exception=True)
def measure_add(request, pk):
    task = task_of(pk)
    form = MeasureForm(request.POST) if request.method == "POST" else MeasureForm.blank()
    page = _form_page(request, form, plan=task.plan, task=task, title=_("新增具体措施"))
    return _save(
        request,
        form,
        page,
        lambda: services.measure_add(task=task, by=request.user, **form.cleaned_data),
        task_url(task),
    )


@login_required
@permission_required(MANAGE, raise_exception=True)
def measure_edit(request, pk):
    measure = measure_of(pk)
    form = MeasureForm(
        request.POST or None, initial={"text": measure.text, "schedule_text": measure.schedule_text}
    )
    page = _form_page(
        request,
        form,
        plan=measure.task.plan,
        task=measure.task,
        measure=measure,
        title=_("修改具体措施"),
    )
    return _save(
        request,
        form,
        page,
        lambda: services.measure_change(
            measure=measure,
            text=form.cleaned_data["text"],
            schedule_text=form.cleaned_data["schedule_text"],
            by=request.user,
        ),
        task_url(measure.task),
    )


@acts(MANAGE)
def measure_move(request, pk):
    measure = measure_of(pk)
    up = request.POST.get("direction") == "up"
    return run_action(
        request,
        lambda: services.measure_move(measure=measure, up=up, by=request.user),
        success_url=task_url(measure.task),
    )


@acts(MANAGE)
def measure_remove(request, pk):
    measure = measure_of(pk)
    return run_action(
        request,
        lambda: services.measure_remove(measure=measure, by=request.user),
        success_url=task_url(measure.task),
        success_message=_removed,
    )


# --- nodes ---------------------------------------------------------------------------


@login_required
@permission_required(MANAGE, raise_exception=True)
def node_add(request, pk):
    task = task_of(pk)
    form = NodeForm(request.POST) if request.method == "POST" else NodeForm.blank()
    page = _form_page(request, form, plan=task.plan, task=task, title=_("新增进度节点"))
    return _save(
        request,
        form,
        page,
        lambda: services.node_add(task=task, by=request.user, **form.cleaned_data),
        task_url(task),
    )


@login_required
@permission_required(MANAGE, raise_exception=True)
def node_edit(request, pk):
    node = node_of(pk)
    form = NodeForm(
        request.POST or None, initial={"due_on": node.due_on, "description": node.description}
    )
    page = _form_page(
        request, form, plan=node.task.plan, task=node.task, node=node, title=_("修改进度节点")
    )
    return _save(
        request,
        form,
        page,
        lambda: services.node_change(
            node=node,
            due_on=form.cleaned_data["due_on"],
            description=form.cleaned_data["description"],
            by=request.user,
        ),
        task_url(node.task),
    )


@acts(MANAGE)
def node_remove(request, pk):
    node = node_of(pk)
    return run_action(
        request,
        lambda: services.node_remove(node=node, by=request.user),
        success_url=task_url(node.task),
        success_message=_("已删除。"),
    )


@acts()
def node_mark(request, pk):
    """Mark a node done or not: the discipline office or the task's lead office."""
    node = node_of(pk)
    if not request.user.has_perm(MARK_NODE, node):
        if request.user.has_perm(VIEW, node.task):
            raise PermissionDenied
        raise Http404
    done = request.POST.get("done") == "1"
    return run_action(
        request,
        lambda: services.node_mark(node=node, done=done, by=request.user),
        success_url=task_url(node.task),
        success_message=_("已标记完成。") if done else _("已取消完成标记。"),
    )
