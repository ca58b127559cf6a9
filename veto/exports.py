"""The revocations as an Excel workbook, for the mid-level cadre meeting (formula-safe).

A report, never read back in: its sheet name and headers are in the language of
the page that asked for it (Chinese by default)."""

import io

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.spreadsheets import formula_safe

REVOCATION_HEADER = [
    gettext_lazy("序号"),
    gettext_lazy("科室编码"),
    gettext_lazy("科室"),
    gettext_lazy("称号年度"),
    gettext_lazy("证书编号"),
    gettext_lazy("撤销日期"),
    gettext_lazy("撤销理由"),
    gettext_lazy("整改期起"),
    gettext_lazy("整改期止"),
    gettext_lazy("整改状态"),
    gettext_lazy("整改通知书文号"),
]


def revocation_row(number, title):
    rectification = title.rectification
    return [
        number,
        title.unit.code,
        title.unit.name,
        title.year,
        title.certificate_number,
        title.revoked_on,
        title.revocation_reason,
        rectification.starts_on if rectification else None,
        rectification.ends_on if rectification else None,
        rectification.get_state_display() if rectification else "",
        rectification.notice_number if rectification else "",
    ]


def revocations_workbook(titles):
    """The workbook's bytes: one row per revoked title (``veto.selectors.revoked_titles``)."""
    # Slow import, done on first use: openpyxl takes a while to load: only a spreadsheet needs it.
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("撤销称号")
    sheet.append([str(label) for label in REVOCATION_HEADER])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for number, title in enumerate(titles, 1):
        sheet.append([formula_safe(value) for value in revocation_row(number, title)])
    for column in ("F", "H", "I"):
        for cell in sheet[column][1:]:
            cell.number_format = "yyyy-mm-dd"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
