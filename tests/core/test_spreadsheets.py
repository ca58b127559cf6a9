"""Reading uploaded spreadsheets safely, writing exports that never run as formulas."""

import csv
import datetime
import io
import zipfile

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from core.spreadsheets import (
    FormulaCell,
    SpreadsheetError,
    base,
    date_from_serial,
    formula_safe,
    formula_unescape,
    normalise_text,
    read_table,
    write_csv,
    write_xlsx,
)
from tests.factories import spreadsheet_bytes

NOT_XLSX = (
    "文件不是有效的 .xlsx 表格（可能已损坏、设置了打开密码，或是把其他格式改了扩展名）。"
    "请在 Excel 中“另存为” Excel 工作簿（.xlsx）后再上传。"
)

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/></Types>'
)
_PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
    "</Relationships>"
)
_MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def excel_style_xlsx(sheet_rows, shared_strings, *, date1904=False, doctype=""):
    """An .xlsx laid out as Excel saves it: shared strings (with rich text and
    phonetic runs), a dimension, a date style, a formula with its cached value."""
    workbook = (
        f'<?xml version="1.0" encoding="UTF-8"?>{doctype}<workbook {_MAIN} '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<workbookPr date1904="{int(date1904)}"/>'
        '<sheets><sheet name="名册" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    strings = f'<?xml version="1.0" encoding="UTF-8"?><sst {_MAIN}>{"".join(shared_strings)}</sst>'
    styles = (
        f'<?xml version="1.0" encoding="UTF-8"?><styleSheet {_MAIN}>'
        '<numFmts count="1"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts>'
        '<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>'
        '<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="176"/></cellXfs>'
        "</styleSheet>"
    )
    sheet = (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet {_MAIN}><dimension ref="A1:D9"/>'
        f"<sheetData>{''.join(sheet_rows)}</sheetData></worksheet>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _PACKAGE_RELS)
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/sharedStrings.xml", strings)
        archive.writestr("xl/styles.xml", styles)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return buffer.getvalue()


EXCEL_STRINGS = [
    "<si><t>工号</t></si>",
    "<si><t>姓名</t></si>",
    "<si><t>调入本科室日期</t></si>",
    "<si><t>备注</t></si>",
    "<si><t>E001</t></si>",
    "<si><r><t>张</t></r><r><rPr><b/></rPr><t>三</t></r><rPh><t>zhang</t></rPh></si>",
]
EXCEL_ROWS = [
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
    '<c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>',
    '<row r="2"><c r="A2" t="s"><v>4</v></c><c r="B2" t="s"><v>5</v></c>'
    '<c r="C2" s="2"><v>43891</v></c><c r="D2"><f>1+1</f><v>2</v></c></row>',
    '<row r="5"><c r="A5"><v>1002</v></c><c r="B5" t="inlineStr"><is><t>李四</t></is></c>'
    '<c r="C5" s="1"><v>44000</v></c><c r="D5" t="b"><v>1</v></c></row>',
]


def test_read_table_reads_excel_shared_strings_dates_and_cached_formula_values():
    table = read_table(
        io.BytesIO(excel_style_xlsx(EXCEL_ROWS, EXCEL_STRINGS)), filename="名册.xlsx"
    )
    assert table.headers == ["工号", "姓名", "调入本科室日期", "备注"]
    assert table.row_numbers == [2, 5]
    assert table.rows == [
        ("E001", "张三", datetime.datetime(2020, 3, 1), 2),
        (1002, "李四", datetime.datetime(2020, 6, 18), True),
    ]


def test_read_table_uses_the_1904_date_system_when_the_workbook_does():
    data = excel_style_xlsx(EXCEL_ROWS, EXCEL_STRINGS, date1904=True)
    table = read_table(io.BytesIO(data), filename="名册.xlsx")
    assert table.rows[0][2] == datetime.datetime(2024, 3, 2)


def test_read_table_refuses_xml_with_a_doctype():
    doctype = '<!DOCTYPE workbook [<!ENTITY a "aaaaaaaaaa">]>'
    data = excel_style_xlsx(EXCEL_ROWS, EXCEL_STRINGS, doctype=doctype)
    with pytest.raises(SpreadsheetError) as refused:
        read_table(io.BytesIO(data), filename="名册.xlsx")
    assert refused.value.message == NOT_XLSX


def test_read_table_reads_openpyxl_files_and_skips_blank_rows_keeping_excel_numbers():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["工号", "姓名"])
    sheet.append(["E1", "张三"])
    sheet.cell(row=6, column=1, value="E6")
    sheet.cell(row=6, column=2, value="王五")
    sheet.cell(row=7, column=1, value="=A1&A2")  # a formula with no cached value is never run
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = read_table(io.BytesIO(buffer.getvalue()), filename="a.xlsx")
    assert table.rows == [("E1", "张三"), ("E6", "王五"), (FormulaCell("A1&A2"), None)]
    assert table.row_numbers == [2, 6, 7]


def test_read_table_reads_a_formula_without_a_cached_value_as_a_formula_cell():
    rows = [
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
        '<c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>',
        # No <v>; an empty <v> of a number; an empty text result; a cached text result.
        '<row r="2"><c r="A2"><f>B9</f></c><c r="B2"><f>C9</f><v></v></c>'
        '<c r="C2" t="str"><f>""</f><v></v></c><c r="D2" t="str"><f>A9</f><v>张三</v></c></row>',
    ]
    table = read_table(io.BytesIO(excel_style_xlsx(rows, EXCEL_STRINGS)), filename="名册.xlsx")
    assert table.rows == [(FormulaCell("B9"), FormulaCell("C9"), "", "张三")]
    assert str(table.rows[0][0]) == "=B9"


def test_read_table_reads_a_csv_cell_starting_with_equals_as_a_formula_cell():
    data = "工号,姓名,备注\nE1, =B2&C2,=\n".encode()
    table = read_table(io.BytesIO(data), filename="a.csv")
    assert table.rows == [("E1", FormulaCell("B2&C2"), "=")]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_read_table_reads_csv_in_each_encoding_chinese_excel_writes(encoding):
    data = spreadsheet_bytes(
        ["工号", "姓名"], [["E1", "张三"], ["", ""], ["E2", "李四"]], fmt="csv", encoding=encoding
    )
    table = read_table(io.BytesIO(data), filename="名册.CSV")
    assert table.headers == ["工号", "姓名"]
    assert table.rows == [("E1", "张三"), ("E2", "李四")]
    assert table.row_numbers == [2, 4]


def test_read_table_normalises_header_spaces_and_invisible_characters():
    data = "\ufeff 工号 ,姓\u3000名,\u200b备注\n E1 ,张三,\n".encode()
    table = read_table(io.BytesIO(data), filename="a.csv")
    assert table.headers == ["工号", "姓 名", "备注"]


@pytest.mark.parametrize(
    ("text", "normalised"),
    [
        ("Ｑ０００１", "Q0001"),
        ("Q9020\u200b", "Q9020"),
        ("\ufeffE001", "E001"),
        ("\u3000张三\u3000", "张三"),
        ("\u00a0A01 ", "A01"),
        ("张\u200c\u200d\u2060三\u00ad", "张三"),
        ("阿卜杜\u3000热合曼", "阿卜杜 热合曼"),
        ("ＡＢｃ－１２／３", "ABc-12/3"),
        # Chinese punctuation in names stays as typed, so stored names still match.
        ("心内科（一病区），门诊：是？否！；", "心内科（一病区），门诊：是？否！；"),
        ("\u200b\u3000", ""),
    ],
)
def test_normalise_text_makes_what_looks_the_same_the_same(text, normalised):
    assert normalise_text(text) == normalised


_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e"


@given(
    st.text(
        st.one_of(
            st.characters(codec="utf-8"),
            st.sampled_from(_INVISIBLE + "\u3000\u00a0 \t（），：；？！Ｑ０"),
        )
    )
)
def test_normalise_text_is_idempotent_and_leaves_nothing_invisible_around(text):
    normalised = normalise_text(text)
    assert normalise_text(normalised) == normalised
    assert not any(char in normalised for char in _INVISIBLE)
    assert normalised == normalised.strip()


def test_read_table_normalises_every_text_cell_of_an_xlsx():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["工号", "姓名", "科室编码"])
    sheet.append(["Ｑ０００１", "\u3000张三\u00a0", "\ufeffA01"])
    sheet.append(["Q9020\u200b", "李四（大）", 1001])
    sheet.append(["\u200b", "\u3000", None])  # nothing visible: a blank row
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = read_table(io.BytesIO(buffer.getvalue()), filename="a.xlsx")
    assert table.rows == [("Q0001", "张三", "A01"), ("Q9020", "李四（大）", 1001)]
    assert table.row_numbers == [2, 3]


def test_read_table_normalises_every_text_cell_of_a_csv():
    data = "工号,姓名\nＥ００１\u200b,\u3000王五 \n".encode("utf-8-sig")
    table = read_table(io.BytesIO(data), filename="a.csv")
    assert table.rows == [("E001", "王五")]


@pytest.mark.parametrize(
    ("value", "date"),
    [
        (45000, datetime.date(2023, 3, 15)),
        (45000.75, datetime.date(2023, 3, 15)),
        ("45000", datetime.date(2023, 3, 15)),
        (" 43891.0 ", datetime.date(2020, 3, 1)),
        (10000, datetime.date(1927, 5, 18)),
        (73415, datetime.date(2100, 12, 31)),
        (9999, None),  # a year or a slip, not a date
        (2020, None),
        (73416, None),  # 2101
        (20240301, None),  # a compact date, read as text
        (-45000, None),
        (True, None),
        ("4500a", None),
        ("", None),
        (None, None),
        (datetime.date(2023, 3, 15), None),
    ],
)
def test_date_from_serial_reads_excel_1900_serials(value, date):
    assert date_from_serial(value) == date


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        (
            "名册.xls",
            b"\xd0\xcf\x11\xe0",
            "不支持“.xls”格式的文件，只能导入 .xlsx、.csv 格式的表格。",
        ),
        ("名册", b"abc", "不支持“无扩展名”格式的文件，只能导入 .xlsx、.csv 格式的表格。"),
        ("名册.xlsx", "工号,姓名\nE1,张三\n".encode(), NOT_XLSX),
        ("名册.csv", b"  \r\n\r\n", "文件是空的，没有任何内容。"),
        ("名册.csv", b",,\n,,\n", "文件是空的，没有任何内容。"),
        (
            "名册.csv",
            "工号,姓名\n".encode(),
            "文件中没有数据：第 1 行是表头，表头下面没有任何数据行。",
        ),
        (
            "名册.csv",
            "工号,姓名,工号\nE1,张三,E1\n".encode(),
            "第 1 行的表头中「工号」出现了不止一次，请删除重复的列。",
        ),
        (
            "名册.csv",
            b"PK\x03\x04\x00\x00binary",
            "文件不是文本格式的 .csv 表格。请在 Excel 中“另存为” CSV UTF-8（逗号分隔）或 Excel 工作簿（.xlsx）后再上传。",
        ),
        (
            "名册.csv",
            bytes([0x81, 0x30, 0xFF, 0xFF]),
            "无法识别 .csv 文件的文字编码。请在 Excel 中“另存为” CSV UTF-8（逗号分隔）后再上传。",
        ),
    ],
)
def test_read_table_refuses_what_is_not_a_readable_table(filename, data, message):
    with pytest.raises(SpreadsheetError) as refused:
        read_table(io.BytesIO(data), filename=filename)
    assert refused.value.message == message


def test_read_table_refuses_more_rows_than_the_cap():
    data = spreadsheet_bytes(["工号"], [[f"E{n}"] for n in range(4)], fmt="csv")
    with pytest.raises(SpreadsheetError) as refused:
        read_table(io.BytesIO(data), filename="a.csv", max_rows=3)
    assert refused.value.message == "文件的数据超过 3 行（第 5 行仍有数据），请拆分后分批导入。"


def test_read_table_caps_rows_at_fifty_thousand_by_default(monkeypatch):
    monkeypatch.setattr(base, "MAX_ROWS", 2)
    data = spreadsheet_bytes(["工号"], [["E1"], ["E2"], ["E3"]])
    with pytest.raises(SpreadsheetError) as refused:
        read_table(io.BytesIO(data), filename="a.xlsx")
    assert refused.value.message == "文件的数据超过 2 行（第 4 行仍有数据），请拆分后分批导入。"
    monkeypatch.undo()
    assert base.MAX_ROWS == 50_000


def test_read_table_refuses_a_zip_bomb_without_unpacking_it():
    """A sheet that unpacks to 80 MB (from about 80 KB) is refused from the zip's directory."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            rows = (b'<row><c t="inlineStr"><is><t>' + b"x" * 1000 + b"</t></is></c></row>") * 1024
            for _ in range(80):
                member.write(rows)
    assert len(buffer.getvalue()) < 1024 * 1024
    with pytest.raises(SpreadsheetError) as refused:
        read_table(io.BytesIO(buffer.getvalue()), filename="bomb.xlsx")
    assert refused.value.message == (
        "该 .xlsx 文件解压后超过 64 MB，不像是正常的名册表格，已拒绝读取。"
        "请只保留名册数据后重新保存再上传。"
    )


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+86", "'+86"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("张三", "张三"),
        (5, 5),
    ],
)
def test_formula_safe_escapes_what_a_spreadsheet_would_run(value, safe):
    assert formula_safe(value) == safe
    assert formula_unescape(safe) == value


def test_formula_unescape_leaves_an_ordinary_apostrophe():
    assert formula_unescape("'张三") == "'张三"


def test_write_xlsx_escapes_formulas_and_keeps_dates():
    content = write_xlsx(
        ["姓名", "日期"], [['=HYPERLINK("http://x")', datetime.date(2024, 3, 1)]], title="人员名册"
    )
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet.title == "人员名册"
    assert sheet["A2"].value == '\'=HYPERLINK("http://x")'
    assert sheet["A2"].data_type == "s"
    assert sheet["B2"].value == datetime.datetime(2024, 3, 1)


def test_write_csv_escapes_formulas_with_a_bom_for_excel():
    content = write_csv(["姓名", "日期"], [["@cmd", datetime.date(2024, 3, 1)], ["-1", None]])
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows == [["姓名", "日期"], ["'@cmd", "2024-03-01"], ["'-1", ""]]
