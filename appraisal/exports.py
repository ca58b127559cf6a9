"""The scores as an Excel workbook, for the party office only (formula-safe)."""

import io

from django.utils import timezone

from appraisal.enums import REVIEW_LIVE_STATES
from appraisal.models import Score
from appraisal.ranking import campaign_ranking
from appraisal.review_selectors import latest_opinions
from core.spreadsheets import formula_safe

NOT_APPLICABLE = "不适用"


def _row(values):
    return [formula_safe(value) for value in values]


def _bold_header(sheet, header):
    # Slow import, done on first use: openpyxl takes a while to load: only a spreadsheet needs it.
    from openpyxl.styles import Font

    sheet.append(_row(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"


def scores_workbook(campaign):
    """The workbook's bytes: 评分明细 (application × criterion × reviewer),
    汇总 (the ranking with the standard subtotals) and 评分项均分 (per
    criterion). Every text cell goes through ``formula_safe``."""
    # Slow import, done on first use: openpyxl takes a while to load: only a spreadsheet needs it.
    from openpyxl import Workbook

    workbook = Workbook()
    details = workbook.active
    details.title = "评分明细"
    _bold_header(
        details,
        ["科室编码", "科室", "创建标准", "评分项", "分值", "评审人员", "评审状态", "评分", "评语"],
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
                    NOT_APPLICABLE if score.not_applicable else score.score,
                    score.comment,
                ]
            )
        )

    ranking = campaign_ranking(campaign)
    opinions = latest_opinions(campaign)
    summary = workbook.create_sheet("汇总")
    _bold_header(
        summary,
        [
            "排名",
            "科室编码",
            "科室",
            "状态",
            *[f"{s.name}（{s.points.normalize()}）" for s in ranking.standards],
            "总分（满分100）",
            "已提交评审数",
            "评审人员总分极差",
            "极差超过15分",
            "评审意见",
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
                    "是" if row.flagged else "",
                    opinion.opinion if opinion else "",
                ]
            )
        )
    summary.append(_row(["", "", "全部平均", "", *ranking.standard_averages, "", "", "", "", ""]))

    means = workbook.create_sheet("评分项均分")
    criteria = ranking.criteria
    _bold_header(
        means,
        ["科室编码", "科室", *[f"{c.text}（{c.points.normalize()}）" for c in criteria]],
    )
    for row in ranking.rows:
        cells = []
        for criterion in criteria:
            outcome = row.criteria.get(criterion.pk)
            if outcome is None:
                cells.append("")
            else:
                cells.append(NOT_APPLICABLE if outcome.mean is None else outcome.shown)
        means.append(_row([row.application.unit.code, row.application.unit.name, *cells]))
    note = workbook.create_sheet("说明")
    note.append(
        _row([f"{campaign.title} 评分导出", timezone.localtime().strftime("%Y-%m-%d %H:%M")])
    )
    note.append(
        _row(
            [
                "计分规则",
                "各评分项取已提交评审的平均分（不适用不计）"
                + (
                    "；该项有 5 名及以上评审人员评分时去掉一个最高分和一个最低分"
                    if campaign.trims_extreme_scores
                    else ""
                )
                + "；全部评审人员均认为不适用的评分项不计入，总分按计入评分项的分值折算为百分制；"
                "保留两位小数，四舍五入。",
            ]
        )
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
