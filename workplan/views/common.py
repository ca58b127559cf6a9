from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse

from workplan.models import KeyTask, Measure, ScheduleNode, WorkPlan
from workplan.rules import VIEW


def plan_for(request, pk):
    """The plan, if the user may see it (else 404)."""
    plan = get_object_or_404(WorkPlan, pk=pk)
    if not request.user.has_perm(VIEW, plan):
        raise Http404
    return plan


def task_url(task):
    return reverse("workplan:plan", args=[task.plan_id]) + f"#task-{task.pk}"


def task_of(pk):
    return get_object_or_404(KeyTask.objects.select_related("plan", "lead_office"), pk=pk)


def measure_of(pk):
    return get_object_or_404(Measure.objects.select_related("task", "task__plan"), pk=pk)


def node_of(pk):
    return get_object_or_404(ScheduleNode.objects.select_related("task", "task__plan"), pk=pk)
