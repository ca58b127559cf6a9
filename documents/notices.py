"""Official notices (公文) rendered to PDF: one function, ``render_notice``.

The publicity notice, the commendation notice and the rectification notice
follow GB/T 9704-2012 (党政机关公文格式): A4 with a 156 × 225 mm type area
(天头 37 mm, 订口 28 mm), the issuing body's mark in red 35 mm under its
top, the document number, a red rule, the title, the body in 3号 (16 pt) at
22 lines of 28 characters a page, the signature and date with room for the
seal, the 版记 (印发机关 and 印发日期) at the foot of the last page, page
numbers written “— 1 —” on the outer edges. templates/documents/pdf/document.css
gives each measure and the clause it comes from; tests/documents/
test_notice_geometry.py measures the PDF against them. The certificate is one
landscape page of its own design; the application form (申报表, seed 001) is
a bordered form on A4 portrait, not a 公文, in the same fonts.

The text goes through Django templates with autoescape, so whatever a person
typed (a department's name, an objection's findings) is printed as text and
never read as markup. The fonts are the hospital's 仿宋, 小标宋, 黑体 and 宋体
when installed, Debian's Noto CJK otherwise (documents/fonts.py), found by
fontconfig and embedded as subsets. Workflows decide what a notice says and where the PDF is
stored; this module only lays it out.
"""

import datetime
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.db import models
from django.template.loader import render_to_string

from documents.fonts import notice_fonts_css

# 公开属性 of the notices published in the hospital (the publicity, the commendation).
DISCLOSURE = "此件院内公开"


class NoticeKind(models.TextChoices):
    PUBLICITY = "publicity", "公示"
    COMMENDATION = "commendation", "表扬通报"
    CERTIFICATE = "certificate", "荣誉证书"
    RECTIFICATION = "rectification", "整改通知书"
    APPLICATION_FORM = "application_form", "申报表"


@dataclass(frozen=True)
class Heading:
    """A first-level heading in the body (“一、工作要求”), set in 黑体 as GB/T 9704 asks."""

    text: str


@dataclass(frozen=True)
class Table:
    """A table in the body, e.g. the departments of a list: column headings and rows of cells."""

    columns: Sequence[str]
    rows: Sequence[Sequence[str]]


@dataclass(frozen=True)
class FormRow:
    """A row of a form (the 申报表): a label and what was filled in.

    ``pair`` puts a second label and value on the same row (申报单元 and
    申报日期); ``signed`` is the signing line under a long value, such as
    “科室负责人：张三　2026年9月18日”.
    """

    label: str
    value: str
    pair: tuple[str, str] | None = None
    signed: str = ""


@dataclass(frozen=True, kw_only=True)
class Notice:
    """What an official notice says; ``render_notice`` lays it out.

    A document (every kind but the certificate) needs a ``title``; a
    certificate needs the ``unit`` it honours and the campaign ``year``.
    """

    kind: NoticeKind
    # 发文机关: signs the notice, and heads it unless ``header`` says otherwise.
    issuing_body: str
    # 成文日期, printed 2026年9月18日 (二〇二六年九月十八日 on a certificate).
    date: datetime.date
    # 标题; on a certificate, its heading, 荣誉证书 unless given.
    title: str = ""
    # 发文字号 such as 示医党〔2026〕49号; on a certificate, the certificate's number.
    document_number: str = ""
    # 发文机关标志, the red mark. Defaults to the issuing body, followed by
    # “文件” on a commendation, the one kind issued as a formal 文件.
    header: str = ""
    # 主送机关 such as “各党支部、各科室”; the full-width colon is added.
    recipients: str = ""
    # Paragraphs (str), headings and tables, in reading order.
    body: Sequence[str | Heading | Table] = ()
    # 附件说明: the attachments' names, numbered when there are several.
    attachments: Sequence[str] = ()
    # 公开属性 such as “此件院内公开”, printed in brackets under the date (附注).
    disclosure: str = ""
    # 署名, when someone other than the issuing body signs.
    signature: str = ""
    # 版记: 印发机关 (the issuing body's office unless given), 印发日期 (the
    # date of the notice unless given) and 抄送机关, if any.
    printed_by: str = ""
    printed_on: datetime.date | None = None
    copies_to: str = ""
    # Application form only: its rows, in order.
    form: Sequence[FormRow] = ()
    # Certificate only: the commended unit, the campaign's year, the honour.
    unit: str = ""
    year: int | None = None
    honour: str = "清廉科室"

    def __post_init__(self):
        if not self.issuing_body:
            raise ValueError("A notice needs its issuing body.")
        if self.kind == NoticeKind.CERTIFICATE:
            if not (self.unit and self.year):
                raise ValueError("A certificate needs the unit it honours and the year.")
        elif not self.title:
            raise ValueError("An official document needs a title.")
        if self.kind == NoticeKind.APPLICATION_FORM and not self.form:
            raise ValueError("An application form needs its rows.")


# The type area of GB/T 9704 is 156 mm wide; the red mark is kept inside it.
_TYPE_AREA_WIDTH_PT = 156 / 25.4 * 72
_HEADER_LARGEST_PT = 42  # 初号

_fonts = threading.local()


def _font_configuration():
    """The thread's WeasyPrint font configuration, made once and kept.

    WeasyPrint makes a new one for every render unless given one, and each
    maps the Noto CJK collections the notices use (three files, 73 MB) anew;
    the old maps are released only when the garbage collector next breaks
    WeasyPrint's reference cycles. A worker rendering a few notices in a row
    so held several sets at once (a peak of ~480 MB). Kept, the fonts are
    found and mapped once per process. The notices declare no @font-face, so
    nothing is added to the configuration between renders.
    """
    if not hasattr(_fonts, "configuration"):
        from weasyprint.text.fonts import FontConfiguration  # slow import, done on first use

        _fonts.configuration = FontConfiguration()
    return _fonts.configuration


def render_notice(notice: Notice) -> bytes:
    """The notice as PDF bytes. Reads only the templates in templates/documents/pdf/."""
    from weasyprint import CSS  # slow import, done on first use

    template_dir = Path(settings.BASE_DIR) / "templates" / "documents" / "pdf"
    if notice.kind == NoticeKind.CERTIFICATE:
        html = render_to_string("documents/pdf/certificate.html", {"notice": notice})
        stylesheets = []
    elif notice.kind == NoticeKind.APPLICATION_FORM:
        html = render_to_string("documents/pdf/application_form.html", {"notice": notice})
        stylesheets = []
    else:
        header = notice.header or notice.issuing_body + (
            "文件" if notice.kind == NoticeKind.COMMENDATION else ""
        )
        html = render_to_string(
            "documents/pdf/document.html",
            {
                "notice": notice,
                "header": header,
                "blocks": [_block(item) for item in notice.body],
                "signature": notice.signature or notice.issuing_body,
                "printed_by": notice.printed_by or printing_office(notice.issuing_body),
                "printed_on": notice.printed_on or notice.date,
            },
        )
        # The mark is one line across the type area at most: the longer the
        # issuing body's name, the smaller its characters.
        header_size = min(_HEADER_LARGEST_PT, _TYPE_AREA_WIDTH_PT / len(header))
        stylesheets = [
            CSS(string=notice_fonts_css()),
            CSS(string=f".issuing-mark {{ font-size: {header_size:.2f}pt; }}"),
        ]
    return render_html(html, template_dir=template_dir, stylesheets=stylesheets)


def printing_office(issuing_body):
    """The 印发机关 of a notice: the office of its issuing body (中共…委员会办公室)."""
    return issuing_body if issuing_body.endswith("办公室") else f"{issuing_body}办公室"


def render_html(html: str, *, template_dir: Path, stylesheets=()) -> bytes:
    """``html`` as PDF bytes, in the notices' fonts, reading files under ``template_dir`` only.

    The one way the product lays out a PDF: the notices above, and printed
    matter that is not an official document (the account slips of onboarding).
    ``stylesheets`` are WeasyPrint ``CSS`` objects added to the page's own.
    """
    from weasyprint import HTML  # slow import, done on first use

    document = HTML(
        string=html,
        base_url=template_dir.as_uri() + "/",
        url_fetcher=_local_url_fetcher(template_dir),
    )
    return document.write_pdf(stylesheets=list(stylesheets), font_config=_font_configuration())


def _block(item):
    """A body item as the template reads it: Django templates cannot ask for a type."""
    if isinstance(item, Heading):
        return {"kind": "heading", "text": item.text}
    if isinstance(item, Table):
        return {"kind": "table", "table": item}
    return {"kind": "paragraph", "text": item}


def _local_url_fetcher(root):
    """A WeasyPrint URL fetcher that reads files under ``root`` and nothing else.

    Nothing in a notice should come from the network or from elsewhere on
    the disk; a template that asks for it fails the render loudly.
    """
    # Slow import, done on first use: WeasyPrint loads Pango and its fonts: only a render needs it.
    from weasyprint.urls import URLFetcher

    root = root.resolve()

    class LocalFilesOnly(URLFetcher):
        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            path = Path(url2pathname(parts.path)).resolve()
            if parts.scheme != "file" or not path.is_relative_to(root):
                raise ValueError(f"Notices read only their own templates, not {url}")
            return super().fetch(url, headers)

    return LocalFilesOnly(fail_on_errors=True)
