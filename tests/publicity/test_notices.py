"""The notice engine: each kind of notice is a real PDF of the shape GB/T 9704
asks for, its Chinese text comes back exactly from pdftotext, and what a
person typed into it is printed as text.

poppler-utils (pdfinfo, pdffonts, pdftotext, pdftoppm) reads the PDFs, as a
person's PDF reader would. Each notice is rendered once per module.
"""

import datetime
import re
import subprocess
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from PIL import Image

from documents.notices import (
    FormRow,
    Heading,
    Notice,
    NoticeKind,
    Table,
    _local_url_fetcher,
    render_notice,
)

SEPTEMBER_18 = datetime.date(2026, 9, 18)
PARTY_COMMITTEE = "中共示范人民医院委员会"
DEPARTMENTS = (
    ("1", "心内科", "内科党支部"),
    ("2", "骨科", "外科党支部"),
    ("3", "检验科", "医技党支部"),
)

# GB/T 9704 in PDF points: the type area is 156 mm wide and starts 28 mm
# from the left edge of every page (订口, the left margin); a line is
# 28.95 pt, two characters 31.5 pt. tests/documents/test_notice_geometry.py
# measures the rest of the standard.
MM = 72 / 25.4
TYPE_AREA_LEFT = 28 * MM
TYPE_AREA_RIGHT = TYPE_AREA_LEFT + 156 * MM
TWO_CHARACTERS = 31.5


def publicity_notice(**changes):
    return Notice(
        **{
            "kind": NoticeKind.PUBLICITY,
            "issuing_body": "中共示范人民医院委员会办公室",
            "document_number": "示医党办〔2026〕12号",
            "title": "关于2026年度清廉科室拟表扬名单的公示",
            "recipients": "全院职工",
            "body": (
                "经科室申报、党办评审、清廉科室创建考评工作领导小组审定，拟对以下科室予以表扬，现予公示。",
                Table(columns=("序号", "科室", "所属党支部"), rows=DEPARTMENTS),
                "公示期：2026年9月18日至2026年9月23日。职工如有异议，可登录清廉科室评选系统实名提出。",
            ),
            "date": SEPTEMBER_18,
            **changes,
        }
    )


def commendation_notice():
    return Notice(
        kind=NoticeKind.COMMENDATION,
        issuing_body=PARTY_COMMITTEE,
        document_number="示医党〔2026〕49号",
        title="关于表扬2026年度清廉科室的通报",
        recipients="各党支部、各科室",
        body=(
            "经科室申报、党办评审、领导小组审定、院内公示和院党委会研究，决定对心内科等3个科室予以通报表扬，并授予“清廉科室”称号。",
            Heading("一、表扬名单"),
            Table(columns=("序号", "科室", "所属党支部"), rows=DEPARTMENTS),
            Heading("二、工作要求"),
            "希望受到表扬的科室珍惜荣誉，再接再厉，充分发挥示范引领作用。",
        ),
        attachments=(
            "2026年度清廉科室名单",
            "2026年度清廉科室创建考评工作情况报告及各科室自评得分汇总表",
        ),
        disclosure="此件院内公开",
        date=SEPTEMBER_18,
    )


# Pure Chinese text, so that every full line holds exactly 28 characters.
RECTIFICATION_FIRST_PARAGRAPH = (
    "经核实，你科室存在以下情形：违反中央八项规定精神及医疗卫生行业“九项准则”规定，"
    "被相关部门或医院处分。经院党委会研究决定，取消你科室“清廉科室”称号，并给予六个月整改期。"
)


def rectification_notice():
    return Notice(
        kind=NoticeKind.RECTIFICATION,
        issuing_body="中共示范人民医院纪律检查委员会",
        document_number="示医纪〔2026〕3号",
        title="整改通知书",
        recipients="骨科",
        body=(
            RECTIFICATION_FIRST_PARAGRAPH,
            "整改期自2026年9月18日起至2027年3月17日止。请你科室认真查摆问题，剖析原因，制定整改措施，"
            "于整改期满前向院纪检监察室提交书面整改报告。整改期满经院党委会审议通过后，可按程序重新申报。",
        ),
        attachments=("否决事项核实情况",),
        date=SEPTEMBER_18,
    )


def certificate():
    return Notice(
        kind=NoticeKind.CERTIFICATE,
        issuing_body=PARTY_COMMITTEE,
        unit="消化内科内镜诊疗中心清廉团队",
        year=2026,
        document_number="示医清廉〔2026〕1号",
        date=SEPTEMBER_18,
    )


FORM_STATEMENT = "我科坚持把清廉建设融入医疗服务全过程，落实一岗双责。" * 32


def application_form():
    return Notice(
        kind=NoticeKind.APPLICATION_FORM,
        issuing_body=PARTY_COMMITTEE,
        title="示范人民医院创建“清廉科室”申报表",
        document_number="2026年度清廉科室评选（第1版）",
        form=(
            FormRow("申报单元", "心内科", pair=("申报日期", "2026年9月18日")),
            FormRow("科室人数", "10", pair=("党员人数", "3")),
            FormRow("科室资料目录", "廉洁承诺书", signed="科室负责人确认：主任甲 2026年9月17日"),
            FormRow("申报材料", FORM_STATEMENT),
        ),
        date=SEPTEMBER_18,
    )


BUILDERS = {
    NoticeKind.APPLICATION_FORM: application_form,
    NoticeKind.PUBLICITY: publicity_notice,
    NoticeKind.COMMENDATION: commendation_notice,
    NoticeKind.RECTIFICATION: rectification_notice,
    NoticeKind.CERTIFICATE: certificate,
}
DOCUMENT_KINDS = [NoticeKind.PUBLICITY, NoticeKind.COMMENDATION, NoticeKind.RECTIFICATION]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """``rendered(kind)``: the path of that kind's PDF, rendered once for the module."""
    paths = {}

    def render(kind):
        if kind not in paths:
            paths[kind] = tmp_path_factory.mktemp("notices") / f"{kind}.pdf"
            paths[kind].write_bytes(render_notice(BUILDERS[kind]()))
        return paths[kind]

    return render


def _poppler(tool, *args):
    return subprocess.run(  # noqa: S603 - poppler-utils on our own file, fixed arguments
        [tool, *map(str, args)], capture_output=True, text=True, check=True, timeout=30
    ).stdout


def _page_texts(path):
    """pdftotext's text of each page, page numbers (“— 1 —”) left out."""
    pages = _poppler("pdftotext", path, "-").split("\f")[:-1]
    return [re.sub(r"^—\d+—$\n?", "", page, flags=re.MULTILINE) for page in pages]


def _flowing_text(path):
    """The text of all pages as one string without line breaks, to find whole paragraphs."""
    return "".join(_page_texts(path)).replace("\n", "")


def _words(path):
    """Per page, pdftotext's words with their boxes: (text, x_min, y_min, x_max).

    A word runs between spaces, so a line of Chinese text is one word.
    """
    xhtml = "{http://www.w3.org/1999/xhtml}"
    root = ET.fromstring(_poppler("pdftotext", "-bbox", path, "-"))  # noqa: S314 - poppler's output on our own PDF
    return [
        [
            (word.text, float(word.get("xMin")), float(word.get("yMin")), float(word.get("xMax")))
            for word in page.iter(f"{xhtml}word")
        ]
        for page in root.iter(f"{xhtml}page")
    ]


def _fonts(path):
    """pdffonts' rows: (name, embedded, subset)."""
    rows = _poppler("pdffonts", path).splitlines()[2:]
    return [(row.split()[0], row.split()[-5], row.split()[-4]) for row in rows]


@pytest.mark.parametrize(
    ("kind", "header", "departments"),
    [
        (NoticeKind.PUBLICITY, "中共示范人民医院委员会办公室", DEPARTMENTS),
        (NoticeKind.COMMENDATION, "中共示范人民医院委员会文件", DEPARTMENTS),
        (NoticeKind.RECTIFICATION, "中共示范人民医院纪律检查委员会", ()),
    ],
)
def test_document_notice_is_an_a4_pdf_with_its_text(rendered, kind, header, departments):
    path = rendered(kind)
    notice = BUILDERS[kind]()
    info = _poppler("pdfinfo", path)
    lines = _poppler("pdftotext", path, "-").splitlines()
    text = _flowing_text(path)

    assert path.read_bytes().startswith(b"%PDF-")
    assert re.search(r"^Page size:\s+595\.276 x 841\.89 pts \(A4\)$", info, re.MULTILINE)
    assert re.search(rf"^Title:\s+{notice.title}$", info, re.MULTILINE)
    assert lines[:2] == [header, notice.document_number]
    assert f"{notice.title}{notice.recipients}：" in text
    for item in notice.body:
        if isinstance(item, str):
            assert item in text
    for row in departments:
        assert all(cell in lines for cell in row)
    assert f"{notice.issuing_body}2026年9月18日" in text


def test_commendation_notice_prints_headings_attachments_and_disclosure(rendered):
    path = rendered(NoticeKind.COMMENDATION)
    lines = _poppler("pdftotext", path, "-").splitlines()
    words = {text: x_min for text, x_min, _y, _x in _words(path)[-1]}

    assert "一、表扬名单" in lines
    assert "二、工作要求" in lines
    start = lines.index("附件：1.2026年度清廉科室名单")
    assert lines[start : start + 7] == [
        "附件：1.2026年度清廉科室名单",
        "2.2026年度清廉科室创建考评工作情况报告及各科",
        "室自评得分汇总表",
        "",  # the seal's room above the signature
        PARTY_COMMITTEE,
        "2026年9月18日",
        "（此件院内公开）",
    ]
    # 附件 two characters in; a long name wraps under its own first
    # character: after “附件：” and the number, under neither.
    attachments_left = words["附件：1.2026年度清廉科室名单"]
    assert attachments_left == pytest.approx(TYPE_AREA_LEFT + TWO_CHARACTERS, abs=0.1)
    assert words["室自评得分汇总表"] > words["2.2026年度清廉科室创建考评工作情况报告及各科"]
    assert attachments_left + 3 * 16 < words["室自评得分汇总表"] < attachments_left + 4 * 16


def test_single_attachment_is_not_numbered(rendered):
    assert "附件：否决事项核实情况" in _flowing_text(rendered(NoticeKind.RECTIFICATION))


@pytest.mark.parametrize("kind", list(NoticeKind))
def test_notice_embeds_only_subsets_of_noto_cjk(rendered, kind):
    fonts = _fonts(rendered(kind))

    assert fonts
    for name, embedded, subset in fonts:
        assert re.fullmatch(r"[A-Z]{6}\+Noto-(Serif|Sans)-CJK-SC(-Bold)?", name)
        assert (embedded, subset) == ("yes", "yes")


@pytest.mark.parametrize("kind", list(NoticeKind))
def test_notice_is_under_one_megabyte(rendered, kind):
    assert rendered(kind).stat().st_size < 1_000_000


def test_certificate_is_one_landscape_page(rendered):
    path = rendered(NoticeKind.CERTIFICATE)
    info = _poppler("pdfinfo", path)

    assert path.read_bytes().startswith(b"%PDF-")
    assert re.search(r"^Pages:\s+1$", info, re.MULTILINE)
    assert re.search(r"^Page size:\s+841\.89 x 595\.276 pts \(A4\)$", info, re.MULTILINE)
    assert _page_texts(path) == [
        "荣誉证书\n"
        "消化内科内镜诊疗中心清廉团队：\n"
        "在2026年度清廉科室创建考评工作中成绩突出，被评为\n\n"
        "清廉科室\n"
        "特发此证，以资鼓励。\n\n"
        f"{PARTY_COMMITTEE}\n"
        "二〇二六年九月十八日\n"
        "证书编号：示医清廉〔2026〕1号\n\n"
    ]


def test_application_form_is_an_a4_form_whose_text_reads_back(rendered):
    path = rendered(NoticeKind.APPLICATION_FORM)
    info = _poppler("pdfinfo", path)
    lines = [line for line in _poppler("pdftotext", path, "-").splitlines() if line]

    assert re.search(r"^Page size:\s+595\.276 x 841\.89 pts \(A4\)$", info, re.MULTILINE)
    assert lines[:12] == [
        "示范人民医院创建“清廉科室”申报表",
        "2026年度清廉科室评选（第1版）",
        "申报单元", "心内科", "申报日期", "2026年9月18日",
        "科室人数", "10", "党员人数", "3",
        "科室资料目录", "廉洁承诺书",
    ]  # fmt: skip
    assert "科室负责人确认：主任甲 2026年9月17日" in lines
    # The statement runs on to a second page and comes back whole.
    assert FORM_STATEMENT in _flowing_text(path)
    assert re.search(r"^Pages:\s+2$", info, re.MULTILINE)


def test_application_form_without_rows_is_refused():
    with pytest.raises(ValueError, match="needs its rows"):
        Notice(
            kind=NoticeKind.APPLICATION_FORM,
            issuing_body=PARTY_COMMITTEE,
            title="申报表",
            date=SEPTEMBER_18,
        )


def test_markup_typed_into_a_notice_is_printed_as_text(tmp_path):
    typed = (
        ("1", "<script>alert(1)</script>", "<b>行政</b>党支部"),
        ("2", "检验科 &amp; 病理科", "<i>医技</i>党支部"),
    )
    notice = publicity_notice(
        title="关于<b>2026</b>年度清廉科室\n拟表扬名单的公示",
        recipients="<i>全院职工</i>",
        body=(
            "{{ 异议 }}{% if %}<p style='color:red'>正文</p><img/src=\"https://example.com/x.png\">",
            Table(columns=("序号", "科室", "<u>党支部</u>"), rows=typed),
        ),
    )
    path = tmp_path / "notice.pdf"
    path.write_bytes(render_notice(notice))
    lines = _poppler("pdftotext", path, "-").splitlines()

    # A line break in the title is kept; the markup around it is not read.
    assert lines[3:6] == ["关于<b>2026</b>年度清廉科室", "拟表扬名单的公示", "<i>全院职工</i>："]
    assert (
        "{{ 异议 }}{% if %}<p style='color:red'>正文</p><img/src=\"https://example.com/x.png\">"
        in _flowing_text(path)
    )
    assert "<u>党支部</u>" in lines
    for row in typed:
        for cell in row:
            assert cell in lines


def test_document_follows_the_type_area_of_gbt_9704(rendered):
    first, second = _words(rendered(NoticeKind.RECTIFICATION))
    by_text = {text: (x_min, y_min, x_max) for text, x_min, y_min, x_max in first}
    mark, number, title = first[0], first[1], first[2]
    paragraph = [word for word in first if word[0] in RECTIFICATION_FIRST_PARAGRAPH][:3]

    # The mark, the number and the title are centred on the type area.
    for _text, x_min, _y, x_max in (mark, number, title):
        assert (x_min + x_max) / 2 == pytest.approx((TYPE_AREA_LEFT + TYPE_AREA_RIGHT) / 2, abs=0.5)
    # The recipients start at the left edge; a paragraph is indented two
    # characters, holds 28 characters a full line, fills the line and runs at 28.95 pt.
    assert by_text["骨科："][0] == pytest.approx(TYPE_AREA_LEFT, abs=0.1)
    assert [len(text) for text, *_ in paragraph] == [26, 28, 28]
    assert paragraph[0][1] == pytest.approx(TYPE_AREA_LEFT + TWO_CHARACTERS, abs=0.1)
    assert paragraph[1][1] == pytest.approx(TYPE_AREA_LEFT, abs=0.1)
    assert paragraph[1][3] == pytest.approx(TYPE_AREA_RIGHT, abs=0.5)
    assert paragraph[1][2] - paragraph[0][2] == pytest.approx(28.95, abs=0.01)
    # Odd pages number on the right, even pages on the left, one character in.
    first_dash = next(word for word in first if word[0] == "—")
    assert first_dash[3] < TYPE_AREA_RIGHT - 14 - 10  # “— 1 —”: the last dash ends the line
    assert first[-1][0] == "—"
    assert first[-1][3] == pytest.approx(TYPE_AREA_RIGHT - 14, abs=0.5)
    second_dash = next(word for word in second if word[0] == "—")
    assert second_dash[1] == pytest.approx(TYPE_AREA_LEFT + 14, abs=0.5)
    # No page holds only the attachments and the signature: body text comes along.
    assert second[0][0] == "检监察室提交书面整改报告。整改期满经院党委会审议通过后，"
    # The signature, longer than the date and its four characters, ends two
    # characters from the right; the date is centred under it.
    signature = next(word for word in second if word[0] == "中共示范人民医院纪律检查委员会")
    date = next(word for word in second if word[0] == "2026年9月18日")
    assert signature[3] == pytest.approx(TYPE_AREA_RIGHT - TWO_CHARACTERS, abs=0.5)
    assert (date[1] + date[3]) / 2 == pytest.approx((signature[1] + signature[3]) / 2, abs=0.5)


def test_header_mark_and_rule_are_red_and_the_text_black(rendered, tmp_path):
    path = rendered(NoticeKind.RECTIFICATION)
    _poppler("pdftoppm", "-png", "-r", 36, "-f", 1, "-l", 1, "-singlefile", path, tmp_path / "page")
    page = Image.open(tmp_path / "page.png").convert("RGB")
    first = _words(path)[0]
    scale = 36 / 72

    def colours(top, bottom):
        """Which inks a band of the page holds: red, and black (or its grey edges)."""
        band = page.crop((0, int(top * scale), page.width, int(bottom * scale)))
        inks = set()
        for r, g, b in band.get_flattened_data():
            if r - max(g, b) > 60:
                inks.add("red")
            elif max(r, g, b) - min(r, g, b) < 30 and r < 200:
                inks.add("black")
        return inks

    mark_top, number_top, title_top = first[0][2], first[1][2], first[2][2]
    # From the mark to the title: the red mark, the black number, the red rule.
    assert colours(mark_top, number_top - 10) == {"red"}
    assert colours(number_top, number_top + 22) == {"black"}
    assert colours(number_top + 30, title_top - 10) == {"red"}
    assert colours(title_top, page.height / scale) == {"black"}


def test_url_fetcher_reads_only_the_notice_templates():
    template_dir = settings.BASE_DIR / "templates" / "documents" / "pdf"
    fetch = _local_url_fetcher(template_dir)

    response = fetch((template_dir / "document.css").as_uri())
    assert response.read().startswith(b"/* GB/T 9704")
    response.close()
    for url in (
        "https://example.com/notice.css",
        "http://127.0.0.1:8000/static/css/qinglian.css",
        (settings.BASE_DIR / "templates" / "base.html").as_uri(),
        (template_dir / ".." / ".." / "base.html").as_uri(),
    ):
        with pytest.raises(ValueError, match="Notices read only their own templates"):
            fetch(url)


def test_document_without_a_title_is_refused():
    with pytest.raises(ValueError, match="needs a title"):
        Notice(kind=NoticeKind.PUBLICITY, issuing_body=PARTY_COMMITTEE, date=SEPTEMBER_18)


def test_certificate_without_its_unit_is_refused():
    with pytest.raises(ValueError, match="needs the unit it honours and the year"):
        Notice(
            kind=NoticeKind.CERTIFICATE, issuing_body=PARTY_COMMITTEE, year=2026, date=SEPTEMBER_18
        )
