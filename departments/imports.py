"""Running a roster file through its resource and describing the outcome.

``run_roster_import`` reads a stored file, checks its columns and hands the
rows to the django-import-export resource of ``departments.resources``; its
``Outcome`` lists every row (new, changed, unchanged), every problem as a
sentence naming the row (as Excel numbers it, header = row 1) and the
column, and notes about the whole file. Problems and notes are written in
the language of the request; the column names they quote are the file's,
Chinese whatever the language. The services decide what to keep: a preview
stores the outcome, a confirmation compares its fingerprint with the
preview's to detect data that changed in between.
"""

import hashlib
import json
import logging
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS
from django.db import IntegrityError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext_lazy

from core.i18n import join_items
from core.spreadsheets import SpreadsheetError, read_table

from .resources import ROSTER_RESOURCES

logger = logging.getLogger(__name__)

ROW_KINDS = ("new", "changed", "unchanged")
ROW_KIND_LABELS = {
    "new": pgettext_lazy("import row", "新增"),
    "changed": pgettext_lazy("import row", "修改"),
    "unchanged": pgettext_lazy("import row", "无变化"),
}


@dataclass
class Problem:
    """Why (part of) a file cannot be imported. ``row`` and ``column`` are None for the whole file."""

    message: str
    row: int | None = None
    column: str | None = None

    def __str__(self):
        if self.row and self.column:
            # Translators: the column is the file's Chinese header; the message follows the colon.
            return _("第 %(row)s 行「%(column)s」：%(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        if self.row:
            return _("第 %(row)s 行：%(message)s") % {"row": self.row, "message": self.message}
        return self.message

    def as_dict(self):
        return {"row": self.row, "column": self.column, "message": self.message, "text": str(self)}


@dataclass
class Outcome:
    """What importing a file does (or would do): its rows, problems and notes.

    ``notes`` are sentences for the person; ``effects`` says the same as data
    (what the import does besides the rows), so that the fingerprint does not
    depend on the language the notes are written in.
    """

    roster: str
    columns: list = field(default_factory=list)
    rows: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    effects: dict = field(default_factory=dict)
    # People who moved department: (person id, old department id); the rows say so already.
    moves: list = field(default_factory=list)
    # People the file marks as left (在职 = 否): their ids.
    leavers: list = field(default_factory=list)

    @property
    def counts(self):
        counts = dict.fromkeys(ROW_KINDS, 0)
        for row in self.rows:
            counts[row["type"]] += 1
        counts["problems"] = len(self.problems)
        return counts

    def as_preview(self):
        """The JSON kept with the upload; the preview page reads only this."""
        return {
            "roster": self.roster,
            "columns": self.columns,
            "counts": self.counts,
            "rows": self.rows,
            "problems": [problem.as_dict() for problem in self.problems],
            "notes": self.notes,
        }

    @property
    def fingerprint(self):
        """Equal for two runs exactly when they would do the same thing to the same data.

        Made of data only, never of sentences, so that a preview in one language
        and its confirmation in another agree. (The columns a file lacks or has
        in excess, which the notes name, follow from its headers: the
        confirmation re-reads the very same file.)
        """
        content = {
            "columns": self.columns,
            "rows": self.rows,
            "problems": [[problem.row, problem.column] for problem in self.problems],
            "effects": self.effects,
        }
        encoded = json.dumps(content, ensure_ascii=False, sort_keys=True, default=str)
        return hashlib.sha256(encoded.encode()).hexdigest()


def run_roster_import(*, roster, source, filename, dry_run, user=None, change_reason=""):
    """Import (or, with ``dry_run``, preview) the roster file ``source``; return its ``Outcome``.

    The caller runs this inside ``transaction.atomic``. The resource runs in
    a savepoint that is rolled back on a dry run or on any problem, so a file
    with one bad row changes nothing. Side effects when not a dry run and
    without problems: the rows are written with their history rows (user
    ``user``, reason ``change_reason``).
    """
    import tablib

    resource_class = ROSTER_RESOURCES[roster]
    outcome = Outcome(roster=roster)
    try:
        table = read_table(source, filename=filename)
    except SpreadsheetError as error:
        outcome.problems.append(Problem(error.message))
        return outcome

    missing = [column for column in resource_class.required_columns if column not in table.headers]
    if missing:
        outcome.problems.append(
            Problem(
                _missing_columns_message(roster)
                % {
                    "missing": join_items(missing),
                    "columns": join_items(resource_class.importable_columns()),
                }
            )
        )
        return outcome

    importable = resource_class.importable_columns()
    outcome.columns = [column for column in importable if column in table.headers]
    ignored = [header for header in table.headers if header and header not in importable]
    if ignored:
        outcome.notes.append(
            _("以下列不会导入，已忽略：%(columns)s") % {"columns": join_items(ignored)}
        )
    absent = [
        column
        for column in importable
        if column not in table.headers and column not in resource_class.unnoted_when_absent
    ]
    if absent:
        outcome.notes.append(_absent_columns_note(roster, absent))

    resource = resource_class(user=user, change_reason=change_reason, row_numbers=table.row_numbers)
    dataset = tablib.Dataset(*table.rows, headers=table.headers)
    result = resource.import_data(
        dataset,
        dry_run=dry_run,
        raise_errors=False,
        use_transactions=True,
        rollback_on_validation_errors=True,
    )
    outcome.rows = resource.summaries
    outcome.notes.extend(resource.notes)
    outcome.effects.update(resource.effects)
    outcome.moves = list(getattr(resource, "moves", ()))
    outcome.leavers = list(getattr(resource, "leavers", ()))
    outcome.problems = _problems(resource, result)
    return outcome


def _missing_columns_message(roster):
    if roster == "people":
        return _("缺少必需的列：%(missing)s。第 1 行应为列名，人员名册可包含的列有：%(columns)s。")
    return _("缺少必需的列：%(missing)s。第 1 行应为列名，科室名册可包含的列有：%(columns)s。")


def _absent_columns_note(roster, absent):
    values = {"columns": "".join(f"「{column}」" for column in absent)}
    if roster == "people":
        return (
            ngettext(
                "文件中没有%(columns)s列：已有的人员保持原值，新增的按默认值",
                "文件中没有%(columns)s列：已有的人员保持原值，新增的按默认值",
                len(absent),
            )
            % values
        )
    return (
        ngettext(
            "文件中没有%(columns)s列：已有的科室保持原值，新增的按默认值",
            "文件中没有%(columns)s列：已有的科室保持原值，新增的按默认值",
            len(absent),
        )
        % values
    )


def _problems(resource, result):
    problems = []
    order = {column: index for index, column in enumerate(resource.importable_columns())}
    for invalid in result.invalid_rows:
        row = resource.excel_row(invalid.number)
        for attribute, messages in invalid.error_dict.items():
            column = None if attribute == NON_FIELD_ERRORS else resource.column_of(attribute)
            problems.extend(Problem(message, row=row, column=column) for message in messages)
    for error_row in result.error_rows:
        for error in error_row.errors:
            logger.error("roster import: row %s failed", error_row.number, exc_info=error.error)
            problems.append(
                Problem(
                    _("该行无法处理（系统内部错误，已记录日志），请检查该行内容或联系系统管理员"),
                    row=resource.excel_row(error_row.number),
                )
            )
    problems.sort(key=lambda p: (p.row or 0, order.get(p.column, len(order))))
    for error in result.base_errors:
        logger.warning("roster import: the whole file failed", exc_info=error.error)
        if isinstance(error.error, IntegrityError):
            message = _(
                "保存时数据库拒绝了数据（可能有人同时导入了相同的工号或科室编码），"
                "未导入任何数据，请重新上传。"
            )
        else:
            message = _(
                "处理文件时出错（已记录日志），未导入任何数据。如重新上传仍出错，请联系系统管理员。"
            )
        problems.append(Problem(message))
    return problems
