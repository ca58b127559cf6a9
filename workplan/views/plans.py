from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.lists import list_page
from core.views import acts, run_action
from workplan import selectors
from workplan.forms import PlanCreateForm
from workplan.lists import PlanTable
from workplan.rules import MANAGE, is_of_lead_office, keeps_plan
from workplan.services import plans as services
from workplan.status import task_statuses
from workplan.views.common import plan_for


@login_required
def plan_list(request):
    """The plans the user may open: every plan for the working group, the plans with
    a task of their office for an office's head or contact."""
    if not selectors.may_see_plans(request.user):
        raise PermissionDenied
    return list_page(
        request,
        rows=selectors.plan_list(request.user),
        table_class=PlanTable,
        template="workplan/plan_list.html",
        title=_("工作计划"),
        export_name=_("工作计划"),
    )


@login_required
@permission_required(MANAGE, raise_exception=True)
def plan_create(request):
    form = PlanCreateForm(request.POST or None)
    page = lambda: render(request, "workplan/plan_form.html", {"form": form})  # noqa: E731
    if request.method != "POST":
        return page()
    return run_action(
        request,
        lambda: services.plan_create(
            year=form.cleaned_data["year"], title=form.cleaned_data["title"], by=request.user
        ),
        form=form,
        page=page,
        success_url=lambda plan: reverse("workplan:plan", args=[plan.pk]),
        success_message=_("已创建工作计划。"),
    )


@login_required
def plan_detail(request, pk):
    plan = plan_for(request, pk)
    tasks = selectors.plan_tasks(plan, request.user)
    statuses = task_statuses(tasks, today=timezone.localdate())
    for task in tasks:
        task.status = statuses[task.pk]
        # The rule of workplan.mark_node, asked of the predicates: has_perm on each node
        # would ask django-guardian too, a query per node.
        task.may_mark = keeps_plan(request.user) or is_of_lead_office(request.user, task)
    return render(
        request,
        "workplan/plan_detail.html",
        {
            "plan": plan,
            "tasks": tasks,
            "sees_all": selectors.reads_every_task(request.user),
            "next_year_exists": selectors.plan_of_year(plan.year + 1) is not None,
        },
    )


@acts(MANAGE)
def plan_copy(request, pk):
    plan = plan_for(request, pk)
    return run_action(
        request,
        lambda: services.plan_copy(plan=plan, by=request.user),
        success_url=lambda copy: reverse("workplan:plan", args=[copy.pk]),
        refused_url=reverse("workplan:plan", args=[plan.pk]),
        success_message=lambda copy: _("已复制为 %(year)s 年度工作计划。") % {"year": copy.year},
    )
