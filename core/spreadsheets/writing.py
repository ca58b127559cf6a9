"""Writing exports that a spreadsheet shows as text and never runs as formulas."""

import csv
import datetime
import io

from .base import formula_safe


def write_xlsx(headers, rows, *, title="Sheet1"):
    """An .xlsx workbook (bytes) with one sheet: bold headers, then ``rows``.

    Strings pass through ``formula_safe``; dates stay dates (shown as yyyy-mm-dd).
    """
    # Slow import, done on first use: openpyxl takes a while to load: only a spreadsheet needs it.
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    bold = Font(bold=True)
    for index, header in enumerate(headers):
        width = max(10, min(40, 2 * len(str(header)) + 4))
        sheet.column_dimensions[_column_letter(index)].width = width
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=formula_safe(str(header)))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        cells = []
        for value in row:
            if isinstance(value, datetime.date):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = "yyyy-mm-dd"
                cells.append(cell)
            else:
                cells.append(formula_safe(value))
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_csv(headers, rows):
    """A CSV file (bytes, UTF-8 with BOM so that Excel shows Chinese correctly)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow([formula_safe(str(header)) for header in headers])
    for row in rows:
        writer.writerow(
            [
                value.isoformat()
                if isinstance(value, datetime.date)
                else formula_safe("" if value is None else value)
                for value in row
            ]
        )
    return buffer.getvalue().encode("utf-8-sig")


def _column_letter(index):
    # Slow import, done on first use: openpyxl takes a while to load: only a spreadsheet needs it.
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)
