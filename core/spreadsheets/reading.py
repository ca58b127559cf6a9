"""Reading an uploaded .xlsx or .csv into a ``Table``, refusing what is not one."""

import csv
import io

from django.utils.translation import gettext as _

from . import base
from .base import (
    ALLOWED_EXTENSIONS,
    FormulaCell,
    SpreadsheetError,
    Table,
    allowed_formats_text,
    file_extension,
    normalise_text,
)
from .xlsx import xlsx_rows


def read_table(source, *, filename, max_rows=None):
    """Read the first sheet of ``source`` (a binary file object) as a ``Table``.

    The first row that has any cell is the header. Every text cell is
    normalised (``normalise_text``) before anyone sees it, so that what is
    validated, matched, previewed and stored is the same text. Raises
    ``SpreadsheetError`` for an unknown format, an empty or unreadable file,
    a missing or duplicated header, no data rows, or more than ``max_rows``
    (default ``MAX_ROWS``) data rows.
    """
    extension = file_extension(filename)
    if extension not in ALLOWED_EXTENSIONS:
        raise SpreadsheetError(
            _("不支持“%(extension)s”格式的文件，只能导入 %(formats)s 格式的表格。")
            % {"extension": extension or _("无扩展名"), "formats": allowed_formats_text()}
        )
    numbered_rows = xlsx_rows(source) if extension == ".xlsx" else _csv_rows(source)
    try:
        return _table_from_rows(numbered_rows, max_rows=max_rows or base.MAX_ROWS)
    finally:
        numbered_rows.close()


def _table_from_rows(numbered_rows, *, max_rows):
    """``numbered_rows`` yields (row number, values); blank rows may be left out or not."""
    header_number, header_row = next(
        ((number, row) for number, row in numbered_rows if not all(map(_is_blank, row))),
        (None, None),
    )
    if header_row is None:
        raise SpreadsheetError(_("文件是空的，没有任何内容。"))
    headers = [_header_text(value) for value in header_row[: base.MAX_COLUMNS]]
    while headers and not headers[-1]:
        headers.pop()
    seen = set()
    for header in headers:
        if header and header in seen:
            raise SpreadsheetError(
                _("第 %(row)s 行的表头中「%(header)s」出现了不止一次，请删除重复的列。")
                % {"row": header_number, "header": header}
            )
        seen.add(header)

    width = len(headers)
    table = Table(headers=headers)
    for number, values in numbered_rows:
        values = tuple(
            normalise_text(value) if value.__class__ is str else value for value in values[:width]
        )
        if all(value is None or value == "" for value in values):
            continue
        if len(table.rows) == max_rows:
            raise SpreadsheetError(
                _("文件的数据超过 %(limit)s 行（第 %(row)s 行仍有数据），请拆分后分批导入。")
                % {"limit": f"{max_rows:,}", "row": f"{number:,}"}
            )
        if len(values) < width:
            values += (None,) * (width - len(values))
        table.rows.append(values)
        table.row_numbers.append(number)
    if not table.rows:
        raise SpreadsheetError(
            _("文件中没有数据：第 %(row)s 行是表头，表头下面没有任何数据行。")
            % {"row": header_number}
        )
    return table


def _header_text(value):
    if value is None:
        return ""
    return " ".join(normalise_text(str(value)).split())


def _is_blank(value):
    return value is None or (isinstance(value, str) and not normalise_text(value))


def _csv_rows(source):
    data = source.read()
    if not data.strip():
        raise SpreadsheetError(_("文件是空的，没有任何内容。"))
    if b"\x00" in data:
        raise SpreadsheetError(
            _(
                "文件不是文本格式的 .csv 表格。请在 Excel 中“另存为” CSV UTF-8（逗号分隔）"
                "或 Excel 工作簿（.xlsx）后再上传。"
            )
        )
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise SpreadsheetError(
            _("无法识别 .csv 文件的文字编码。请在 Excel 中“另存为” CSV UTF-8（逗号分隔）后再上传。")
        )

    def numbered_rows():
        try:
            for number, values in enumerate(csv.reader(io.StringIO(text, newline="")), start=1):
                yield number, [_csv_cell(value) for value in values]
        except csv.Error:
            raise SpreadsheetError(
                _(
                    "无法按 CSV 格式读取该文件（引号不配对或格式错误），"
                    "请用 Excel 打开检查后重新保存。"
                )
            ) from None

    return numbered_rows()


def _csv_cell(value):
    """A CSV holds no results, only text: one that starts with "=" is a formula to refuse."""
    formula = value.strip()
    if formula[:1] == "=" and len(formula) > 1:
        return FormulaCell(formula[1:])
    return value
