"""The Excel import of a work plan: normalisation, merged cells, every refusal, preview
then confirm (workplan/services/imports.py)."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.errors import DomainError
from tests.workplan.factories import HEADERS, WorkPlanFactory, plan_workbook
from workplan.models import KeyTask, Measure, PlanImport, ScheduleNode
from workplan.services.imports import (
    plan_import_confirm,
    plan_import_preview,
    plan_template_workbook,
    read_plan_file,
)

ROWS = [
    [
        1,
        "加强医德医风教育",
        "开展警示教育月活动",
        "2026年3月底前",
        "受教育面100%",
        "刘杰、车立蓉",
        "党政办",
        "纪委办公室，医务科",
    ],
    [None, None, "宣传廉洁文化", datetime.datetime(2026, 6, 30), None, None, None, None],
    [None, None, "总结", "长期坚持", None, None, None, None],
    [2, "深化集中整治", "畅通信访举报渠道", "上半年；11月底前", "线索按期办结", "L0002", "JWB", ""],
]
MERGES = ["A2:A4", "B2:B4", "E2:E4", "F2:F4", "G2:G4", "H2:H4"]


def _read(content, *, filename="计划.xlsx", year=2026):
    return read_plan_file(io.BytesIO(content), filename=filename, year=year)


def _texts(read):
    return [problem.text for problem in read.problems]


def test_merged_task_cells_carry_down_over_the_measures(roster):
    read = _read(plan_workbook(ROWS, merges=MERGES))
    assert read.problems == []
    assert [task["title"] for task in read.tasks] == ["加强医德医风教育", "深化集中整治"]
    first, second = read.tasks
    assert [m["text"] for m in first["measures"]] == ["开展警示教育月活动", "宣传廉洁文化", "总结"]
    assert [m["row"] for m in first["measures"]] == [2, 3, 4]
    assert [m["dates"] for m in first["measures"]] == [["2026-03-31"], ["2026-06-30"], []]
    assert first["measures"][1]["schedule_text"] == "2026年6月30日"
    assert first["measures"][2]["schedule_text"] == "长期坚持"
    assert [p["name"] for p in first["leaders"]] == ["刘杰", "车立蓉"]
    assert first["lead_office"]["name"] == "党政办"
    assert [o["name"] for o in first["cooperating_offices"]] == ["纪委办公室", "医务科"]
    # An employee number for a leader, a code for an office; two dates in one cell.
    assert [p["name"] for p in second["leaders"]] == ["车立蓉"]
    assert second["lead_office"]["name"] == "纪委办公室"
    assert second["measures"][0]["dates"] == ["2026-06-30", "2026-11-30"]


def test_task_cells_left_blank_below_the_first_row_mean_the_same(roster):
    assert _read(plan_workbook(ROWS)).tasks == _read(plan_workbook(ROWS, merges=MERGES)).tasks


def test_headers_with_spaces_full_width_characters_and_required_marks_are_recognised(roster):
    headers = [
        "序 号",
        "重点任务*",
        "具体措施＊",
        " 进度安排 ",
        "目标　成效",
        "*责任领导",
        "牵头科室",
        "配合科室",
    ]
    read = _read(plan_workbook(ROWS, headers=headers, merges=MERGES))
    assert read.problems == []
    assert len(read.tasks) == 2


def test_cell_text_is_normalised_before_matching(roster):
    rows = [[1, "任务", "措施", "３月底前", "", "刘杰\u200b", "ＤＺＢ", "医务科\n纪委办公室"]]
    read = _read(plan_workbook(rows))
    assert read.problems == []
    task = read.tasks[0]
    assert task["lead_office"]["name"] == "党政办"
    assert [o["name"] for o in task["cooperating_offices"]] == ["医务科", "纪委办公室"]
    assert task["measures"][0]["dates"] == ["2026-03-31"]


def test_a_missing_column_is_refused_naming_it(roster):
    headers = [h for h in HEADERS if h != "牵头科室"]
    rows = [[cell for i, cell in enumerate(row) if HEADERS[i] != "牵头科室"] for row in ROWS]
    read = _read(plan_workbook(rows, headers=headers))
    assert read.tasks == []
    assert len(read.problems) == 1
    assert read.problems[0].text.startswith("缺少必需的列：牵头科室。")


def test_a_task_without_a_lead_office_is_refused_naming_the_row(roster):
    rows = [list(ROWS[0]), list(ROWS[3])]
    rows[1][6] = None
    read = _read(plan_workbook(rows))
    assert _texts(read) == [
        "第 3 行「牵头科室」：重点任务“深化集中整治”没有牵头科室，每项任务须有一个牵头科室"
    ]


def test_two_lead_offices_are_refused(roster):
    rows = [list(ROWS[3])]
    rows[0][6] = "党政办、医务科"
    assert _texts(_read(plan_workbook(rows))) == [
        "第 2 行「牵头科室」：牵头科室只能填一个（填了 党政办、医务科），其余请填入「配合科室」"
    ]


def test_unknown_and_ambiguous_leaders_and_unknown_offices_name_row_and_column(roster):
    rows = [list(ROWS[0]), list(ROWS[3])]
    rows[0][5] = "刘杰、张无忌"
    rows[0][7] = "医务科、不存在科"
    rows[1][5] = "王伟"
    rows[1][6] = "外星科"
    assert _texts(_read(plan_workbook(rows))) == [
        "第 2 行「责任领导」：人员名册中没有在职人员“张无忌”",
        "第 2 行「配合科室」：科室名册中没有在用的科室“不存在科”",
        "第 3 行「牵头科室」：科室名册中没有在用的科室“外星科”",
        "第 3 行「责任领导」：“王伟”在人员名册中有 2 人同名，请改写为工号",
    ]


def test_a_lead_office_also_cooperating_is_refused(roster):
    rows = [list(ROWS[3])]
    rows[0][7] = "纪委办公室"
    assert _texts(_read(plan_workbook(rows))) == [
        "第 2 行「配合科室」：“纪委办公室”已是牵头科室，不能同时作为配合科室"
    ]


def test_a_task_cell_that_differs_below_its_first_row_is_refused(roster):
    rows = [list(ROWS[0]), list(ROWS[1])]
    rows[1][6] = "医务科"
    assert _texts(_read(plan_workbook(rows))) == [
        "第 3 行「牵头科室」：与本任务第 2 行不一致：同一任务的这一列应合并单元格或留空"
    ]


def test_a_row_without_a_measure_or_before_any_task_is_refused(roster):
    rows = [[None, None, "孤立措施", "", "", "", "", ""], list(ROWS[0])]
    rows[1][2] = None
    assert _texts(_read(plan_workbook(rows))) == [
        "第 2 行「重点任务」：该行之前没有重点任务，请填写本行所属的重点任务",
        "第 3 行「具体措施」：请填写具体措施",
    ]


def test_a_file_of_another_kind_is_refused_saying_what_is_allowed(roster):
    read = _read(b"a,b\n1,2\n", filename="计划.csv")
    assert _texts(read) == ["工作计划表只能导入 Excel 工作簿（.xlsx）格式的文件，“计划.csv”不是。"]


def _upload(content, name="计划.xlsx"):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def test_preview_writes_nothing_to_the_plan_and_confirm_writes_it(
    roster, discipline_office, media_root
):
    plan = WorkPlanFactory(year=2026)
    plan_import = plan_import_preview(
        plan=plan, upload=_upload(plan_workbook(ROWS, merges=MERGES)), by=discipline_office
    )
    assert plan_import.state == PlanImport.State.PREVIEWED
    assert plan_import.preview["counts"] == {"tasks": 2, "measures": 4, "nodes": 4, "problems": 0}
    assert KeyTask.objects.count() == 0

    plan_import_confirm(plan_import=plan_import, by=discipline_office)
    plan_import.refresh_from_db()
    assert plan_import.state == PlanImport.State.IMPORTED
    first, second = plan.tasks.order_by("order")
    assert (first.order, first.title, first.lead_office.name) == (1, "加强医德医风教育", "党政办")
    assert sorted(p.name for p in first.responsible_leaders.all()) == ["刘杰", "车立蓉"]
    assert sorted(o.name for o in first.cooperating_offices.all()) == ["医务科", "纪委办公室"]
    assert list(first.measures.values_list("order", "text", "schedule_text")) == [
        (1, "开展警示教育月活动", "2026年3月底前"),
        (2, "宣传廉洁文化", "2026年6月30日"),
        (3, "总结", "长期坚持"),
    ]
    assert list(second.nodes.values_list("due_on", flat=True)) == [
        datetime.date(2026, 6, 30),
        datetime.date(2026, 11, 30),
    ]
    assert first.history.first().history_user == discipline_office

    with pytest.raises(DomainError, match="已导入或有错误"):
        plan_import_confirm(plan_import=plan_import, by=discipline_office)
    assert KeyTask.objects.count() == 2


def test_a_file_with_problems_is_kept_refused_and_cannot_be_confirmed(
    roster, discipline_office, media_root
):
    plan = WorkPlanFactory(year=2026)
    rows = [list(ROWS[3])]
    rows[0][6] = None
    plan_import = plan_import_preview(
        plan=plan, upload=_upload(plan_workbook(rows)), by=discipline_office
    )
    assert plan_import.state == PlanImport.State.REFUSED
    assert [p["column"] for p in plan_import.preview["problems"]] == ["牵头科室"]
    with pytest.raises(DomainError):
        plan_import_confirm(plan_import=plan_import, by=discipline_office)
    assert (KeyTask.objects.count(), Measure.objects.count(), ScheduleNode.objects.count()) == (
        0,
        0,
        0,
    )


def test_confirm_is_refused_when_the_roster_changed_since_the_preview(
    roster, discipline_office, media_root
):
    plan = WorkPlanFactory(year=2026)
    plan_import = plan_import_preview(
        plan=plan, upload=_upload(plan_workbook(ROWS, merges=MERGES)), by=discipline_office
    )
    roster["leaders"]["刘杰"].active = False
    roster["leaders"]["刘杰"].save(update_fields=["active"])
    with pytest.raises(DomainError, match="请重新上传并预览"):
        plan_import_confirm(plan_import=plan_import, by=discipline_office)
    assert KeyTask.objects.count() == 0


def test_an_upload_that_is_not_an_xlsx_is_refused(roster, discipline_office, media_root):
    plan = WorkPlanFactory(year=2026)
    with pytest.raises(DomainError, match=r"只能导入 Excel 工作簿（\.xlsx）"):
        plan_import_preview(
            plan=plan, upload=_upload(b"%PDF-1.4 x", "计划.pdf"), by=discipline_office
        )
    with pytest.raises(DomainError, match="内容不是允许的文件类型"):
        plan_import_preview(
            plan=plan, upload=_upload(b"%PDF-1.4 x", "计划.xlsx"), by=discipline_office
        )
    assert PlanImport.objects.count() == 0


def test_only_the_discipline_office_imports(roster, party_office, media_root):
    plan = WorkPlanFactory(year=2026)
    with pytest.raises(DomainError, match="只有纪检监察室"):
        plan_import_preview(plan=plan, upload=_upload(plan_workbook(ROWS)), by=party_office)


def test_the_template_has_the_columns_and_an_example_row_that_reads(discipline_office):
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(plan_template_workbook())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    assert len(rows) == 2
    assert rows[1][6] == "党政办"


def test_a_schedule_merged_over_two_measures_applies_to_both(roster):
    rows = [list(ROWS[0]), list(ROWS[1])]
    rows[1][3] = None
    merged = _read(plan_workbook(rows, merges=["D2:D3"])).tasks[0]["measures"]
    assert [m["schedule_text"] for m in merged] == ["2026年3月底前", "2026年3月底前"]
    unmerged = _read(plan_workbook(rows)).tasks[0]["measures"]
    assert [m["schedule_text"] for m in unmerged] == ["2026年3月底前", ""]
