"""The scores as an Excel workbook, for the party office only (formula-safe).

A working document, never read back in: its sheet names, headers and notes
are in the language of the page that asked for it (Chinese by default).

Speed (``make bench``, benchmarks/review.py): 300 applications × 9 reviews ×
15 criteria make 40,500 rows of 9 cells in 评分明细. Model instances written
into a workbook held in memory took 6.1 s and 277 MB. Now the rows are read as
tuples of values (``_score_rows``: three queries), and openpyxl writes the workbook in
write-only mode, 评分明细 with its header row only; ``_rows_spliced`` then
streams that sheet's rows into the package as the same XML openpyxl's
write-only mode writes (``tests/appraisal/test_exports.py`` compares the two),
since openpyxl builds an element tree for every cell, about 3 s here without
lxml.
"""

import io
import re
import zipfile
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from appraisal.enums import REVIEW_LIVE_STATES, ReviewState
from appraisal.models import Criterion, Review, Score
from appraisal.ranking import campaign_ranking
from appraisal.review_selectors import latest_opinions
from core.spreadsheets import formula_safe

NOT_APPLICABLE = gettext_lazy("不适用")


def _row(values):
    return [formula_safe(value) for value in values]


def _bold_header(sheet, header):
    """The sheet's first row, bold, kept in view while the rest scrolls."""
    # Slow import, done on first use: openpyxl takes a while to load: only a spreadsheet needs it.
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    bold = Font(bold=True)
    cells = []
    for label in header:
        cell = WriteOnlyCell(sheet, value=formula_safe(str(label)))
        cell.font = bold
        cells.append(cell)
    sheet.freeze_panes = "A2"
    sheet.append(cells)


def _with_points(label, points):
    """A column named after a standard or criterion, with its points: 甲（20）."""
    return _("%(label)s（%(points)s）") % {"label": label, "points": points.normalize()}


def _score_rows(campaign):
    """评分明细's rows: one per score of a live review, as plain values, in the order
    unit code, criterion (as the rubric orders them), reviewer's name, review.

    Three queries of tuples, never model instances: the criteria, the live reviews
    (with their unit and reviewer, in the database's order of unit code and
    reviewer name) and the scores as ids and values; the 40,500 scores of 300
    applications × 9 reviews × 15 criteria then join them in Python and sort by
    the positions the two small queries gave. Reading the texts with every score
    (a five-table join) took longer than writing the sheet.
    """
    review_states = {value: str(label) for value, label in ReviewState.choices}
    not_applicable = str(NOT_APPLICABLE)
    criteria = {}
    for position, (pk, standard, text, points) in enumerate(
        Criterion.objects.filter(standard__rubric=campaign.rubric_id)
        .order_by("standard__order", "standard_id", "order", "pk")
        .values_list("pk", "standard__name", "text", "points")
    ):
        criteria[pk] = (position, standard, text, points)
    reviews = {}
    unit_position, last_code = -1, None
    for position, (pk, code, unit, name, username, state) in enumerate(
        Review.objects.filter(application__campaign=campaign, state__in=REVIEW_LIVE_STATES)
        .order_by("application__unit__code", "reviewer__name", "pk")
        .values_list(
            "pk",
            "application__unit__code",
            "application__unit__name",
            "reviewer__name",
            "reviewer__username",
            "state",
        )
    ):
        if code != last_code:
            unit_position, last_code = unit_position + 1, code
        reviews[pk] = (unit_position, position, code, unit, name or username, review_states[state])
    scores = Score.objects.filter(
        review__application__campaign=campaign, review__state__in=REVIEW_LIVE_STATES
    ).values_list("review_id", "criterion_id", "not_applicable", "score", "comment")
    keyed = []
    for review_id, criterion_id, is_not_applicable, score, comment in scores.iterator(
        chunk_size=5000
    ):
        review, criterion = reviews[review_id], criteria[criterion_id]
        keyed.append(
            (
                (review[0], criterion[0], review[1]),
                (
                    review[2],
                    review[3],
                    criterion[1],
                    criterion[2],
                    criterion[3],
                    review[4],
                    review[5],
                    not_applicable if is_not_applicable else score,
                    comment,
                ),
            )
        )
    keyed.sort(key=lambda pair: pair[0])
    return [row for _key, row in keyed]


def scores_workbook(campaign):
    """The workbook's bytes: 评分明细 (application × criterion × reviewer),
    汇总 (the ranking with the standard subtotals) and 评分项均分 (per
    criterion). Every text cell goes through ``formula_safe``.

    Written row by row into a write-only workbook (openpyxl keeps no cell in
    memory), from tuples of values: a constant number of queries, memory that
    does not grow with the scores."""
    # Slow import, done on first use: openpyxl takes a while to load: only a spreadsheet needs it.
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    details = workbook.create_sheet(_("评分明细"))
    _bold_header(
        details,
        [
            _("科室编码"),
            _("科室"),
            _("创建标准"),
            _("评分项"),
            _("分值"),
            _("评审人员"),
            _("评审状态"),
            _("评分"),
            _("评语"),
        ],
    )
    details_member = f"xl/worksheets/sheet{len(workbook.worksheets)}.xml"

    ranking = campaign_ranking(campaign)
    opinions = latest_opinions(campaign)
    summary = workbook.create_sheet(_("汇总"))
    _bold_header(
        summary,
        [
            _("排名"),
            _("科室编码"),
            _("科室"),
            _("状态"),
            *[_with_points(s.name, s.points) for s in ranking.standards],
            _("总分（满分100）"),
            _("已提交评审数"),
            _("评审人员总分极差"),
            _("极差超过15分"),
            _("评审意见"),
        ],
    )
    for row in ranking.rows:
        application = row.application
        opinion = opinions.get(application.pk)
        summary.append(
            _row(
                [
                    row.rank,
                    application.unit.code,
                    application.unit.name,
                    application.get_state_display(),
                    *row.subtotals,
                    row.total,
                    row.reviews,
                    row.spread_shown,
                    _("是") if row.flagged else "",
                    opinion.opinion if opinion else "",
                ]
            )
        )
    summary.append(
        _row(["", "", _("全部平均"), "", *ranking.standard_averages, "", "", "", "", ""])
    )

    means = workbook.create_sheet(_("评分项均分"))
    criteria = ranking.criteria
    _bold_header(
        means,
        [_("科室编码"), _("科室"), *[_with_points(c.text, c.points) for c in criteria]],
    )
    for row in ranking.rows:
        cells = []
        for criterion in criteria:
            outcome = row.criteria.get(criterion.pk)
            if outcome is None:
                cells.append("")
            else:
                cells.append(str(NOT_APPLICABLE) if outcome.mean is None else outcome.shown)
        means.append(_row([row.application.unit.code, row.application.unit.name, *cells]))
    note = workbook.create_sheet(_("说明"))
    note.append(
        _row(
            [
                _("%(campaign)s 评分导出") % {"campaign": campaign.title},
                timezone.localtime().strftime("%Y-%m-%d %H:%M"),
            ]
        )
    )
    if campaign.trims_extreme_scores:
        rule = _(
            "各评分项取已提交评审的平均分（不适用不计）；"
            "该项有 5 名及以上评审人员评分时去掉一个最高分和一个最低分；"
            "全部评审人员均认为不适用的评分项不计入，总分按计入评分项的分值折算为百分制；"
            "保留两位小数，四舍五入。"
        )
    else:
        rule = _(
            "各评分项取已提交评审的平均分（不适用不计）；"
            "全部评审人员均认为不适用的评分项不计入，总分按计入评分项的分值折算为百分制；"
            "保留两位小数，四舍五入。"
        )
    note.append(_row([_("计分规则"), rule]))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _rows_spliced(buffer.getvalue(), details_member, _score_rows(campaign), first_row=2)


# --- 评分明细's rows, written as openpyxl's write-only mode writes them ----------------------

# What openpyxl refuses in a cell (openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE), and
# the texts it writes as error cells (ERROR_CODES).
_ILLEGAL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")
_ERROR_CODES = frozenset(("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"))
_MAX_TEXT = 32767
_CHUNK_ROWS = 2000


def _cell_content(value):
    """What follows ``<c r="…"`` for ``value`` (not None), as openpyxl's write-only
    mode writes it (openpyxl/cell/_writer.py): text inline, numbers as ``%.16g``."""
    if isinstance(value, str):
        # openpyxl would refuse a control character (an error page); it is dropped instead.
        value = _ILLEGAL.sub("", formula_safe(value)[:_MAX_TEXT])
        if value == "":
            return ' t="inlineStr" />'
        if value in _ERROR_CODES:
            return f' t="e"><v>{value}</v></c>'
        stripped = value.strip()
        space = ' xml:space="preserve"' if stripped and stripped != value else ""
        return f' t="inlineStr"><is><t{space}>{escape(value)}</t></is></c>'
    # openpyxl's own number format (openpyxl.compat.safe_string), Decimals read as floats.
    number = "%.16g" % value  # noqa: UP031 - format(Decimal, ".16g") keeps the exponent: 6.0
    return f' t="n"><v>{number}</v></c>'


def _rows_xml(rows, first_row):
    """``<row>`` elements for ``rows`` (lists of at most 26 values, texts made
    formula-safe here), numbered from ``first_row``, in chunks of text. Most
    values repeat (units, criteria, points), so each is turned into XML once."""
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    contents = {}
    chunk = []
    for number, values in enumerate(rows, start=first_row):
        cells = []
        for index, value in enumerate(values):
            if value is None:
                continue
            content = contents.get(value)
            if content is None:
                content = contents[value] = _cell_content(value)
            cells.append(f'<c r="{letters[index]}{number}"{content}')
        chunk.append(f'<row r="{number}">{"".join(cells)}</row>')
        if len(chunk) == _CHUNK_ROWS:
            yield "".join(chunk)
            chunk = []
    if chunk:
        yield "".join(chunk)


def _rows_spliced(package, member, rows, *, first_row):
    """The .xlsx ``package`` (bytes) with ``rows`` appended to the sheet ``member``
    (whose own rows end before ``first_row``), streamed into a new package."""
    source = zipfile.ZipFile(io.BytesIO(package))
    output = io.BytesIO()
    # The fastest deflate: the sheet's XML is most of the work, and repeats itself enough.
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for info in source.infolist():
            if info.filename != member:
                target.writestr(info, source.read(info.filename))
                continue
            head, tail = source.read(member).decode().split("</sheetData>")
            with target.open(info.filename, "w") as stream:
                stream.write(head.encode())
                for text in _rows_xml(rows, first_row):
                    stream.write(text.encode())
                stream.write(f"</sheetData>{tail}".encode())
    return output.getvalue()
