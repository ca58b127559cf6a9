"""What reading and writing share: the limits, formula escaping, the error, the table."""

from dataclasses import dataclass, field
from pathlib import PurePath

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


class SpreadsheetError(DomainError):
    """The file as a whole cannot be read as a table; nothing was imported."""


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
