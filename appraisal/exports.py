"""The scores as an Excel workbook, for the party office only (formula-safe).

A working document, never read back in: its sheet names, headers and notes
are in the language of the page that asked for it (Chinese by default)."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from appraisal.enums import REVIEW_LIVE_STATES
from appraisal.models import Score
from appraisal.ranking import campaign_ranking
from appraisal.review_selectors import latest_opinions
from core.spreadsheets import formula_safe

NOT_APPLICABLE = gettext_lazy("不适用")


def _row(values):
    return [formula_safe(value) for value in values]


def _bold_header(sheet, header):
    # Slow import, done on first use: openpyxl takes a while to load: only a spreadsheet needs it.
    from openpyxl.styles import Font

    sheet.append(_row([str(label) for label in header]))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"


def _with_points(label, points):
    """A column named after a standard or criterion, with its points: 甲（20）."""
    return _("%(label)s（%(points)s）") % {"label": label, "points": points.normalize()}


def scores_workbook(campaign):
    """The workbook's bytes: 评分明细 (application × criterion × reviewer),
    汇总 (the ranking with the standard subtotals) and 评分项均分 (per
    criterion). Every text cell goes through ``formula_safe``."""
    # Slow import, done on first use: openpyxl takes a while to load: only a spreadsheet needs it.
    from openpyxl import Workbook

    workbook = Workbook()
    details = workbook.active
    details.title = _("评分明细")
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
    scores = (
        Score.objects.filter(
            review__application__campaign=campaign, review__state__in=REVIEW_LIVE_STATES
        )
        .select_related("review__reviewer", "review__application__unit", "criterion__standard")
        .order_by(
            "review__application__unit__code",
            "criterion__standard__order",
            "criterion__standard_id",
            "criterion__order",
            "criterion_id",
            "review__reviewer__name",
            "review_id",
        )
    )
    for score in scores.iterator(chunk_size=2000):
        review, criterion = score.review, score.criterion
        details.append(
            _row(
                [
                    review.application.unit.code,
                    review.application.unit.name,
                    criterion.standard.name,
                    criterion.text,
                    criterion.points,
                    review.reviewer.name or review.reviewer.username,
                    review.get_state_display(),
                    str(NOT_APPLICABLE) if score.not_applicable else score.score,
                    score.comment,
                ]
            )
        )

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
    return buffer.getvalue()
