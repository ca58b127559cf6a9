"""The workplan app's rows of the permission matrix (tests/test_permission_matrix.py)."""

import datetime

from tests.matrix import LOGIN, Row, anonymous_login, only, only_posts

READERS = ("party_office", "discipline_office", "leading_group", "party_committee")
# Department A leads the matrix plan's task: its contact and its head see that task.
OFFICE_A = ("applicant_a", "head_a")
KEEPER = ("discipline_office",)


def _plan(request):
    """The 2026 plan: two tasks led by department A, a measure and a node on the second."""
    from tests.workplan.factories import (
        KeyTaskFactory,
        MeasureFactory,
        ScheduleNodeFactory,
        WorkPlanFactory,
    )
    from workplan.models import WorkPlan

    for persona in OFFICE_A:
        request.getfixturevalue(persona)
    existing = WorkPlan.objects.filter(year=2026).first()
    if existing is not None:
        return existing
    department_a = request.getfixturevalue("department_a")
    plan = WorkPlanFactory(year=2026)
    KeyTaskFactory(plan=plan, order=1, lead_office=department_a, title="任务一")
    task = KeyTaskFactory(plan=plan, order=2, lead_office=department_a, title="任务二")
    measure = MeasureFactory(task=task, order=1)
    MeasureFactory(task=task, order=2)
    ScheduleNodeFactory(task=task, measure=measure, due_on=datetime.date(2026, 6, 30))
    return plan


def _plan_args(request):
    return [_plan(request).pk]


def _task_args(request):
    return [_plan(request).tasks.get(order=2).pk]


def _measure_args(request):
    return [_plan(request).tasks.get(order=2).measures.get(order=2).pk]


def _node_args(request):
    return [_plan(request).tasks.get(order=2).nodes.get().pk]


def _workbook_upload(request):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.workplan.factories import plan_workbook

    request.getfixturevalue("media_root")
    _plan(request)
    content = plan_workbook([[1, "导入的任务", "措施", "2026年3月底前", "成效", "", "A01", ""]])
    return SimpleUploadedFile("计划.xlsx", content)


def _import_args(request):
    from workplan.models import PlanImport
    from workplan.services.imports import plan_import_preview

    plan = _plan(request)
    existing = PlanImport.objects.first()
    if existing is None:
        existing = plan_import_preview(
            plan=plan,
            upload=_workbook_upload(request),
            by=request.getfixturevalue("discipline_office"),
        )
    return [existing.pk]


def _mark_refused(readers_refused=403):
    """Lead office and the discipline office mark; the other readers are refused (403);
    whoever may not see the task gets 404."""
    return anonymous_login(
        **{
            p: 302 if p in (*KEEPER, *OFFICE_A) else (403 if p in READERS else 404)
            for p in (
                "staff",
                "applicant_a",
                "applicant_b",
                "head_a",
                "reviewer_a",
                "branch_secretary_a",
                "party_office",
                "leading_group",
                "party_committee",
                "discipline_office",
                "admin_user",
            )
        }
    )


ROWS = {
    "workplan:plans": Row(build=lambda r: (_plan(r), None)[1], expect=only((*READERS, *OFFICE_A))),
    "workplan:plan": Row(build=_plan_args, expect=only((*READERS, *OFFICE_A), status_else=404)),
    "workplan:plan_create": Row(expect=only(KEEPER)),
    "workplan:plan_copy": Row(method="post", build=_plan_args, expect=only_posts(KEEPER)),
    "workplan:plan_import": Row(build=_plan_args, expect=only(KEEPER)),
    "workplan:import_preview": Row(build=_import_args, expect=only(KEEPER)),
    "workplan:import_confirm": Row(method="post", build=_import_args, expect=only_posts(KEEPER)),
    "workplan:import_template": Row(expect=only(KEEPER)),
    "workplan:task_add": Row(build=_plan_args, expect=only(KEEPER)),
    "workplan:task_edit": Row(build=_task_args, expect=only(KEEPER)),
    "workplan:task_move": Row(
        method="post", build=_task_args, data={"direction": "up"}, expect=only_posts(KEEPER)
    ),
    "workplan:task_remove": Row(method="post", build=_task_args, expect=only_posts(KEEPER)),
    "workplan:measure_add": Row(build=_task_args, expect=only(KEEPER)),
    "workplan:measure_edit": Row(build=_measure_args, expect=only(KEEPER)),
    "workplan:measure_move": Row(
        method="post", build=_measure_args, data={"direction": "up"}, expect=only_posts(KEEPER)
    ),
    "workplan:measure_remove": Row(method="post", build=_measure_args, expect=only_posts(KEEPER)),
    "workplan:node_add": Row(build=_task_args, expect=only(KEEPER)),
    "workplan:node_edit": Row(build=_node_args, expect=only(KEEPER)),
    "workplan:node_remove": Row(method="post", build=_node_args, expect=only_posts(KEEPER)),
    "workplan:node_mark": Row(
        method="post", build=_node_args, data={"done": "1"}, expect=_mark_refused()
    ),
}

TASK_FORM = {"title": "新任务", "target_outcome": "", "leaders": "", "lead_office": None}


def _task_form(request):
    return {**TASK_FORM, "lead_office": request.getfixturevalue("department_a").pk}


FORM_POSTS = {
    "workplan:plan_create": Row(
        method="post", data={"year": 2031, "title": ""}, expect=only_posts(KEEPER)
    ),
    "workplan:plan_import": Row(
        method="post",
        build=_plan_args,
        data=lambda r: {"file": _workbook_upload(r)},
        expect=only_posts(KEEPER),
    ),
    "workplan:task_add": Row(
        method="post", build=_plan_args, data=_task_form, expect=only_posts(KEEPER)
    ),
    "workplan:task_edit": Row(
        method="post", build=_task_args, data=_task_form, expect=only_posts(KEEPER)
    ),
    "workplan:measure_add": Row(
        method="post",
        build=_task_args,
        data={"text": "新措施", "schedule_text": "9月底前"},
        expect=only_posts(KEEPER),
    ),
    "workplan:measure_edit": Row(
        method="post",
        build=_measure_args,
        data={"text": "改过的措施", "schedule_text": ""},
        expect=only_posts(KEEPER),
    ),
    "workplan:node_add": Row(
        method="post",
        build=_task_args,
        data={"due_on": "2026-09-30", "description": "9月底前"},
        expect=only_posts(KEEPER),
    ),
    "workplan:node_edit": Row(
        method="post",
        build=_node_args,
        data={"due_on": "2026-07-31", "description": "7月底前"},
        expect=only_posts(KEEPER),
    ),
}

assert LOGIN == 302
