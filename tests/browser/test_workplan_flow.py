"""The work plan through the pages (issue 15): the discipline office uploads the year's
plan workbook, kept as hospitals keep it (the task's cells merged over its measures),
reads the preview, confirms it, finds the plan with its tasks, and copies it to next year.
"""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from tests.workplan.factories import WorkPlanFactory, plan_workbook
from workplan.models import WorkPlan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_discipline_office_imports_a_plan_and_copies_it_to_next_year(
    sign_in, live_server, media_root, tmp_path, discipline_office, department_a, department_b
):
    year = timezone.localdate().year
    plan = WorkPlanFactory(year=year, created_by=discipline_office)
    workbook = tmp_path / "工作计划表.xlsx"
    workbook.write_bytes(
        plan_workbook(
            [
                [
                    1,
                    "加强医德医风教育",
                    "开展警示教育月活动",
                    f"{year}年5月底前",
                    "受教育面100%",
                    "纪检干事",
                    "心内科",
                    "骨科",
                ],
                [None, None, "宣传廉洁文化", "第四季度", None, None, None, None],
            ],
            merges=["A2:A3", "B2:B3", "E2:E3", "F2:F3", "G2:G3", "H2:H3"],
        )
    )

    page = sign_in("discipline_office")
    page.goto(live_server.url + reverse("workplan:plans"))
    page.get_by_role("link", name=plan.title).click()
    page.get_by_role("link", name="从 Excel 导入").click()
    page.get_by_label("工作计划表（.xlsx）").set_input_files(workbook)
    page.get_by_role("button", name="上传并预览").click()

    expect(page.locator("#import-counts")).to_have_text(
        "将新增 1 项重点任务、2 条具体措施、2 个进度节点。"
    )
    expect(page.locator("#import-tasks")).to_contain_text("宣传廉洁文化")
    assert not plan.tasks.exists()
    page.get_by_role("button", name="确认导入").click()

    expect(page.locator("#plan-title")).to_have_text(plan.title)
    task = page.locator("section.card").filter(has_text="加强医德医风教育")
    expect(task).to_contain_text("开展警示教育月活动")
    expect(task).to_contain_text("宣传廉洁文化")
    expect(task).to_contain_text("骨科")
    expect(task).to_contain_text(f"{year}年5月31日")
    expect(task.locator(".task-status")).to_be_visible()

    page.get_by_role("button", name=f"复制为 {year + 1} 年度").click()
    expect(page.locator("#plan-title")).to_have_text(f"{year + 1}年廉洁医院建设工作计划表")
    copied = page.locator("section.card").filter(has_text="加强医德医风教育")
    expect(copied).to_contain_text(f"{year + 1}年5月31日")
    assert WorkPlan.objects.get(year=year + 1).copied_from == plan
