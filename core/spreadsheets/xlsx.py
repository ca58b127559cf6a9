"""Streaming the first worksheet of an .xlsx, row by row.

expat walks the sheet XML in 64 KB chunks and hands back one row at a time, so memory does not grow with
the file and nothing is evaluated (a formula cell gives its cached value,
as Excel last saved it, or a ``FormulaCell`` when the file has none). It is
about three times faster than openpyxl's read-only mode on a 10,000-row roster, which the import benchmark needs.
"""

import datetime
import posixpath
import zipfile

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .base import MAX_COLUMNS, MAX_UNPACKED_BYTES, FormulaCell, SpreadsheetError

_NOT_XLSX = gettext_lazy(
    "文件不是有效的 .xlsx 表格（可能已损坏、设置了打开密码，或是把其他格式改了扩展名）。"
    "请在 Excel 中“另存为” Excel 工作簿（.xlsx）后再上传。"
)
_CHUNK = 64 * 1024
# Built-in number formats that show a date (ECMA-376 §18.8.30, with the East Asian ones).
_DATE_FORMAT_IDS = frozenset(
    [14, 15, 16, 17, 22, 27, 28, 29, 30, 31, 36, 50, 51, 52, 53, 54, 57, 58]
)


def xlsx_rows(source):
    """(row number, values) of the first worksheet, checked for bombs before reading."""
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise SpreadsheetError(_NOT_XLSX) from None
    if sum(member.file_size for member in archive.infolist()) > MAX_UNPACKED_BYTES:
        archive.close()
        raise SpreadsheetError(
            _(
                "该 .xlsx 文件解压后超过 %(limit)s MB，"
                "不像是正常的名册表格，已拒绝读取。请只保留名册数据后重新保存再上传。"
            )
            % {"limit": MAX_UNPACKED_BYTES // (1024 * 1024)}
        )
    try:
        workbook = _Workbook(archive)
    except SpreadsheetError:
        archive.close()
        raise
    except Exception:  # a broken package fails in many ways; all mean the same to the person
        archive.close()
        raise SpreadsheetError(_NOT_XLSX) from None

    def numbered_rows():
        try:
            with archive.open(workbook.sheet_path) as stream:
                yield from _SheetReader(workbook).rows(stream)
        except SpreadsheetError:
            raise
        except Exception:
            raise SpreadsheetError(_NOT_XLSX) from None
        finally:
            archive.close()

    return numbered_rows()


_LOCAL_NAMES = {}


def _local(tag):
    """The name without its namespace, for ElementTree ("{ns}c") and expat ("ns c") names."""
    try:
        return _LOCAL_NAMES[tag]
    except KeyError:
        local = _LOCAL_NAMES[tag] = tag.rpartition("}")[2].rpartition(" ")[2]
        return local


def _expat_parser(start=None, end=None, characters=None):
    """An expat parser that refuses any DTD: a workbook never has one, an attack might."""
    from xml.parsers import expat

    def refuse_dtd(*args):
        raise SpreadsheetError(_NOT_XLSX)

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.StartDoctypeDeclHandler = refuse_dtd
    parser.EntityDeclHandler = refuse_dtd
    if start:
        parser.StartElementHandler = start
    if end:
        parser.EndElementHandler = end
    if characters:
        parser.CharacterDataHandler = characters
    return parser


def _xml_children(archive, path, name, *, parent=None):
    """The attributes of every element ``name`` (under an element ``parent``) in the part ``path``."""
    try:
        data = archive.read(path)
    except KeyError:
        return []
    found = []
    stack = []

    def start(tag, attrs):
        local = _local(tag)
        if local == name and (parent is None or (stack and stack[-1] == parent)):
            found.append({_local(key): value for key, value in attrs.items()})
        stack.append(local)

    def end(tag):
        stack.pop()

    _expat_parser(start, end).Parse(data, True)
    return found


def _relationships(archive, part):
    """{id: (type, target path)} of ``part``'s relationships."""
    folder, _slash, name = part.rpartition("/")
    rels_path = f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"
    found = {}
    for rel in _xml_children(archive, rels_path, "Relationship"):
        target = rel.get("Target", "")
        if target.startswith("/"):
            target = target[1:]
        elif folder:
            target = posixpath.normpath(f"{folder}/{target}")
        found[rel.get("Id")] = (rel.get("Type", ""), target)
    return found


class _Workbook:
    """The parts of the package the first sheet needs: its path, strings, date styles, epoch."""

    def __init__(self, archive):
        # Slow import, done on first use: openpyxl takes a while to load: only a spreadsheet needs it.
        from openpyxl.styles.numbers import is_date_format
        from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900

        workbook_path = next(
            (
                target
                for kind, target in _relationships(archive, "").values()
                if kind.endswith("/officeDocument")
            ),
            "xl/workbook.xml",
        )
        relationships = _relationships(archive, workbook_path)
        sheets = _xml_children(archive, workbook_path, "sheet")
        if not sheets:
            raise SpreadsheetError(_("该 .xlsx 文件中没有工作表。"))
        self.sheet_path = relationships[sheets[0].get("id")][1]

        properties = _xml_children(archive, workbook_path, "workbookPr")
        date1904 = properties and properties[0].get("date1904", "").lower() in ("1", "true")
        self.epoch = CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900

        parts = {kind.rpartition("/")[2]: target for kind, target in relationships.values()}
        self.shared_strings = []
        if "sharedStrings" in parts:
            with archive.open(parts["sharedStrings"]) as stream:
                self.shared_strings = _read_shared_strings(stream)

        self.date_styles = set()
        if "styles" in parts:
            custom = {
                int(number_format.get("numFmtId")): number_format.get("formatCode", "")
                for number_format in _xml_children(archive, parts["styles"], "numFmt")
            }
            cell_formats = _xml_children(archive, parts["styles"], "xf", parent="cellXfs")
            for index, xf in enumerate(cell_formats):
                format_id = int(xf.get("numFmtId", 0))
                if format_id in custom:
                    if is_date_format(custom[format_id]):
                        self.date_styles.add(index)
                elif format_id in _DATE_FORMAT_IDS:
                    self.date_styles.add(index)


def _read_shared_strings(stream):
    """The shared string table: each <si>'s text, without phonetic runs."""
    strings = []
    state = {"collect": False, "phonetic": 0, "text": []}

    def start(name, attrs):
        local = _local(name)
        if local == "t" and not state["phonetic"]:
            state["collect"] = True
        elif local == "rPh":
            state["phonetic"] += 1

    def end(name):
        local = _local(name)
        if local == "t":
            state["collect"] = False
        elif local == "rPh":
            state["phonetic"] -= 1
        elif local == "si":
            strings.append("".join(state["text"]))
            state["text"] = []

    def text(data):
        if state["collect"]:
            state["text"].append(data)

    _expat_parser(start, end, text).ParseFile(stream)
    return strings


class _SheetReader:
    """Walks one worksheet's XML and yields (row number, values) for rows that have cells."""

    def __init__(self, workbook):
        self.workbook = workbook
        self.ready = []
        self.row_number = 0
        self.cells = {}
        self.next_column = 0
        self.cell = None  # (column, type, style) of the cell being read
        self.collect = False
        self.phonetic = 0
        self.text = []
        self.formula = None  # the text of the cell's <f>, if it has one
        self.has_value = False  # whether the cell has a <v>, even an empty one

    def rows(self, stream):
        parser = _expat_parser(self.start, self.end, self.characters)
        while chunk := stream.read(_CHUNK):
            parser.Parse(chunk, False)
            yield from self.ready
            self.ready.clear()
        parser.Parse(b"", True)
        yield from self.ready

    def start(self, name, attrs):
        local = _LOCAL_NAMES.get(name) or _local(name)
        if local == "c":
            reference = attrs.get("r")
            column = _column_index(reference) if reference else self.next_column
            self.cell = (column, attrs.get("t", "n"), int(attrs.get("s") or 0))
            self.text = []
            self.formula = None
            self.has_value = False
        elif (local == "v" or local == "t") and self.cell is not None and not self.phonetic:
            self.collect = True
            self.has_value = self.has_value or local == "v"
        elif local == "f" and self.cell is not None:
            self.collect = True  # the formula comes before its cached value, <v>
        elif local == "row":
            self.row_number = int(attrs.get("r") or self.row_number + 1)
            self.cells = {}
            self.next_column = 0
        elif local == "rPh":
            self.phonetic += 1

    def end(self, name):
        local = _LOCAL_NAMES.get(name) or _local(name)
        if local == "c":
            column, kind, style = self.cell
            if column < MAX_COLUMNS:
                text = "".join(self.text)
                # Excel saves a formula's result ("" too, as an empty <v> of a t="str" cell);
                # programs that write workbooks often save the formula alone.
                if self.formula is not None and not text and not (self.has_value and kind == "str"):
                    self.cells[column] = FormulaCell(self.formula)
                else:
                    self.cells[column] = self.value(kind, style, text)
            self.next_column = column + 1
            self.cell = None
        elif local == "v" or local == "t":
            self.collect = False
        elif local == "f" and self.cell is not None:
            self.collect = False
            self.formula = "".join(self.text)
            self.text = []
        elif local == "row":
            if self.cells:
                values = [None] * (max(self.cells) + 1)
                for column, value in self.cells.items():
                    values[column] = value
                self.ready.append((self.row_number, values))
        elif local == "rPh":
            self.phonetic -= 1

    def characters(self, data):
        if self.collect:
            self.text.append(data)

    def value(self, kind, style, text):
        if kind == "s":
            return self.workbook.shared_strings[int(text)] if text else None
        if kind in ("inlineStr", "str", "e"):
            return text
        if kind == "b":
            return text == "1"
        if kind == "d":
            return datetime.datetime.fromisoformat(text[:19]) if text else None
        if not text:
            return None
        number = float(text)
        if style in self.workbook.date_styles:
            # Slow import, done on first use: openpyxl takes a while to load: only a spreadsheet needs it.
            from openpyxl.utils.datetime import from_excel

            return from_excel(number, self.workbook.epoch)
        return (
            int(number)
            if number.is_integer() and "." not in text and "E" not in text.upper()
            else number
        )


def _column_index(reference):
    """0 for "A1", 27 for "AB3"."""
    index = 0
    for char in reference:
        if "A" <= char <= "Z":
            index = index * 26 + ord(char) - 64
        elif "a" <= char <= "z":
            index = index * 26 + ord(char) - 96
        else:
            break
    return index - 1
