"""What reading and writing share: the limits, formula escaping, the error, the table."""

import datetime
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import PurePath

from django.utils.translation import gettext as _

from core.errors import DomainError
from core.i18n import join_items

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

ALLOWED_EXTENSIONS = (".xlsx", ".csv")
MAX_ROWS = 50_000
MAX_COLUMNS = 50
# A 50,000-row roster unpacks to well under this; a zip bomb declares far more.
MAX_UNPACKED_BYTES = 64 * 1024 * 1024


def allowed_formats_text():
    """The extensions a person may upload, as the page's language lists them: .xlsx、.csv."""
    return join_items(ALLOWED_EXTENSIONS)


def formula_safe(value):
    """Return ``value`` so that a spreadsheet shows it as text, never runs it.

    A cell that begins with = + - @ tab or carriage return is prefixed with an
    apostrophe (OWASP's CSV injection advice); other values pass unchanged.
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def formula_unescape(value):
    """Undo ``formula_safe`` on a value read back from one of our exports."""
    if isinstance(value, str) and len(value) > 1 and value[0] == "'" and value[1] in "=+-@\t\r":
        return value[1:]
    return value


# The full-width punctuation a Chinese input method types in names (心内科（一病区）,
# 张三，李四：…). NFKC would make it ASCII, and a name read so would no longer match the
# name already stored (a party branch would be created twice), so it is kept as typed.
_KEPT_PUNCTUATION = re.compile("([！（），：；？]+)")


def normalise_text(text):
    """``text`` as it is compared and stored: NFKC, no format characters, no outer spaces.

    Full-width letters and digits become ASCII (Ｑ０００１ is Q0001), the
    ideographic space and no-break space become spaces and are trimmed at
    either end, and zero-width characters are removed. The full-width
    punctuation of Chinese text （），：；？！ is the exception: it is kept.
    """
    if text.isascii():
        return text.strip()
    # Format characters (category Cf: zero-width space and joiners, word joiner, BOM, soft
    # hyphen, direction marks) are invisible in Excel, yet make "Q9020\u200b" another key.
    visible = "".join(char for char in text if unicodedata.category(char) != "Cf")
    parts = _KEPT_PUNCTUATION.split(visible)
    return "".join(
        part if index % 2 else unicodedata.normalize("NFKC", part)
        for index, part in enumerate(parts)
    ).strip()


# Excel's 1900 date system counts days from 1899-12-30 (exact from 1900-03-01 on).
EXCEL_EPOCH = datetime.date(1899, 12, 30)
# The serials read as dates: 1927-05-18 to 2100-12-31. A smaller number in a date column is
# far likelier a year (2020) or a slip than a date before 1927; 20240301 is a compact date.
EXCEL_SERIAL_DAYS = range(10_000, 73_416)
_SERIAL = re.compile(r"^\d{5}(?:\.\d+)?$")


def date_from_serial(value):
    """The date an Excel serial number (45000, 45000.5, "45000") stands for, else None.

    A date typed into a cell formatted as a number or as text, or a date column
    saved to CSV as General, reaches an import as its serial: days since
    ``EXCEL_EPOCH``, the time of day as the fraction, which is dropped.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        text = repr(value)
    elif isinstance(value, str):
        text = value.strip()
    else:
        return None
    if not _SERIAL.match(text):
        return None
    days = int(text.partition(".")[0])
    if days not in EXCEL_SERIAL_DAYS:
        return None
    return EXCEL_EPOCH + datetime.timedelta(days=days)


class SpreadsheetError(DomainError):
    """The file as a whole cannot be read as a table; nothing was imported."""


@dataclass(frozen=True)
class FormulaCell:
    """A cell that holds a formula but no value to read in its place.

    An .xlsx formula cell whose result was never saved (files written by
    programs rather than by Excel) or a CSV cell that starts with "=". Nothing
    is evaluated; the import refuses the cell with ``refusal`` rather than
    reading it as empty.
    """

    formula: str

    def __str__(self):
        return "=" + self.formula

    @staticmethod
    def refusal():
        """Why such a cell is refused, for the message that names its row and column."""
        return _("该单元格是公式，请在 Excel 中复制后“粘贴为数值”再导入")


@dataclass
class Table:
    """A sheet read from a file: the header row and the non-empty rows after it.

    ``row_numbers[i]`` is the row number of ``rows[i]`` as Excel shows it (the
    header is row 1), so every message can point at the row the person sees.
    """

    headers: list[str]
    rows: list[tuple] = field(default_factory=list)
    row_numbers: list[int] = field(default_factory=list)


def file_extension(filename):
    return PurePath(filename or "").suffix.lower()
