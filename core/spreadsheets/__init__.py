"""Spreadsheets in and out: reading an uploaded .xlsx or .csv safely, writing exports safely.

Reading never trusts the file: the extension decides the format, a .xlsx is
checked as a zip whose declared unpacked size is capped (zipfile never
unpacks more than a member declares, so a zip bomb is refused unread), its
first sheet is streamed row by row with cached values only (formulas are
never evaluated; a formula without a cached value, or a CSV cell starting
with "=", is read as a ``FormulaCell`` that imports refuse), and rows and
columns are capped.
Every text cell is normalised where it is read (``normalise_text``: NFKC but
for the full-width punctuation of Chinese names, no zero-width characters, no
outer spaces), so every import matches Ｑ０００１ and "Q0001\u200b" to Q0001.
A date column may hold Excel serials (45000 for 2023-03-15); ``date_from_serial``
reads them in Excel's 1900 date system.
A CSV may be UTF-8 (with or without BOM) or GBK, which Chinese Excel writes.
Every refusal is a ``SpreadsheetError`` whose message is a sentence in the
language of the request (Chinese msgids, English from locale/en).

Writing escapes every cell that a spreadsheet would run as a formula.
openpyxl is imported inside the functions: a slow import stays out of start-up.
"""

from .base import (
    ALLOWED_EXTENSIONS,
    EXCEL_EPOCH,
    FORMULA_PREFIXES,
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_UNPACKED_BYTES,
    FormulaCell,
    SpreadsheetError,
    Table,
    allowed_formats_text,
    date_from_serial,
    file_extension,
    formula_safe,
    formula_unescape,
    normalise_text,
)
from .reading import read_table
from .writing import write_csv, write_xlsx

__all__ = [
    "ALLOWED_EXTENSIONS",
    "EXCEL_EPOCH",
    "FORMULA_PREFIXES",
    "MAX_COLUMNS",
    "MAX_ROWS",
    "MAX_UNPACKED_BYTES",
    "FormulaCell",
    "SpreadsheetError",
    "Table",
    "allowed_formats_text",
    "date_from_serial",
    "file_extension",
    "formula_safe",
    "formula_unescape",
    "normalise_text",
    "read_table",
    "write_csv",
    "write_xlsx",
]
