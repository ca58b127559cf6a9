"""Importing a work plan from Excel, as hospitals keep it (docs/yearwork.md, "Work plan").

One row per measure; the task's cells (序号, 重点任务, 目标成效, 责任领导, 牵头科室,
配合科室) are merged down over its measures, or left blank below the task's first row.
The file is read with ``core.spreadsheets.read_table`` (checked, normalised); the
merged ranges are read with openpyxl and each carries its top-left value down.

A file is previewed first (``plan_import_preview``: nothing is written to the plan)
and imported on confirmation (``plan_import_confirm``), which reads the stored file
again and refuses unless it would write exactly what was previewed. A file with any
problem is refused as a whole; every problem names its row (as Excel numbers it) and
its column.
"""

import datetime
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError
from core.files import check_upload
from core.history import changed_by
from core.i18n import join_items
from core.permissions import require
from core.spreadsheets import FormulaCell, SpreadsheetError, file_extension, read_table, write_xlsx
from core.uploads import XLSX
from workplan.matching import Roster, split_names
from workplan.models import KeyTask, Measure, PlanImport, ScheduleNode, WorkPlan
from workplan.rules import MANAGE
from workplan.schedule import read_schedule

MAX_PLAN_BYTES = 5 * 1024 * 1024
MAX_PLAN_ROWS = 1000

NUMBER = "序号"
TASK = "重点任务"
MEASURE = "具体措施"
SCHEDULE = "进度安排"
TARGET = "目标成效"
LEADERS = "责任领导"
LEAD_OFFICE = "牵头科室"
COOPERATING = "配合科室"

COLUMNS = [NUMBER, TASK, MEASURE, SCHEDULE, TARGET, LEADERS, LEAD_OFFICE, COOPERATING]
REQUIRED_COLUMNS = [TASK, MEASURE, SCHEDULE, TARGET, LEADERS, LEAD_OFFICE, COOPERATING]
# The task's own cells: the same on every row of the task (merged, or blank below).
TASK_COLUMNS = [NUMBER, TASK, TARGET, LEADERS, LEAD_OFFICE, COOPERATING]

TEMPLATE_EXAMPLE = [
    1,
    "加强医德医风教育",
    "集中开展警示教育月活动，组织观看廉政警示教育片",
    "2026年6月底前",
    "职工受教育面达到100%",
    "张三、李四",
    "党政办",
    "纪检监察室、医务科",
]


def normalise_header(header):
    """A header as it is compared: no spaces (half- or full-width), no 「*」 required marks."""
    return "".join((header or "").split()).replace("*", "").replace("＊", "")


@dataclass
class Problem:
    message: str
    row: int | None = None
    column: str | None = None

    @property
    def text(self):
        if self.row and self.column:
            return _("第 %(row)s 行「%(column)s」：%(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        if self.row:
            return _("第 %(row)s 行：%(message)s") % {"row": self.row, "message": self.message}
        return self.message

    def as_dict(self):
        return {"row": self.row, "column": self.column, "message": self.message, "text": self.text}


@dataclass
class ReadPlan:
    """What a file would add to a plan: its tasks (as data) and its problems."""

    tasks: list = field(default_factory=list)
    problems: list = field(default_factory=list)

    def as_preview(self):
        return {
            "tasks": self.tasks,
            "problems": [problem.as_dict() for problem in self.problems],
            "counts": {
                "tasks": len(self.tasks),
                "measures": sum(len(task["measures"]) for task in self.tasks),
                "nodes": sum(len(m["dates"]) for task in self.tasks for m in task["measures"]),
                "problems": len(self.problems),
            },
        }


def _merged_ranges(source):
    """(first row, last row, first column, last column) of each merged range of the
    first sheet (1-based rows as Excel numbers them, 0-based columns)."""
    # Slow import, done on first use: openpyxl takes a while to load: only a spreadsheet needs it.
    from openpyxl import load_workbook

    source.seek(0)
    workbook = load_workbook(source, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        return [
            (r.min_row, r.max_row, r.min_col - 1, r.max_col - 1) for r in sheet.merged_cells.ranges
        ]
    finally:
        workbook.close()


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split()) if not isinstance(value, str) else value.strip()


def read_plan_file(source, *, filename, year, roster=None):
    """Read a plan workbook (a binary file object) for the plan of ``year``: a ``ReadPlan``."""
    read = ReadPlan()
    if file_extension(filename) != ".xlsx":
        read.problems.append(
            Problem(
                _("工作计划表只能导入 Excel 工作簿（.xlsx）格式的文件，“%(name)s”不是。")
                % {"name": filename}
            )
        )
        return read
    try:
        table = read_table(source, filename=filename, max_rows=MAX_PLAN_ROWS)
        merged = _merged_ranges(source)
    except SpreadsheetError as error:
        read.problems.append(Problem(error.message))
        return read
    except Exception:  # openpyxl fails in many ways on a broken file; all mean the same here
        read.problems.append(Problem(_("文件不是有效的 .xlsx 表格，请在 Excel 中另存为后再上传。")))
        return read

    headers = [normalise_header(header) for header in table.headers]
    missing = [column for column in REQUIRED_COLUMNS if column not in headers]
    if missing:
        read.problems.append(
            Problem(
                _("缺少必需的列：%(missing)s。第 1 行应为列名，工作计划表的列为：%(columns)s。")
                % {"missing": join_items(missing), "columns": join_items(COLUMNS)}
            )
        )
        return read
    index = {column: headers.index(column) for column in COLUMNS if column in headers}

    rows = {
        number: list(values) for number, values in zip(table.row_numbers, table.rows, strict=True)
    }
    for first_row, last_row, first_column, last_column in merged:
        top = rows.get(first_row)
        if top is None or first_column >= len(top):
            continue
        value = top[first_column]
        for number in range(first_row, last_row + 1):
            if number in rows:
                for column in range(first_column, min(last_column + 1, len(rows[number]))):
                    rows[number][column] = value

    roster = roster or Roster.load()
    groups = _group_rows(rows, index, read)
    for order, (first_number, task_rows) in enumerate(groups, start=1):
        read.tasks.append(_read_task(order, first_number, task_rows, index, year, roster, read))
    return read


def _value(values, index, column):
    position = index.get(column)
    return None if position is None else values[position]


def _group_rows(rows, index, read):
    """[(first row number, [(row number, values)])]: consecutive rows of one task."""
    groups = []
    current_key = None
    for number, values in rows.items():
        for column, position in index.items():
            if isinstance(values[position], FormulaCell):
                read.problems.append(Problem(FormulaCell.refusal(), number, column))
                values[position] = None
        title = _cell_text(_value(values, index, TASK))
        task_number = _cell_text(_value(values, index, NUMBER))
        # A row goes on with the task above when its title is blank or the same and its
        # 序号 is blank or the same; otherwise it starts a task.
        continues = current_key is not None and (
            (not title or title == current_key[1])
            and (not task_number or task_number == current_key[0])
        )
        if title and not continues:
            groups.append((number, [(number, values)]))
            current_key = (task_number, title)
        elif groups:
            groups[-1][1].append((number, values))
        else:
            read.problems.append(
                Problem(_("该行之前没有重点任务，请填写本行所属的重点任务"), number, TASK)
            )
    return groups


def _read_task(order, first_number, task_rows, index, year, roster, read):
    first = task_rows[0][1]
    texts = {column: _cell_text(_value(first, index, column)) for column in TASK_COLUMNS}
    problems = read.problems
    for number, values in task_rows[1:]:
        for column in TASK_COLUMNS:
            text = _cell_text(_value(values, index, column))
            if text and text != texts[column]:
                problems.append(
                    Problem(
                        _("与本任务第 %(row)s 行不一致：同一任务的这一列应合并单元格或留空")
                        % {"row": first_number},
                        number,
                        column,
                    )
                )

    title = texts[TASK]
    if len(title) > 300:
        problems.append(Problem(_("重点任务不能超过 300 字"), first_number, TASK))

    lead = None
    lead_names = split_names(texts[LEAD_OFFICE])
    if not lead_names:
        problems.append(
            Problem(
                _("重点任务“%(task)s”没有牵头科室，每项任务须有一个牵头科室")
                % {"task": title[:40]},
                first_number,
                LEAD_OFFICE,
            )
        )
    elif len(lead_names) > 1:
        problems.append(
            Problem(
                _("牵头科室只能填一个（填了 %(names)s），其余请填入「配合科室」")
                % {"names": join_items(lead_names)},
                first_number,
                LEAD_OFFICE,
            )
        )
    else:
        office, why = roster.office(lead_names[0])
        if why:
            problems.append(Problem(why, first_number, LEAD_OFFICE))
        else:
            lead = {"id": office.pk, "name": office.name}

    leaders, whys = roster.people(texts[LEADERS])
    problems.extend(Problem(why, first_number, LEADERS) for why in whys)
    offices, whys = roster.offices(texts[COOPERATING])
    problems.extend(Problem(why, first_number, COOPERATING) for why in whys)
    if lead is not None and any(office.pk == lead["id"] for office in offices):
        problems.append(
            Problem(
                _("“%(office)s”已是牵头科室，不能同时作为配合科室") % {"office": lead["name"]},
                first_number,
                COOPERATING,
            )
        )

    measures = []
    for number, values in task_rows:
        text = _cell_text(_value(values, index, MEASURE))
        if not text:
            problems.append(Problem(_("请填写具体措施"), number, MEASURE))
            continue
        schedule_text, dates = read_schedule(_value(values, index, SCHEDULE), year=year)
        if len(schedule_text) > 300:
            problems.append(Problem(_("进度安排不能超过 300 字"), number, SCHEDULE))
        measures.append(
            {
                "row": number,
                "text": text,
                "schedule_text": schedule_text[:300],
                "dates": [date.isoformat() for date in dates],
            }
        )
    return {
        "row": first_number,
        "order": order,
        "title": title[:300],
        "target_outcome": texts[TARGET],
        "leaders": [{"id": person.pk, "name": person.name} for person in leaders],
        "lead_office": lead,
        "cooperating_offices": [{"id": office.pk, "name": office.name} for office in offices],
        "measures": measures,
    }


def _require_keeper(by):
    require(by, MANAGE, message=_("只有纪检监察室可以编制工作计划。"))


@transaction.atomic
def plan_import_preview(*, plan, upload, by):
    """Check ``upload`` (an .xlsx by its content and its name) and read it for ``plan``;
    keep it with what it would add and its problems. Nothing is added to the plan.

    Side effects: the file in private storage and its ``PlanImport`` row (state
    previewed, or refused when it has any problem).
    """
    _require_keeper(by)
    if file_extension(upload.name) != ".xlsx":
        raise DomainError(
            _("工作计划表只能导入 Excel 工作簿（.xlsx）格式的文件，“%(name)s”不是。")
            % {"name": upload.name},
            field="file",
        )
    checked = check_upload(upload, kinds=(XLSX,), max_bytes=MAX_PLAN_BYTES)
    read = read_plan_file(upload, filename=upload.name, year=plan.year)
    upload.seek(0)
    return PlanImport.create_from(
        checked,
        plan=plan,
        uploaded_by=by,
        state=PlanImport.State.REFUSED if read.problems else PlanImport.State.PREVIEWED,
        preview=read.as_preview(),
    )


@transaction.atomic
def plan_import_confirm(*, plan_import, by):
    """Add to the plan what ``plan_import`` previewed: the file is read again against the
    roster as it is now, and refused unless it gives exactly the preview, without problems.

    Side effects: the tasks (after the plan's last), their leaders and offices,
    measures and nodes, each with a history row; the import marked imported.
    """
    _require_keeper(by)
    plan_import = PlanImport.objects.select_for_update().get(pk=plan_import.pk)
    if plan_import.state != PlanImport.State.PREVIEWED:
        raise DomainError(_("该文件已导入或有错误，不能再确认导入；请重新上传。"))
    plan = WorkPlan.objects.select_for_update().get(pk=plan_import.plan_id)
    with plan_import.file.open("rb") as stored:
        read = read_plan_file(
            io.BytesIO(stored.read()), filename=plan_import.original_name, year=plan.year
        )
    if read.problems or read.tasks != plan_import.preview.get("tasks"):
        raise DomainError(_("名册或文件在预览后发生了变化，请重新上传并预览后再确认。"))
    last = plan.tasks.aggregate(last=Max("order"))["last"] or 0
    for task_data in read.tasks:
        task = KeyTask(
            plan=plan,
            order=last + task_data["order"],
            title=task_data["title"],
            target_outcome=task_data["target_outcome"],
            lead_office_id=task_data["lead_office"]["id"],
        )
        changed_by(task, by=by, reason=_("从 Excel 导入")).save()
        task.responsible_leaders.set([leader["id"] for leader in task_data["leaders"]])
        task.cooperating_offices.set([office["id"] for office in task_data["cooperating_offices"]])
        for measure_order, measure_data in enumerate(task_data["measures"], start=1):
            measure = Measure(
                task=task,
                order=measure_order,
                text=measure_data["text"],
                schedule_text=measure_data["schedule_text"],
            )
            changed_by(measure, by=by, reason=_("从 Excel 导入")).save()
            for date in measure_data["dates"]:
                node = ScheduleNode(
                    task=task,
                    measure=measure,
                    due_on=datetime.date.fromisoformat(date),
                    description=measure_data["text"][:300],
                )
                changed_by(node, by=by, reason=_("从 Excel 导入")).save()
    plan_import.state = PlanImport.State.IMPORTED
    plan_import.imported_at = timezone.now()
    plan_import.save(update_fields=["state", "imported_at"])
    return plan_import


def plan_template_workbook():
    """The template to fill in (.xlsx bytes): the columns and one example row."""
    return write_xlsx(COLUMNS, [TEMPLATE_EXAMPLE], title=_("工作计划表"))
