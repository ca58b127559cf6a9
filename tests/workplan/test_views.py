"""The work plan's pages (workplan/views)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.workplan.factories import (
    KeyTaskFactory,
    MeasureFactory,
    ScheduleNodeFactory,
    WorkPlanFactory,
    plan_workbook,
)
from workplan.models import KeyTask, Measure, PlanImport, ScheduleNode, WorkPlan


@pytest.fixture
def plan(department_a, department_b):
    plan = WorkPlanFactory(year=2026)
    task = KeyTaskFactory(plan=plan, order=1, title="加强医德医风教育", lead_office=department_a)
    task.cooperating_offices.set([department_b])
    MeasureFactory(task=task, order=1, text="开展警示教育月活动", schedule_text="5月底前")
    ScheduleNodeFactory(task=task, due_on=datetime.date(2026, 5, 31), description="5月底前完成")
    KeyTaskFactory(plan=plan, order=2, title="别的科室的任务")
    return plan


def test_plan_list_shows_the_plans(persona_client, plan):
    content = persona_client("party_committee").get(reverse("workplan:plans")).content.decode()
    assert plan.title in content
    assert reverse("workplan:plan", args=[plan.pk]) in content
    assert reverse("workplan:plan_create") not in content


def test_plan_list_offers_the_keeper_a_new_plan_and_the_template(persona_client, plan):
    content = persona_client("discipline_office").get(reverse("workplan:plans")).content.decode()
    assert reverse("workplan:plan_create") in content
    assert reverse("workplan:import_template") in content


def test_plan_page_shows_tasks_measures_nodes_offices_and_status(persona_client, plan):
    content = (
        persona_client("leading_group")
        .get(reverse("workplan:plan", args=[plan.pk]))
        .content.decode()
    )
    assert "加强医德医风教育" in content
    assert "开展警示教育月活动" in content
    assert "（5月底前）" in content
    assert "2026年5月31日" in content
    assert "心内科" in content
    assert "骨科" in content
    assert "别的科室的任务" in content
    assert 'class="badge text-bg-' in content
    assert reverse("workplan:task_edit", args=[plan.tasks.get(order=1).pk]) not in content


def test_an_office_sees_only_its_tasks(persona_client, plan):
    content = (
        persona_client("applicant_b").get(reverse("workplan:plan", args=[plan.pk])).content.decode()
    )
    assert "加强医德医风教育" in content
    assert "别的科室的任务" not in content
    assert "以下为本科室牵头或配合的重点任务" in content
    # A cooperating office does not mark the lead office's nodes.
    node = ScheduleNode.objects.get()
    assert reverse("workplan:node_mark", args=[node.pk]) not in content
    content = (
        persona_client("applicant_a").get(reverse("workplan:plan", args=[plan.pk])).content.decode()
    )
    assert reverse("workplan:node_mark", args=[node.pk]) in content


def test_plan_create_page_creates_the_plan(persona_client):
    client = persona_client("discipline_office")
    assert client.get(reverse("workplan:plan_create")).status_code == 200
    response = client.post(reverse("workplan:plan_create"), {"year": 2027, "title": ""})
    plan = WorkPlan.objects.get(year=2027)
    assert response["Location"] == reverse("workplan:plan", args=[plan.pk])
    response = client.post(reverse("workplan:plan_create"), {"year": 2027, "title": ""})
    assert response.status_code == 200
    assert "2027 年度的工作计划已经存在" in response.content.decode()


def test_task_pages_add_and_edit(persona_client, plan, department_a, department_b):
    client = persona_client("discipline_office")
    assert client.get(reverse("workplan:task_add", args=[plan.pk])).status_code == 200
    response = client.post(
        reverse("workplan:task_add", args=[plan.pk]),
        {"title": "新任务", "leaders": "不存在的人", "lead_office": department_a.pk},
    )
    assert response.status_code == 200
    assert "人员名册中没有在职人员“不存在的人”" in response.content.decode()
    response = client.post(
        reverse("workplan:task_add", args=[plan.pk]),
        {"title": "新任务", "leaders": "纪检干事", "lead_office": department_a.pk},
    )
    task = KeyTask.objects.get(title="新任务")
    assert response["Location"].endswith(f"#task-{task.pk}")
    assert [p.name for p in task.responsible_leaders.all()] == ["纪检干事"]
    page = client.get(reverse("workplan:task_edit", args=[task.pk])).content.decode()
    assert 'value="纪检干事"' in page
    client.post(
        reverse("workplan:task_edit", args=[task.pk]),
        {"title": "新任务（改）", "leaders": "", "lead_office": department_b.pk},
    )
    task.refresh_from_db()
    assert (task.title, task.lead_office) == ("新任务（改）", department_b)


def test_measure_and_node_pages(persona_client, plan):
    client = persona_client("discipline_office")
    task = plan.tasks.get(order=1)
    assert client.get(reverse("workplan:measure_add", args=[task.pk])).status_code == 200
    client.post(
        reverse("workplan:measure_add", args=[task.pk]),
        {"text": "新措施", "schedule_text": "9月底前"},
    )
    measure = Measure.objects.get(text="新措施")
    assert list(measure.nodes.values_list("due_on", flat=True)) == [datetime.date(2026, 9, 30)]
    assert client.get(reverse("workplan:measure_edit", args=[measure.pk])).status_code == 200
    client.post(
        reverse("workplan:measure_edit", args=[measure.pk]),
        {"text": "新措施二", "schedule_text": ""},
    )
    client.post(reverse("workplan:measure_move", args=[measure.pk]), {"direction": "up"})
    assert Measure.objects.get(pk=measure.pk).order == 1
    assert client.get(reverse("workplan:node_add", args=[task.pk])).status_code == 200
    client.post(
        reverse("workplan:node_add", args=[task.pk]),
        {"due_on": "2026-10-31", "description": "10月底前"},
    )
    node = ScheduleNode.objects.get(description="10月底前")
    assert client.get(reverse("workplan:node_edit", args=[node.pk])).status_code == 200
    client.post(
        reverse("workplan:node_edit", args=[node.pk]),
        {"due_on": "2026-11-30", "description": "11月底前"},
    )
    node.refresh_from_db()
    assert node.due_on == datetime.date(2026, 11, 30)
    client.post(reverse("workplan:node_mark", args=[node.pk]), {"done": "1"})
    node.refresh_from_db()
    assert node.done_on is not None
    response = client.post(reverse("workplan:node_remove", args=[node.pk]), follow=True)
    assert "该节点已标记完成，不能删除" in response.content.decode()
    client.post(reverse("workplan:measure_remove", args=[measure.pk]))
    # Its own node is not done and nothing reports on the task: removed, not retired.
    assert not Measure.objects.filter(pk=measure.pk).exists()


def test_task_move_and_remove(persona_client, plan):
    client = persona_client("discipline_office")
    second = plan.tasks.get(order=2)
    client.post(reverse("workplan:task_move", args=[second.pk]), {"direction": "up"})
    assert KeyTask.objects.get(pk=second.pk).order == 1
    response = client.post(reverse("workplan:task_remove", args=[second.pk]), follow=True)
    assert "已删除。" in response.content.decode()
    assert not KeyTask.objects.filter(pk=second.pk).exists()


def test_copy_page_action(persona_client, plan):
    response = persona_client("discipline_office").post(
        reverse("workplan:plan_copy", args=[plan.pk])
    )
    copy = WorkPlan.objects.get(year=2027)
    assert response["Location"] == reverse("workplan:plan", args=[copy.pk])
    assert copy.copied_from == plan


def test_import_pages_preview_then_confirm(persona_client, plan, department_a, media_root):
    client = persona_client("discipline_office")
    page = client.get(reverse("workplan:plan_import", args=[plan.pk])).content.decode()
    assert "「牵头科室」" in page
    content = plan_workbook(
        [
            [1, "导入任务", "措施一", "3月底前", "成效", "", "A01", ""],
            [None, None, "措施二", "6月底前", None, None, None, None],
        ],
        merges=["B2:B3", "G2:G3"],
    )
    response = client.post(
        reverse("workplan:plan_import", args=[plan.pk]),
        {"file": SimpleUploadedFile("计划.xlsx", content)},
    )
    plan_import = PlanImport.objects.get()
    assert response["Location"] == reverse("workplan:import_preview", args=[plan_import.pk])
    preview = client.get(response["Location"]).content.decode()
    assert "将新增 1 项重点任务、2 条具体措施、2 个进度节点" in preview
    assert not KeyTask.objects.filter(title="导入任务").exists()
    client.post(reverse("workplan:import_confirm", args=[plan_import.pk]))
    task = KeyTask.objects.get(title="导入任务")
    assert task.order == 3
    assert task.measures.count() == 2


def test_import_page_refuses_another_kind_of_file(persona_client, plan, media_root):
    response = persona_client("discipline_office").post(
        reverse("workplan:plan_import", args=[plan.pk]),
        {"file": SimpleUploadedFile("计划.csv", b"a,b\n")},
    )
    assert response.status_code == 200
    assert "工作计划表只能导入 Excel 工作簿（.xlsx）格式的文件" in response.content.decode()
    assert not PlanImport.objects.exists()


def test_import_preview_lists_every_problem(persona_client, plan, media_root):
    content = plan_workbook([[1, "任务", "", "", "", "查无此人", "", ""]])
    client = persona_client("discipline_office")
    client.post(
        reverse("workplan:plan_import", args=[plan.pk]),
        {"file": SimpleUploadedFile("计划.xlsx", content)},
    )
    page = client.get(
        reverse("workplan:import_preview", args=[PlanImport.objects.get().pk])
    ).content.decode()
    assert "文件有 3 处错误，整份文件不会导入" in page
    assert "第 2 行「牵头科室」" in page
    assert "第 2 行「责任领导」" in page
    assert "第 2 行「具体措施」" in page
    assert "确认导入" not in page


def test_import_template_downloads(persona_client):
    response = persona_client("discipline_office").get(reverse("workplan:import_template"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response.content[:2] == b"PK"


def test_nav_links_the_plans_for_the_readers(persona_client):
    assert (
        reverse("workplan:plans")
        in persona_client("party_office").get(reverse("home")).content.decode()
    )
    assert (
        reverse("workplan:plans")
        not in persona_client("staff").get(reverse("home")).content.decode()
    )


def _count(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries)


def test_plan_list_queries_do_not_grow_with_plans(persona_client, plan):
    client = persona_client("discipline_office")
    url = reverse("workplan:plans")
    one = _count(client, url)
    for year in (2027, 2028, 2029):
        WorkPlanFactory(year=year, copied_from=plan)
    assert _count(client, url) == one


@pytest.mark.parametrize("persona", ["discipline_office", "applicant_a"])
def test_plan_page_queries_do_not_grow_with_tasks(
    persona_client, plan, department_a, department_b, persona
):
    client = persona_client(persona)
    url = reverse("workplan:plan", args=[plan.pk])
    one = _count(client, url)
    for order in (3, 4, 5):
        task = KeyTaskFactory(plan=plan, order=order, lead_office=department_a)
        task.cooperating_offices.set([department_b])
        MeasureFactory(task=task)
        MeasureFactory(task=task)
        ScheduleNodeFactory(task=task)
        ScheduleNodeFactory(task=task, done_on=datetime.date(2026, 1, 2))
    assert _count(client, url) == one


def test_a_task_form_sent_twice_adds_one_task(persona_client, plan, department_a):
    client = persona_client("discipline_office")
    page = client.get(reverse("workplan:task_add", args=[plan.pk])).content.decode()
    key = page.split('name="submission_key" value="')[1].split('"')[0]
    data = {
        "title": "双击的任务",
        "leaders": "",
        "lead_office": department_a.pk,
        "submission_key": key,
    }
    first = client.post(reverse("workplan:task_add", args=[plan.pk]), data)
    second = client.post(reverse("workplan:task_add", args=[plan.pk]), data)
    assert first["Location"] == second["Location"]
    assert KeyTask.objects.filter(title="双击的任务").count() == 1
