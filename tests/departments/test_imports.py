"""Roster import rules: every refusal names the row (as Excel shows it) and the column."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone, translation
from openpyxl import load_workbook

from accounts.models import User
from accounts.roles import Role
from core.errors import DomainError
from departments import selectors, services
from departments.imports import run_roster_import
from departments.models import Appointment, Department, PartyBranch, Person, Post, RosterImport
from tests.factories import (
    DEPARTMENT_HEADERS,
    PEOPLE_HEADERS,
    DepartmentFactory,
    PersonFactory,
    UserFactory,
    spreadsheet_bytes,
    spreadsheet_upload,
)

pytestmark = pytest.mark.usefixtures("media_root")

HistoricalPerson = Person.history.model


def upload(by, headers, rows, *, roster="people", fmt="xlsx", encoding="utf-8-sig"):
    return services.roster_import_upload(
        roster=roster,
        uploaded_file=spreadsheet_upload(headers, rows, fmt=fmt, encoding=encoding),
        by=by,
    )


def problems(roster_import):
    return [problem["text"] for problem in roster_import.preview["problems"]]


def person_row(
    number="E001", name="张三", code="A01", joined="2020-03-01", party="否", active="是"
):
    return [number, name, code, joined, party, active]


# --- previews and imports that succeed ------------------------------------------------------


def test_people_import_previews_new_rows_without_writing(party_office, department_a):
    roster_import = upload(
        party_office, PEOPLE_HEADERS, [person_row(), person_row("E002", "李四", party="是")]
    )
    assert roster_import.state == RosterImport.State.PREVIEWED
    assert roster_import.preview["counts"] == {
        "new": 2,
        "changed": 0,
        "unchanged": 0,
        "problems": 0,
    }
    assert roster_import.preview["rows"][1] == {
        "row": 3,
        "type": "new",
        "key": "E002",
        "name": "李四",
        "values": ["E002", "李四", "心内科（A01）", "2020-03-01", "是", "是"],
    }
    assert not Person.objects.filter(employee_number__in=["E001", "E002"]).exists()


def test_people_import_confirm_writes_people_with_history_naming_the_importer(
    party_office, department_a
):
    roster_import = upload(
        party_office, PEOPLE_HEADERS, [person_row(), person_row("E002", "李四", party="是")]
    )
    roster_import = services.roster_import_confirm(roster_import=roster_import, by=party_office)
    assert roster_import.state == RosterImport.State.IMPORTED
    li = Person.objects.get(employee_number="E002")
    assert (li.name, li.department, li.joined_department_on, li.is_party_member, li.active) == (
        "李四",
        department_a,
        datetime.date(2020, 3, 1),
        True,
        True,
    )
    record = li.history.get()
    assert record.history_type == "+"
    assert record.history_user == party_office
    assert record.history_change_reason == f"名册导入第 {roster_import.pk} 号（名册.xlsx）"


def test_people_import_accepts_columns_in_another_order(party_office, department_a):
    headers = ["在职", "调入本科室日期", "姓名", "党员", "科室编码", "工号"]
    roster_import = upload(
        party_office, headers, [["是", "2021-05-06", "王五", "是", "A01", "E009"]]
    )
    services.roster_import_confirm(roster_import=roster_import, by=party_office)
    wang = Person.objects.get(employee_number="E009")
    assert (wang.name, wang.department, wang.joined_department_on, wang.is_party_member) == (
        "王五",
        department_a,
        datetime.date(2021, 5, 6),
        True,
    )


@pytest.mark.parametrize("encoding", ["gbk", "utf-8-sig", "utf-8"])
def test_people_import_reads_csv_saved_by_chinese_excel(party_office, department_a, encoding):
    roster_import = upload(
        party_office, PEOPLE_HEADERS, [person_row(name="赵六")], fmt="csv", encoding=encoding
    )
    services.roster_import_confirm(roster_import=roster_import, by=party_office)
    assert Person.objects.get(employee_number="E001").name == "赵六"


@pytest.mark.parametrize(
    "joined",
    [
        "2020/3/1",
        "2020.03.01",
        "2020年3月1日",
        "20200301",
        "2020-03-01 00:00:00",
        datetime.date(2020, 3, 1),
        43891,  # a date cell that lost its format: Excel's serial for 2020-03-01
        43891.5,
    ],
)
def test_people_import_reads_dates_as_people_type_them(party_office, department_a, joined):
    roster_import = upload(party_office, PEOPLE_HEADERS, [person_row(joined=joined)])
    assert roster_import.preview["rows"][0]["values"][3] == "2020-03-01"


def test_people_import_reads_an_excel_serial_date_from_a_csv(party_office, department_a):
    roster_import = upload(party_office, PEOPLE_HEADERS, [person_row(joined="45000")], fmt="csv")
    assert roster_import.preview["rows"][0]["values"][3] == "2023-03-15"
    services.roster_import_confirm(roster_import=roster_import, by=party_office)
    joined = Person.objects.get(employee_number="E001").joined_department_on
    assert joined == datetime.date(2023, 3, 15)


def test_people_import_leaves_optional_columns_out(party_office, department_a):
    existing = PersonFactory(employee_number="E001", department=department_a, is_party_member=True)
    headers = ["工号", "姓名", "科室编码", "调入本科室日期"]
    rows = [["E001", "张三改", "A01", "2020-03-01"], ["E002", "李四", "A01", "2020-03-01"]]
    roster_import = upload(party_office, headers, rows)
    assert roster_import.preview["notes"] == [
        "文件中没有「党员」「在职」列：已有的人员保持原值，新增的按默认值"
    ]
    services.roster_import_confirm(roster_import=roster_import, by=party_office)
    existing.refresh_from_db()
    assert (existing.name, existing.is_party_member) == ("张三改", True)
    li = Person.objects.get(employee_number="E002")
    assert (li.is_party_member, li.active) == (False, True)


def test_people_import_ignores_unknown_columns_and_says_so(party_office, department_a):
    roster_import = upload(
        party_office, [*PEOPLE_HEADERS, "科室名称", "备注"], [[*person_row(), "心内科", "新来的"]]
    )
    assert roster_import.preview["notes"] == ["以下列不会导入，已忽略：科室名称、备注"]
    assert roster_import.state == RosterImport.State.PREVIEWED


def test_people_import_marks_unchanged_rows_and_writes_nothing_for_them(party_office, department_a):
    PersonFactory(
        employee_number="E001",
        name="张三",
        department=department_a,
        joined_department_on=datetime.date(2020, 3, 1),
    )
    roster_import = upload(party_office, PEOPLE_HEADERS, [person_row()])
    assert roster_import.preview["counts"] == {
        "new": 0,
        "changed": 0,
        "unchanged": 1,
        "problems": 0,
    }
    records = HistoricalPerson.objects.count()
    services.roster_import_confirm(roster_import=roster_import, by=party_office)
    assert HistoricalPerson.objects.count() == records


def test_people_import_shows_each_change_old_and_new(party_office, department_a):
    PersonFactory(
        employee_number="E001",
        name="张三",
        department=department_a,
        joined_department_on=datetime.date(2020, 3, 1),
    )
    roster_import = upload(
        party_office, PEOPLE_HEADERS, [person_row(name="张叁", party="是", active="否")]
    )
    assert roster_import.preview["rows"] == [
        {
            "row": 2,
            "type": "changed",
            "key": "E001",
            "name": "张叁",
            "changes": [["姓名", "张三", "张叁"], ["党员", "否", "是"], ["在职", "是", "否"]],
        }
    ]


@pytest.mark.parametrize(
    "number",
    ["Ｅ００１", "E001\u200b", "\ufeffE001", "\u3000E001\u3000", "\u00a0Ｅ0０1 "],
    ids=["full-width", "zero-width-space", "bom", "ideographic-space", "nbsp-mixed"],
)
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_people_import_matches_an_employee_number_typed_with_invisible_or_wide_characters(
    party_office, department_a, number, fmt
):
    existing = PersonFactory(
        employee_number="E001",
        name="张三",
        department=department_a,
        joined_department_on=datetime.date(2020, 3, 1),
    )
    roster_import = upload(
        party_office,
        PEOPLE_HEADERS,
        [person_row(number, name="张三\u200b\u3000", code="Ａ０１\ufeff", party="\u3000否")],
        fmt=fmt,
    )
    assert roster_import.preview["counts"]["unchanged"] == 1
    assert roster_import.preview["rows"] == [
        {"row": 2, "type": "unchanged", "key": "E001", "name": "张三"}
    ]
    services.roster_import_confirm(roster_import=roster_import, by=party_office)
    assert list(Person.objects.filter(name__startswith="张三")) == [existing]


def test_people_import_preview_shows_the_normalised_values(party_office, department_a):
    rows = [
        person_row("Ｑ９０２０\u200b", "\u3000王五（小）\u00a0", "\ufeffA01", "２０２０-０３-０１")
    ]
    roster_import = upload(party_office, PEOPLE_HEADERS, rows)
    assert roster_import.preview["rows"] == [
        {
            "row": 2,
            "type": "new",
            "key": "Q9020",
            "name": "王五（小）",
            "values": ["Q9020", "王五（小）", "心内科（A01）", "2020-03-01", "否", "是"],
        }
    ]
    services.roster_import_confirm(roster_import=roster_import, by=party_office)
    assert Person.objects.get(employee_number="Q9020").name == "王五（小）"


def test_people_import_refuses_a_wide_duplicate_of_an_employee_number(party_office, department_a):
    rows = [person_row("Q0001"), person_row("Ｑ０００１", "李四")]
    roster_import = upload(party_office, PEOPLE_HEADERS, rows)
    assert problems(roster_import) == [
        "第 3 行「工号」：工号“Q0001”与第 2 行重复，同一文件中只能出现一次"
    ]


def test_departments_import_keeps_chinese_punctuation_so_stored_names_still_match(
    party_office, department_a
):
    department_a.name = "心内科（一病区）"
    department_a.save()
    branches = PartyBranch.objects.count()
    row = department_row("Ａ０１\u200b", "心内科（一病区）\u3000", branch="\ufeff内科党支部")
    roster_import = upload(party_office, DEPARTMENT_HEADERS, [row], roster="departments")
    assert roster_import.preview["counts"]["unchanged"] == 1
    assert roster_import.preview["notes"] == []
    services.roster_import_confirm(roster_import=roster_import, by=party_office)
    assert PartyBranch.objects.count() == branches


# --- refusals ---------------------------------------------------------------------------------


def test_people_import_refuses_unknown_department_code(party_office, department_a):
    roster_import = upload(
        party_office, PEOPLE_HEADERS, [person_row(), person_row("E002", code="X99")]
    )
    assert roster_import.state == RosterImport.State.REFUSED
    assert problems(roster_import) == ["第 3 行「科室编码」：科室编码“X99”不存在"]


def test_people_import_refuses_duplicate_employee_numbers_naming_both_rows(
    party_office, department_a
):
    rows = [person_row(), person_row("E002"), person_row("E001", "王五"), person_row("E002")]
    roster_import = upload(party_office, PEOPLE_HEADERS, rows)
    assert problems(roster_import) == [
        "第 4 行「工号」：工号“E001”与第 2 行重复，同一文件中只能出现一次",
        "第 5 行「工号」：工号“E002”与第 3 行重复，同一文件中只能出现一次",
    ]


def test_people_import_refuses_impossible_dates(party_office, department_a):
    roster_import = upload(party_office, PEOPLE_HEADERS, [person_row(joined="2026-02-30")])
    assert problems(roster_import) == ["第 2 行「调入本科室日期」：日期“2026-02-30”不存在"]


@pytest.mark.parametrize(
    ("joined", "message"),
    [
        ("下个月", "“下个月”不是有效的日期，请按 2024-03-01 的格式填写"),
        ("1850-01-01", "日期“1850-01-01”的年份不在 1900—2100 之间"),
        (2020, "“2020”不是有效的日期，请按 2024-03-01 的格式填写"),
        (80000, "“80000”不是有效的日期，请按 2024-03-01 的格式填写"),
        ("", "调入本科室日期不能为空"),
    ],
)
def test_people_import_refuses_dates_that_are_not_dates(
    party_office, department_a, joined, message
):
    roster_import = upload(party_office, PEOPLE_HEADERS, [person_row(joined=joined)])
    assert problems(roster_import) == [f"第 2 行「调入本科室日期」：{message}"]


def test_people_import_reports_every_error_of_a_row_and_of_the_file(party_office, department_a):
    rows = [
        person_row(name="", code="X99", party="也许"),
        person_row("E002"),
        person_row("E003", joined="2026-13-01"),
    ]
    roster_import = upload(party_office, PEOPLE_HEADERS, rows)
    assert problems(roster_import) == [
        "第 2 行「姓名」：姓名不能为空",
        "第 2 行「科室编码」：科室编码“X99”不存在",
        "第 2 行「党员」：“也许”无法识别，请填写“是”或“否”",
        "第 4 行「调入本科室日期」：日期“2026-13-01”不存在",
    ]
    assert roster_import.preview["counts"]["problems"] == 4


FORMULA = "该单元格是公式，请在 Excel 中复制后“粘贴为数值”再导入"


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_people_import_says_a_formula_cell_is_a_formula_naming_row_and_column(
    party_office, department_a, fmt
):
    rows = [
        person_row(),
        person_row("E002"),
        person_row("E003"),
        person_row("E004", name="=B2&B3", code="=C2", joined="=D2", party="=E2"),
        person_row("=A2", "王五"),
    ]
    roster_import = upload(party_office, PEOPLE_HEADERS, rows, fmt=fmt)
    assert problems(roster_import) == [
        f"第 5 行「姓名」：{FORMULA}",
        f"第 5 行「科室编码」：{FORMULA}",
        f"第 5 行「调入本科室日期」：{FORMULA}",
        f"第 5 行「党员」：{FORMULA}",
        f"第 6 行「工号」：{FORMULA}",
    ]


def test_people_import_says_a_formula_cell_is_a_formula_in_english(party_office, department_a):
    with translation.override("en"):
        roster_import = upload(party_office, PEOPLE_HEADERS, [person_row(name="=B2")])
    assert problems(roster_import) == [
        "Row 2, column 「姓名」: this cell holds a formula; "
        "copy it in Excel and paste it as values, then import again"
    ]


def test_departments_import_says_a_formula_in_a_lookup_column_is_a_formula(
    party_office, department_a
):
    rows = [department_row(head="=A1", branch="=B1")]
    roster_import = upload(party_office, DEPARTMENT_HEADERS, rows, roster="departments")
    assert problems(roster_import) == [
        f"第 2 行「党支部」：{FORMULA}",
        f"第 2 行「负责人工号」：{FORMULA}",
    ]


def test_people_import_refuses_text_longer_than_the_field(party_office, department_a):
    roster_import = upload(party_office, PEOPLE_HEADERS, [person_row(name="长" * 51)])
    assert problems(roster_import) == ["第 2 行「姓名」：内容有 51 个字，超过上限 50 个字"]


def test_people_import_refuses_missing_required_columns_naming_them(party_office, department_a):
    roster_import = upload(party_office, ["姓名", "工号", "党员"], [["张三", "E001", "是"]])
    assert problems(roster_import) == [
        "缺少必需的列：科室编码、调入本科室日期。第 1 行应为列名，"
        "人员名册可包含的列有：工号、姓名、科室编码、调入本科室日期、党员、在职。"
    ]


def test_people_import_refuses_a_file_with_only_a_header(party_office):
    roster_import = upload(party_office, PEOPLE_HEADERS, [])
    assert problems(roster_import) == ["文件中没有数据：第 1 行是表头，表头下面没有任何数据行。"]


def test_people_import_refuses_a_file_that_is_not_a_spreadsheet(party_office):
    uploaded = SimpleUploadedFile("名册.xlsx", b"%PDF-1.7 not a workbook")
    roster_import = services.roster_import_upload(
        roster="people", uploaded_file=uploaded, by=party_office
    )
    assert roster_import.state == RosterImport.State.REFUSED
    assert problems(roster_import) == [
        "文件不是有效的 .xlsx 表格（可能已损坏、设置了打开密码，或是把其他格式改了扩展名）。"
        "请在 Excel 中“另存为” Excel 工作簿（.xlsx）后再上传。"
    ]


def test_people_import_refuses_a_move_without_the_new_join_date(
    party_office, department_a, department_b
):
    PersonFactory(
        employee_number="E001",
        department=department_a,
        joined_department_on=datetime.date(2020, 3, 1),
    )
    roster_import = upload(party_office, PEOPLE_HEADERS, [person_row(code="B01")])
    assert problems(roster_import) == [
        "第 2 行「调入本科室日期」：工号“E001”从心内科（A01）调到骨科（B01），"
        "须同时把调入本科室日期改为调入新科室的日期（表中仍是原日期 2020-03-01）"
    ]


def test_people_import_refuses_a_move_dated_before_the_previous_one(
    party_office, department_a, department_b
):
    PersonFactory(
        employee_number="E001",
        department=department_a,
        joined_department_on=datetime.date(2020, 3, 1),
    )
    roster_import = upload(
        party_office, PEOPLE_HEADERS, [person_row(code="B01", joined="2019-12-31")]
    )
    assert problems(roster_import) == [
        "第 2 行「调入本科室日期」：调入新科室的日期 2019-12-31 早于调入原科室心内科（A01）的日期 2020-03-01，请核对"
    ]


def test_people_import_refuses_moving_people_into_a_retired_department(party_office, department_a):
    DepartmentFactory(code="R01", name="旧病区", active=False)
    roster_import = upload(party_office, PEOPLE_HEADERS, [person_row(code="R01")])
    assert problems(roster_import) == [
        "第 2 行「科室编码」：科室“旧病区（R01）”已停用，不能调入人员"
    ]


def test_people_import_keeps_people_of_a_retired_department_unchanged(party_office):
    retired = DepartmentFactory(code="R01", name="旧病区", active=False)
    PersonFactory(
        employee_number="E001",
        name="张三",
        department=retired,
        joined_department_on=datetime.date(2020, 3, 1),
    )
    roster_import = upload(party_office, PEOPLE_HEADERS, [person_row(code="R01")])
    assert roster_import.preview["counts"] == {
        "new": 0,
        "changed": 0,
        "unchanged": 1,
        "problems": 0,
    }


def test_people_import_is_all_or_nothing_an_error_in_row_9000_writes_nothing(
    party_office, department_a
):
    rows = [person_row(f"B{n:05d}", f"人员{n}") for n in range(2, 9002)]
    rows[9000 - 2][2] = "X99"  # Excel row 9000
    data = spreadsheet_bytes(PEOPLE_HEADERS, rows, fmt="csv")
    people, records = Person.objects.count(), HistoricalPerson.objects.count()
    with transaction.atomic():
        outcome = run_roster_import(
            roster="people",
            source=io.BytesIO(data),
            filename="名册.csv",
            dry_run=False,
            user=party_office,
        )
    assert [str(problem) for problem in outcome.problems] == [
        "第 9000 行「科室编码」：科室编码“X99”不存在"
    ]
    assert (
        len(outcome.rows) == 9000 - 1
    )  # the rows before and after were valid, and written in batches
    assert (Person.objects.count(), HistoricalPerson.objects.count()) == (people, records)


# --- a person moving department ------------------------------------------------------------------


def test_people_import_move_keeps_the_history_of_department_and_join_date(
    party_office, department_a, department_b
):
    first = upload(party_office, PEOPLE_HEADERS, [person_row()])
    services.roster_import_confirm(roster_import=first, by=party_office)
    other_office_user = UserFactory(username="party_office_2")
    move = services.roster_import_upload(
        roster="people",
        uploaded_file=spreadsheet_upload(
            PEOPLE_HEADERS, [person_row(code="B01", joined="2024-07-01")]
        ),
        by=other_office_user,
    )
    assert move.preview["rows"][0]["changes"] == [
        ["科室编码", "心内科（A01）", "骨科（B01）"],
        ["调入本科室日期", "2020-03-01", "2024-07-01"],
    ]
    services.roster_import_confirm(roster_import=move, by=other_office_user)

    person = Person.objects.get(employee_number="E001")
    assert (person.department, person.joined_department_on) == (
        department_b,
        datetime.date(2024, 7, 1),
    )
    periods = selectors.person_department_history(person)
    assert [
        (p["department"], p["joined_on"], p["recorded_by"], p["reason"], p["correction"])
        for p in periods
    ] == [
        (
            department_b,
            datetime.date(2024, 7, 1),
            other_office_user,
            f"名册导入第 {move.pk} 号（名册.xlsx）",
            False,
        ),
        (
            department_a,
            datetime.date(2020, 3, 1),
            party_office,
            f"名册导入第 {first.pk} 号（名册.xlsx）",
            False,
        ),
    ]


def test_people_import_correcting_the_join_date_is_not_a_move(party_office, department_a):
    PersonFactory(
        employee_number="E001",
        department=department_a,
        joined_department_on=datetime.date(2020, 3, 1),
    )
    roster_import = upload(party_office, PEOPLE_HEADERS, [person_row(joined="2020-02-01")])
    services.roster_import_confirm(roster_import=roster_import, by=party_office)
    periods = selectors.person_department_history(Person.objects.get(employee_number="E001"))
    assert [(p["joined_on"], p["correction"]) for p in periods] == [
        (datetime.date(2020, 2, 1), True),
        (datetime.date(2020, 3, 1), False),
    ]


# --- the upload and its confirmation -------------------------------------------------------------


def test_upload_keeps_the_file_privately_under_a_random_name(
    party_office, department_a, media_root
):
    uploaded = spreadsheet_upload(PEOPLE_HEADERS, [person_row()])
    sent = uploaded.read()
    uploaded.seek(0)
    roster_import = services.roster_import_upload(
        roster="people", uploaded_file=uploaded, by=party_office
    )
    stored = media_root / roster_import.file.name
    assert roster_import.file.name.startswith("imports/")
    assert "名册" not in roster_import.file.name
    # The very bytes sent: a workbook built again would differ in its timestamps.
    assert stored.read_bytes() == sent
    assert roster_import.original_name == "名册.xlsx"
    assert roster_import.uploaded_by == party_office


def test_confirm_is_refused_to_anyone_but_the_uploader(party_office, admin_user, department_a):
    roster_import = upload(party_office, PEOPLE_HEADERS, [person_row()])
    with pytest.raises(DomainError) as refused:
        services.roster_import_confirm(roster_import=roster_import, by=admin_user)
    assert refused.value.message == "只能确认本人上传的名册文件。"
    assert not Person.objects.filter(employee_number="E001").exists()


def test_confirm_is_refused_for_a_file_with_problems(party_office, department_a):
    roster_import = upload(party_office, PEOPLE_HEADERS, [person_row(code="X99")])
    with pytest.raises(DomainError) as refused:
        services.roster_import_confirm(roster_import=roster_import, by=party_office)
    assert refused.value.message == "该文件有错误，未通过预览，不能导入。请改正后重新上传。"


def test_confirm_twice_imports_once(party_office, department_a):
    roster_import = upload(party_office, PEOPLE_HEADERS, [person_row()])
    services.roster_import_confirm(roster_import=roster_import, by=party_office)
    with pytest.raises(DomainError) as refused:
        services.roster_import_confirm(roster_import=roster_import, by=party_office)
    roster_import.refresh_from_db()
    imported_at = timezone.localtime(roster_import.imported_at)
    assert refused.value.message == f"该文件已于 {imported_at:%Y-%m-%d %H:%M} 导入，不能重复导入。"
    assert Person.objects.get(employee_number="E001").history.count() == 1


def test_confirm_refuses_a_stale_preview_and_shows_the_current_one(party_office, department_a):
    """Someone renamed E001 after the preview: nothing is imported, the preview is redone."""
    zhang = PersonFactory(
        employee_number="E001",
        name="张三",
        department=department_a,
        joined_department_on=datetime.date(2020, 3, 1),
    )
    roster_import = upload(
        party_office, PEOPLE_HEADERS, [person_row(name="张叁"), person_row("E002", "李四")]
    )
    zhang.name = "张山"
    zhang.save(update_fields=["name"])

    roster_import = services.roster_import_confirm(roster_import=roster_import, by=party_office)

    assert roster_import.state == RosterImport.State.PREVIEWED
    assert roster_import.preview["rows"][0]["changes"] == [["姓名", "张山", "张叁"]]
    assert not Person.objects.filter(employee_number="E002").exists()
    assert Person.objects.get(employee_number="E001").name == "张山"
    roster_import = services.roster_import_confirm(roster_import=roster_import, by=party_office)
    assert roster_import.state == RosterImport.State.IMPORTED


def test_confirm_refuses_a_preview_whose_department_was_retired_since(party_office, department_a):
    roster_import = upload(party_office, PEOPLE_HEADERS, [person_row()])
    Department.objects.filter(pk=department_a.pk).update(active=False)
    roster_import = services.roster_import_confirm(roster_import=roster_import, by=party_office)
    assert roster_import.state == RosterImport.State.REFUSED
    assert problems(roster_import) == [
        "第 2 行「科室编码」：科室“心内科（A01）”已停用，不能调入人员"
    ]
    assert not Person.objects.filter(employee_number="E001").exists()


def test_confirm_refuses_a_file_changed_on_disk(party_office, department_a, media_root):
    roster_import = upload(party_office, PEOPLE_HEADERS, [person_row()])
    (media_root / roster_import.file.name).write_bytes(
        spreadsheet_bytes(PEOPLE_HEADERS, [person_row("E666")])
    )
    with pytest.raises(DomainError) as refused:
        services.roster_import_confirm(roster_import=roster_import, by=party_office)
    assert refused.value.message == "服务器上保存的文件与上传时不一致，未导入任何数据，请重新上传。"


# --- departments ------------------------------------------------------------------------------


def department_row(
    code="N01", name="神经内科", kind="临床", parent="", branch="内科党支部", head="", active="是"
):
    return [code, name, kind, parent, branch, head, active]


def test_departments_import_creates_departments_clean_teams_and_branches(
    party_office, department_a
):
    head = PersonFactory(employee_number="H001", name="钱主任", department=department_a)
    rows = [
        department_row(head="H001"),
        department_row("N01T", "神经内科清廉团队", "clinical", parent="N01", branch="神经党支部"),
        department_row("G01", "总务科", "后勤保障", active=""),
    ]
    roster_import = upload(party_office, DEPARTMENT_HEADERS, rows, roster="departments")
    assert roster_import.preview["notes"] == ["新建党支部：神经党支部"]
    assert roster_import.preview["counts"] == {
        "new": 3,
        "changed": 0,
        "unchanged": 0,
        "problems": 0,
    }
    assert not PartyBranch.objects.filter(name="神经党支部").exists()

    services.roster_import_confirm(roster_import=roster_import, by=party_office)
    neuro = Department.objects.get(code="N01")
    team = Department.objects.get(code="N01T")
    assert (neuro.kind, neuro.head, neuro.party_branch.name, neuro.parent) == (
        "clinical",
        head,
        "内科党支部",
        None,
    )
    assert (team.parent, team.party_branch.name) == (neuro, "神经党支部")
    assert Department.objects.get(code="G01").kind == "logistics"
    assert team.history.get().history_user == party_office
    assert PartyBranch.objects.get(name="神经党支部").history.get().history_user == party_office


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            department_row(kind="外科"),
            "第 2 行「类别」：类别“外科”无效，应为临床、医技、护理、行政职能、后勤保障之一",
        ),
        (department_row(kind=""), "第 2 行「类别」：类别不能为空"),
        (department_row(parent="Z99"), "第 2 行「所属科室编码」：所属科室编码“Z99”不存在"),
        (department_row(parent="N01"), "第 2 行「所属科室编码」：所属科室不能是本科室"),
        (department_row(head="H404"), "第 2 行「负责人工号」：负责人工号“H404”不存在"),
        (department_row(active="停"), "第 2 行「在用」：“停”无法识别，请填写“是”或“否”"),
    ],
)
def test_departments_import_refuses_bad_rows(party_office, row, message):
    Department.objects.create(code="N01", name="神经内科", kind="clinical")
    roster_import = upload(party_office, DEPARTMENT_HEADERS, [row], roster="departments")
    assert problems(roster_import) == [message]


def test_departments_import_refuses_a_clean_team_under_a_clean_team(party_office, department_a):
    DepartmentFactory(code="A01T", name="心内科清廉团队", parent=department_a)
    rows = [department_row("A01TT", "团队的团队", parent="A01T")]
    roster_import = upload(party_office, DEPARTMENT_HEADERS, rows, roster="departments")
    assert problems(roster_import) == [
        "第 2 行「所属科室编码」：所属科室心内科清廉团队（A01T）本身是清廉团队，清廉团队下不能再设清廉团队"
    ]


def test_departments_import_refuses_making_a_department_with_teams_a_team(
    party_office, department_a, department_b
):
    DepartmentFactory(code="A01T", name="心内科清廉团队", parent=department_a)
    rows = [department_row("A01", "心内科", parent="B01", branch="内科党支部")]
    roster_import = upload(party_office, DEPARTMENT_HEADERS, rows, roster="departments")
    assert problems(roster_import) == [
        "第 2 行「所属科室编码」：本科室下已有清廉团队，不能再设为其他科室的清廉团队"
    ]


def test_departments_import_refuses_missing_columns(party_office):
    roster_import = upload(
        party_office, ["科室编码", "党支部"], [["N01", "内科党支部"]], roster="departments"
    )
    assert problems(roster_import) == [
        "缺少必需的列：科室名称、类别。第 1 行应为列名，科室名册可包含的列有："
        "科室编码、科室名称、类别、所属科室编码、党支部、负责人工号、在用、科室联络员工号。"
    ]


# --- export -------------------------------------------------------------------------------------


def test_roster_table_exports_every_person_in_import_columns(department_a, department_b):
    PersonFactory(employee_number="E2", name="李四", department=department_b, active=False)
    PersonFactory(
        employee_number="E1",
        name="张三",
        department=department_a,
        is_party_member=True,
        joined_department_on=datetime.date(2019, 1, 2),
    )
    headers, rows = selectors.roster_table("people")
    assert headers == ["工号", "姓名", "科室编码", "科室名称", "调入本科室日期", "党员", "在职"]
    assert rows == [
        ("E1", "张三", "A01", "心内科", datetime.date(2019, 1, 2), "是", "是"),
        ("E2", "李四", "B01", "骨科", datetime.date(2020, 3, 1), "否", "否"),
    ]


def test_roster_table_exports_departments_with_labels(department_a):
    DepartmentFactory(
        code="A01T",
        name="心内科清廉团队",
        parent=department_a,
        party_branch=department_a.party_branch,
    )
    headers, rows = selectors.roster_table("departments")
    assert headers == [
        "科室编码",
        "科室名称",
        "类别",
        "所属科室编码",
        "党支部",
        "负责人工号",
        "负责人姓名",
        "在用",
        "科室联络员工号",
    ]
    assert rows == [
        ("A01", "心内科", "临床", "", "内科党支部", "", "", "是", ""),
        ("A01T", "心内科清廉团队", "临床", "A01", "内科党支部", "", "", "是", ""),
    ]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_round_trip_escapes_formulas_and_reimports_unchanged(
    party_office, department_a, fmt
):
    """A name that a spreadsheet would run is exported as text and comes back as it was."""
    from core.spreadsheets import write_csv, write_xlsx

    PersonFactory(
        employee_number="E1", name='=HYPERLINK("http://x","点我")', department=department_a
    )
    PersonFactory(employee_number="-7", name="@张三", department=department_a)
    headers, rows = selectors.roster_table("people")
    content = write_xlsx(headers, rows) if fmt == "xlsx" else write_csv(headers, rows)
    if fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(content)).active
        names = [cell.value for cell in sheet["B"]]
        assert names == ["姓名", "'@张三", '\'=HYPERLINK("http://x","点我")', "党办干事"]
        assert sheet["A2"].value == "'-7"
    else:
        assert "'=HYPERLINK" in content.decode("utf-8-sig")

    uploaded = SimpleUploadedFile(f"人员名册.{fmt}", content)
    roster_import = services.roster_import_upload(
        roster="people", uploaded_file=uploaded, by=party_office
    )
    # the two people above and the party office's own roster entry
    assert roster_import.preview["counts"] == {
        "new": 0,
        "changed": 0,
        "unchanged": 3,
        "problems": 0,
    }
    assert roster_import.preview["notes"] == ["以下列不会导入，已忽略：科室名称"]


def test_department_export_reimports_unchanged(party_office, department_a):
    from core.spreadsheets import write_xlsx

    head = PersonFactory(employee_number="H001", department=department_a)
    department_a.head = head
    department_a.save(update_fields=["head"])
    DepartmentFactory(code="A01T", name="心内科清廉团队", parent=department_a, active=False)
    headers, rows = selectors.roster_table("departments")
    uploaded = SimpleUploadedFile("科室名册.xlsx", write_xlsx(headers, rows))
    roster_import = services.roster_import_upload(
        roster="departments", uploaded_file=uploaded, by=party_office
    )
    # A01, its clean team and the party office's own department P01
    assert roster_import.preview["counts"] == {
        "new": 0,
        "changed": 0,
        "unchanged": 3,
        "problems": 0,
    }
    assert roster_import.preview["notes"] == ["以下列不会导入，已忽略：负责人姓名"]


# --- leaving the hospital: the account follows the roster ----------------------------------


def _employee_with_account(department, number, username):
    user = UserFactory(username=username)
    PersonFactory(
        employee_number=number,
        name=username,
        department=department,
        joined_department_on=datetime.date(2020, 3, 1),
        user=user,
    )
    return user


def test_people_import_marking_someone_not_employed_deactivates_their_account(
    party_office, department_a
):
    leaving = _employee_with_account(department_a, "E001", "leaving")
    staying = _employee_with_account(department_a, "E002", "staying")
    roster_import = upload(
        party_office,
        PEOPLE_HEADERS,
        [
            person_row(number="E001", name="leaving", active="否"),
            person_row(number="E002", name="staying"),
        ],
    )
    leaving.refresh_from_db()
    assert leaving.is_active  # the preview changes nothing

    services.roster_import_confirm(roster_import=roster_import, by=party_office)

    leaving.refresh_from_db()
    staying.refresh_from_db()
    assert not leaving.is_active
    assert staying.is_active
    assert Person.objects.get(employee_number="E001").active is False  # kept, not deleted
    assert User.objects.filter(pk=leaving.pk).exists()


def test_people_import_marking_someone_employed_again_leaves_their_account_closed(
    party_office, department_a
):
    user = _employee_with_account(department_a, "E001", "returning")
    user.is_active = False
    user.save(update_fields=["is_active"])
    person = user.person
    person.active = False
    person.save(update_fields=["active"])
    roster_import = upload(
        party_office, PEOPLE_HEADERS, [person_row(number="E001", name="returning")]
    )

    services.roster_import_confirm(roster_import=roster_import, by=party_office)

    user.refresh_from_db()
    assert Person.objects.get(employee_number="E001").active is True
    assert not user.is_active


def test_people_import_marking_someone_not_employed_ends_every_post_they_hold(
    party_office, department_a
):
    leaving = _employee_with_account(department_a, "E001", "leaving")
    person = leaving.person
    services.appoint(person=person, post=Post.HEAD, department=department_a, by=party_office)
    services.appoint(person=person, post=Post.CONTACT, department=department_a, by=party_office)
    services.appoint(person=person, post=Post.REVIEWER, by=party_office)
    assert leaving.has_perm("departments.apply_for_department", department_a)
    roster_import = upload(
        party_office, PEOPLE_HEADERS, [person_row(number="E001", name="leaving", active="否")]
    )

    services.roster_import_confirm(roster_import=roster_import, by=party_office)

    ended = Appointment.objects.filter(person=person)
    assert ended.count() == 3
    assert not Appointment.objects.current().filter(person=person).exists()
    assert set(ended.values_list("removal_reason", flat=True)) == {"已离职"}
    assert set(ended.values_list("removed_by", flat=True)) == {party_office.pk}
    department_a.refresh_from_db()
    assert department_a.head is None
    leaving = User.objects.get(pk=leaving.pk)
    assert not leaving.groups.filter(name__in=[Role.REVIEWER, Role.APPLICANT]).exists()
    assert not leaving.has_perm("departments.apply_for_department", department_a)
