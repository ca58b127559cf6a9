"""The official notices measured against GB/T 9704-2012 (党政机关公文格式).

Each notice is rendered once for the module and read back with pdfplumber:
where each character sits, its size and its colour, and the rules drawn.
The measures, in millimetres as the standard gives them:

    5.2.1   A4 (210 × 297); 天头 37 ± 1, 订口 (left) 28 ± 1; type area 156 × 225
    7.2.2   发文机关标志: red, centred, its top 35 under the top of the type area
    7.2.4   发文字号 centred two lines under the mark, with 〔〕
    7.2.5   the red rule 4 under the number, as wide as the type area
    7.3.1   标题 2号 (22 pt), centred;  5.2.3  body 3号 (16 pt), 22 lines of 28
    7.3.5.1 with a seal: the date four characters from the right, the name
            centred over it, a seal's room (42 square) pressing on both
    7.4     版记: 印发机关 one character in, 印发日期 one character from the
            right, between rules of 0.35, the last on the type area's bottom
    7.5     页码 4号 (14 pt) “— 1 —”, the dashes 7 under the type area, odd
            pages one character from the right, even pages one from the left

Character edges are those of the em box: Noto CJK's ideographs stand 0.88 em
above the baseline and 0.12 em below it, and pdfplumber reads the baseline
from each character's text matrix.
"""

import dataclasses
import datetime
import io
import itertools
import re

import pdfplumber
import pytest

from documents.fonts import notice_fonts
from documents.notices import Heading, Notice, NoticeKind, Table, render_notice

MM = 72 / 25.4
A4 = (210 * MM, 297 * MM)
LEFT = 28 * MM
TOP = 37 * MM
RIGHT = LEFT + 156 * MM
BOTTOM = TOP + 225 * MM
CENTRE = (LEFT + RIGHT) / 2
LINE = 225 * MM / 22  # 22 lines a page
CHARACTER = 156 * MM / 28  # 28 characters a line
TOLERANCE = 1 * MM  # the standard's ± 1 mm
EM_ABOVE, EM_BELOW = 0.88, 0.12
DASH_HEIGHT = 0.267  # the middle of Noto Serif CJK's “—” above its baseline, in em
RED = (0.901961, 0.0, 0.070588)
SIGNED_ON = "2026年9月18日"

SEPTEMBER_18 = datetime.date(2026, 9, 18)
PARTY_COMMITTEE = "中共示范人民医院委员会"
DISCIPLINE_COMMISSION = "中共示范人民医院纪律检查委员会"
# Full-width characters only, so that every full line holds exactly 28.
FACTS = (
    "经核实，你科室存在以下情形：违反中央八项规定精神及医疗卫生行业“九项准则”规定，"
    "被相关部门或医院处分。经院党委研究决定，取消你科室二〇二四年度、二〇二五年度"
    "“清廉科室”称号，并给予三个月整改期。"
)
REQUEST = (
    "请你科室认真查摆问题，剖析原因，制定并落实整改措施，于整改期满前通过清廉科室评选系统"
    "提交书面整改报告。整改期满经院党委验收通过后，可按程序重新申报。"
)


def _departments(count):
    return Table(
        columns=("序号", "科室/清廉团队", "党支部"),
        rows=[(str(n), f"第{n}科室", "内科党支部") for n in range(1, count + 1)],
    )


def publicity(rows=3, *, tail=True):
    body = [
        "根据2026年度清廉科室创建考评工作安排，经科室申报、党办评审、领导小组审定，"
        "拟对以下科室（团队）予以表扬，并授予“清廉科室”称号，现予公示。",
        _departments(rows),
    ]
    if tail:
        body.append("公示期：2026年9月18日至2026年9月24日（5个工作日）。")
    return Notice(
        kind=NoticeKind.PUBLICITY,
        issuing_body=PARTY_COMMITTEE,
        document_number="院党〔2026〕48号",
        title="关于2026年度清廉科室拟表扬名单的公示",
        recipients="全院职工",
        body=tuple(body),
        disclosure="此件院内公开",
        date=SEPTEMBER_18,
    )


def commendation():
    return Notice(
        kind=NoticeKind.COMMENDATION,
        issuing_body=PARTY_COMMITTEE,
        document_number="院党〔2026〕49号",
        title="关于表扬2026年度清廉科室的通报",
        recipients="各党支部、各科室",
        body=(
            "根据2026年度清廉科室创建考评工作安排，经院党委会研究确认，决定对第1科室等3个科室"
            "（团队）予以通报表扬，并授予“清廉科室”称号。",
            Heading("一、表扬名单"),
            _departments(3),
            Heading("二、工作要求"),
            "希望受到表扬的科室（团队）珍惜荣誉，再接再厉，充分发挥示范引领作用。",
        ),
        disclosure="此件院内公开",
        date=SEPTEMBER_18,
    )


def rectification():
    return Notice(
        kind=NoticeKind.RECTIFICATION,
        issuing_body=DISCIPLINE_COMMISSION,
        document_number="院纪〔2026〕3号",
        title="关于对心内科限期整改的通知",
        recipients="心内科",
        body=(FACTS, "整改期：2026年9月18日至2026年12月17日。", REQUEST),
        date=SEPTEMBER_18,
    )


def short_signature():
    """Signed by a name shorter than the date, with a 抄送 line in the 版记."""
    return dataclasses.replace(
        rectification(),
        issuing_body="医院纪委",
        header=DISCIPLINE_COMMISSION,
        copies_to="院党委办公室",
        printed_by="医院纪委办公室",
    )


# Every 公文 kind (the certificate and the application form are not 公文).
NOTICES = {
    "publicity": publicity,
    "commendation": commendation,
    "rectification": rectification,
    "short_signature": short_signature,
    # Enough rows to run onto three pages; the 29th would stand alone on the third.
    "long_list": lambda: publicity(rows=29),
    # The table ends the body: the signature follows its last row.
    "list_then_signature": lambda: publicity(rows=26, tail=False),
}
KINDS = ["publicity", "commendation", "rectification", "short_signature"]


@dataclasses.dataclass
class Line:
    """Characters sharing a baseline, read left to right."""

    text: str
    x0: float
    x1: float
    baseline: float
    size: float
    colours: set

    @property
    def top(self):
        return self.baseline - EM_ABOVE * self.size

    @property
    def bottom(self):
        return self.baseline + EM_BELOW * self.size

    @property
    def centre(self):
        return (self.x0 + self.x1) / 2


@dataclasses.dataclass
class Page:
    number: int
    width: float
    height: float
    lines: list
    rects: list
    # The leftmost edge of anything printed in the type area (a table's rules too).
    left: float

    @property
    def page_number(self):
        """The page number's line: the one under the type area."""
        (line,) = [line for line in self.lines if line.top > BOTTOM]
        return line

    @property
    def text_lines(self):
        return [line for line in self.lines if line.top <= BOTTOM]

    def find(self, text):
        return next(line for line in self.lines if line.text == text)


def _read(content):
    pages = []
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        for page in pdf.pages:
            by_baseline = {}
            for char in page.chars:
                if not char["text"].strip():
                    continue
                baseline = page.height - char["matrix"][5]
                by_baseline.setdefault(round(baseline, 1), []).append(char)
            lines = []
            for chars in (by_baseline[key] for key in sorted(by_baseline)):
                chars.sort(key=lambda c: c["x0"])
                baseline = page.height - chars[0]["matrix"][5]
                lines.append(
                    Line(
                        text="".join(c["text"] for c in chars),
                        x0=chars[0]["x0"],
                        x1=chars[-1]["x1"],
                        baseline=baseline,
                        size=max(c["size"] for c in chars),
                        colours={tuple(c["non_stroking_color"]) for c in chars},
                    )
                )
            rects = [
                {
                    "x0": r["x0"],
                    "x1": r["x1"],
                    "top": r["top"],
                    "bottom": r["bottom"],
                    "colour": tuple(r["non_stroking_color"]),
                }
                for r in page.rects
                if r["fill"] and r["width"] > 100 * MM  # rules across the type area
            ]
            drawn = [edge["x0"] for edge in page.edges if edge["top"] <= BOTTOM]
            left = min([line.x0 for line in lines if line.top <= BOTTOM] + drawn)
            pages.append(Page(page.page_number, page.width, page.height, lines, rects, left))
    return pages


@pytest.fixture(scope="module")
def read():
    """``read(name)``: the pages of that notice, rendered once for the module."""
    cache = {}

    def pages(name):
        if name not in cache:
            cache[name] = _read(render_notice(NOTICES[name]()))
        return cache[name]

    return pages


def _is_red(colour):
    return colour == pytest.approx(RED, abs=0.01)


# --- 5.2 the page and the type area --------------------------------------------------------


@pytest.mark.parametrize("name", [*KINDS, "long_list"])
def test_notice_pages_are_a4(read, name):
    for page in read(name):
        assert (page.width, page.height) == (
            pytest.approx(A4[0], abs=0.5),
            pytest.approx(A4[1], abs=0.5),
        )


@pytest.mark.parametrize("name", [*KINDS, "long_list"])
def test_notice_text_keeps_to_the_type_area(read, name):
    for page in read(name):
        lines = page.text_lines
        # 订口: the body starts 28 mm from the left edge of every page, odd or even.
        assert page.left == pytest.approx(LEFT, abs=TOLERANCE)
        assert max(line.x1 for line in lines) <= RIGHT + 0.5 * MM
        assert max(line.bottom for line in lines) <= BOTTOM + 0.5
        if page.number == 1:
            # 天头 37 mm, and the mark's top 35 mm under the type area's top.
            assert lines[0].top == pytest.approx(TOP + 35 * MM, abs=TOLERANCE)
        else:
            assert lines[0].top == pytest.approx(TOP, abs=TOLERANCE)


# --- 7.2 版头 ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "mark"),
    [
        ("publicity", PARTY_COMMITTEE),
        ("commendation", f"{PARTY_COMMITTEE}文件"),
        ("rectification", DISCIPLINE_COMMISSION),
        ("short_signature", DISCIPLINE_COMMISSION),
    ],
)
def test_issuing_mark_is_red_and_centred_on_the_type_area(read, name, mark):
    first = read(name)[0].text_lines[0]

    assert first.text == mark
    assert first.colours == {RED}
    assert first.centre == pytest.approx(CENTRE, abs=TOLERANCE)
    assert first.x1 - first.x0 <= 156 * MM + 0.5


@pytest.mark.parametrize("name", KINDS)
def test_document_number_is_centred_two_lines_under_the_mark(read, name):
    mark, number = read(name)[0].text_lines[:2]

    assert re.fullmatch(r"\w+〔2026〕\d+号", number.text)
    assert number.colours == {(0.0, 0.0, 0.0)}
    assert number.size == pytest.approx(16, abs=0.1)
    assert number.centre == pytest.approx(CENTRE, abs=TOLERANCE)
    assert number.top - mark.bottom == pytest.approx(2 * LINE, abs=TOLERANCE)


@pytest.mark.parametrize("name", KINDS)
def test_red_rule_spans_the_type_area_4_mm_under_the_number(read, name):
    page = read(name)[0]
    number, title = page.text_lines[1], page.text_lines[2]
    (rule,) = [rect for rect in page.rects if _is_red(rect["colour"])]

    assert rule["x0"] == pytest.approx(LEFT, abs=TOLERANCE)
    assert rule["x1"] - rule["x0"] == pytest.approx(156 * MM, abs=TOLERANCE)
    assert rule["top"] - number.bottom == pytest.approx(4 * MM, abs=TOLERANCE)
    assert rule["bottom"] < title.top


# --- 7.3 主体 ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", KINDS)
def test_title_is_22_pt_and_centred_two_lines_under_the_rule(read, name):
    page = read(name)[0]
    title = page.text_lines[2]
    (rule,) = [rect for rect in page.rects if _is_red(rect["colour"])]

    assert title.text == NOTICES[name]().title
    assert title.size == pytest.approx(22, abs=0.5)
    assert title.colours == {(0.0, 0.0, 0.0)}
    assert title.centre == pytest.approx(CENTRE, abs=TOLERANCE)
    assert 1.5 * LINE < title.top - rule["bottom"] < 3 * LINE


def test_body_is_16_pt_at_22_lines_of_28_characters(read):
    page = read("rectification")[0]
    body = [line for line in page.text_lines if line.text[:4] in FACTS or line.text in FACTS]
    full_lines = body[1:-1]  # the first is indented, the last ends the paragraph

    assert len(full_lines) >= 2
    for line in body:
        assert line.size == pytest.approx(16, abs=0.1)
    assert [len(line.text) for line in full_lines] == [28] * len(full_lines)
    for line in full_lines:
        assert line.x0 == pytest.approx(LEFT, abs=0.5)
        assert line.x1 == pytest.approx(RIGHT, abs=0.5 * MM)
    assert body[0].x0 == pytest.approx(LEFT + 2 * CHARACTER, abs=0.5)
    for above, below in itertools.pairwise(body):
        assert below.baseline - above.baseline == pytest.approx(LINE, abs=0.05)


@pytest.mark.parametrize(
    ("name", "signature"),
    [
        ("publicity", PARTY_COMMITTEE),
        ("rectification", DISCIPLINE_COMMISSION),
        ("short_signature", "医院纪委"),
    ],
)
def test_signature_and_date_leave_room_for_the_seal(read, name, signature):
    pages = read(name)
    page = next(page for page in pages if any(line.text == SIGNED_ON for line in page.lines))
    signed, date = page.find(signature), page.find(SIGNED_ON)
    above = [line for line in page.text_lines if line.baseline < signed.baseline]

    # The name is centred over the date, which ends four characters from the
    # right; a name too long for that ends two characters from the right.
    assert signed.centre == pytest.approx(date.centre, abs=0.5)
    assert signed.baseline - date.baseline == pytest.approx(-LINE, abs=0.05)
    if date.x1 - date.x0 + 4 * CHARACTER >= signed.x1 - signed.x0:
        assert date.x1 == pytest.approx(RIGHT - 4 * CHARACTER, abs=TOLERANCE)
    else:
        assert signed.x1 == pytest.approx(RIGHT - 2 * CHARACTER, abs=TOLERANCE)
    # A 42 mm seal, centred on the date, its top within a line under the text
    # above, covers the name and date a little under its centre, stays on
    # the page's type area and covers no other text.
    seal_left, seal_right = date.centre - 21 * MM, date.centre + 21 * MM
    seal_top = above[-1].bottom + LINE / 2
    seal_bottom = seal_top + 42 * MM
    assert seal_left >= LEFT
    assert seal_right <= RIGHT
    assert seal_bottom <= BOTTOM
    assert seal_top < signed.top
    assert date.bottom < seal_bottom
    assert (signed.top + date.bottom) / 2 > (seal_top + seal_bottom) / 2
    covered = [
        line.text
        for line in page.text_lines
        if line.bottom > seal_top
        and line.top < seal_bottom
        and line.x1 > seal_left
        and line.x0 < seal_right
    ]
    assert covered == [signature, SIGNED_ON]


# --- 7.4 版记 ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "printed_by"),
    [
        ("publicity", f"{PARTY_COMMITTEE}办公室"),
        ("commendation", f"{PARTY_COMMITTEE}办公室"),
        ("rectification", f"{DISCIPLINE_COMMISSION}办公室"),
        ("long_list", f"{PARTY_COMMITTEE}办公室"),
    ],
)
def test_imprint_closes_the_last_page_between_thick_rules(read, name, printed_by):
    *earlier, last = read(name)
    imprint = last.find(f"{printed_by}{SIGNED_ON}印发")
    rules = sorted(
        (rect for rect in last.rects if rect["colour"] == (0.0, 0.0, 0.0)),
        key=lambda rect: rect["top"],
    )

    assert [rect["bottom"] - rect["top"] for rect in rules] == [
        pytest.approx(0.35 * MM, abs=0.05 * MM)
    ] * 2
    for rule in rules:
        assert rule["x0"] == pytest.approx(LEFT, abs=0.5)
        assert rule["x1"] == pytest.approx(RIGHT, abs=0.5)
    # The last rule lies on the bottom edge of the type area; the first is
    # over the 印发 line, which is 4号 (14 pt) and holds nothing else.
    assert rules[1]["bottom"] == pytest.approx(BOTTOM, abs=0.5)
    assert rules[0]["bottom"] < imprint.top < imprint.bottom < rules[1]["top"]
    assert imprint.size == pytest.approx(14, abs=0.1)
    # 印发机关 one character in from the left, 印发日期 one from the right.
    assert imprint.x0 == pytest.approx(LEFT + 14, abs=0.5)
    assert imprint.x1 == pytest.approx(RIGHT - 14, abs=0.5)
    # Only the last page has a 版记.
    for page in earlier:
        assert [rect for rect in page.rects if rect["colour"] == (0.0, 0.0, 0.0)] == []
        assert not any(line.text.endswith("印发") for line in page.lines)


def test_imprint_parts_copies_from_printing_with_a_thin_rule(read):
    last = read("short_signature")[-1]
    copies = last.find("抄送：院党委办公室。")
    printed = last.find(f"医院纪委办公室{SIGNED_ON}印发")
    rules = sorted(
        (rect for rect in last.rects if rect["colour"] == (0.0, 0.0, 0.0)),
        key=lambda rect: rect["top"],
    )

    heights = [rect["bottom"] - rect["top"] for rect in rules]
    assert heights == [
        pytest.approx(0.35 * MM, abs=0.05 * MM),
        pytest.approx(0.25 * MM, abs=0.05 * MM),
        pytest.approx(0.35 * MM, abs=0.05 * MM),
    ]
    assert rules[0]["bottom"] < copies.top < copies.bottom < rules[1]["top"]
    assert rules[1]["bottom"] < printed.top < printed.bottom < rules[2]["top"]
    assert copies.x0 == pytest.approx(LEFT + 14, abs=0.5)


# --- 7.5 页码 ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", [*KINDS, "long_list"])
def test_page_numbers_sit_7_mm_under_the_type_area_on_the_outer_edges(read, name):
    pages = read(name)
    for page in pages:
        number = page.page_number

        assert number.text == f"—{page.number}—"
        assert number.size == pytest.approx(14, abs=0.1)
        dashes = number.baseline - DASH_HEIGHT * number.size
        assert dashes - BOTTOM == pytest.approx(7 * MM, abs=TOLERANCE)
        if page.number % 2:
            assert number.x1 == pytest.approx(RIGHT - 14, abs=TOLERANCE)
        else:
            assert number.x0 == pytest.approx(LEFT + 14, abs=TOLERANCE)


# --- breaking pages ---------------------------------------------------------------------------


def _rows_by_page(pages):
    """Per page, the numbers of the table rows it holds (“7第7科室内科党支部” → 7)."""
    return [
        [
            int(match[1])
            for line in page.text_lines
            if (match := re.fullmatch(r"(\d+)第\1科室内科党支部", line.text))
        ]
        for page in pages
    ]


def test_long_table_repeats_its_heading_and_never_leaves_a_row_alone(read):
    pages = read("long_list")
    rows = _rows_by_page(pages)

    assert len(pages) == 3
    assert [row for page in rows for row in page] == list(range(1, 30))
    for page, page_rows in zip(pages, rows, strict=True):
        assert len(page_rows) >= 2
        assert any(line.text == "序号科室/清廉团队党支部" for line in page.text_lines)
    # The second page is even: its number is on the left.
    assert pages[1].page_number.x0 < CENTRE


def test_signature_after_a_table_brings_rows_along(read):
    pages = read("list_then_signature")
    last = pages[-1]
    rows = _rows_by_page(pages)

    assert len(pages) >= 2
    assert len(rows[-1]) >= 2
    assert rows[-1][-1] == 26
    assert last.find(PARTY_COMMITTEE).baseline > last.find("26第26科室内科党支部").baseline


def test_signature_after_text_brings_the_text_along(read):
    pages = read("long_list")
    last = pages[-1]
    signed = last.find(PARTY_COMMITTEE)

    body = [line for line in last.text_lines if line.baseline < signed.baseline]
    assert any(line.text.startswith("公示期") for line in body)
    assert last.find(SIGNED_ON).baseline > signed.baseline


# --- fonts --------------------------------------------------------------------------------------


def test_notice_fonts_fall_back_to_noto_cjk_when_the_named_ones_are_missing(settings):
    settings.NOTICE_FONT_BODY = ["仿宋_GB2312", "仿宋"]
    settings.NOTICE_FONT_TITLE = ["方正小标宋简体"]
    settings.NOTICE_FONT_HEADING = "黑体, SimHei"

    fonts = notice_fonts()

    assert (fonts["body"].family, fonts["body"].weight) == ("Noto Serif CJK SC", 400)
    # Noto Serif's bold stands in for 小标宋; Noto Sans for 黑体.
    assert (fonts["title"].family, fonts["title"].weight) == ("Noto Serif CJK SC", 700)
    assert (fonts["heading"].family, fonts["heading"].weight) == ("Noto Sans CJK SC", 400)
    assert all(font.stand_in for font in fonts.values())


def test_notice_uses_an_installed_font_the_settings_name(settings):
    # DejaVu has no Chinese: it stands for a hospital's 仿宋 and 小标宋 in
    # the digits, and the Chinese falls back to Noto CJK.
    settings.NOTICE_FONT_BODY = ["仿宋_GB2312", "DejaVu Serif"]
    settings.NOTICE_FONT_TITLE = ["DejaVu Sans"]

    fonts = notice_fonts()
    with pdfplumber.open(io.BytesIO(render_notice(rectification()))) as pdf:
        first = pdf.pages[0]
        title_size = [char for char in first.chars if abs(char["size"] - 22) < 0.01]
        body_digits = [
            char for char in first.chars if char["text"].isdigit() and abs(char["size"] - 16) < 0.01
        ]

    assert (fonts["body"].family, fonts["body"].stand_in) == ("DejaVu Serif", False)
    # A real 小标宋 has one weight: it is never asked for bold.
    assert (fonts["title"].family, fonts["title"].weight) == ("DejaVu Sans", 400)
    assert {char["fontname"].split("+")[-1] for char in title_size} == {"Noto-Serif-CJK-SC"}
    assert {char["fontname"].split("+")[-1] for char in body_digits} == {"DejaVu-Serif"}
