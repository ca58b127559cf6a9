"""A yearly evaluation's confirmed results as an Excel workbook, for the party office
and the party committee (formula-safe, like appraisal/exports.py). One row per unit
as confirmed (EvaluationResult, never recomputed), each criterion's score, and the
hospital's average per criterion and total on the last row."""

import io

from django.utils.translation import gettext as _

from appraisal.evaluation_selectors import campaign_results, criterion_averages
from appraisal.exports import _bold_header, _row, _with_points
from appraisal.ranking import rubric_columns

NOT_APPLICABLE = "—"


def results_workbook(campaign):
    # Slow import, done on first use.
    from openpyxl import Workbook

    criteria = [c for standard in rubric_columns(campaign) for c in standard.criteria]
    results = campaign_results(campaign)
    averages = criterion_averages(campaign)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("考评结果"))
    _bold_header(
        sheet,
        [
            _("名次"),
            _("单元编码"),
            _("单元"),
            _("总分"),
            _("等次"),
            *(_with_points(c.text[:30], c.points) for c in criteria),
        ],
    )
    for result in results:
        sheet.append(
            _row(
                [
                    result.rank,
                    result.unit.code,
                    result.unit.name,
                    float(result.total),
                    result.get_grade_display(),
                    *(
                        NOT_APPLICABLE
                        if result.criterion_scores.get(str(c.pk)) is None
                        else float(result.criterion_scores[str(c.pk)])
                        for c in criteria
                    ),
                ]
            )
        )
    if results:
        sheet.append(
            _row(
                [
                    "",
                    "",
                    _("全院平均"),
                    float(results[0].average_total),
                    "",
                    *(
                        NOT_APPLICABLE if str(c.pk) not in averages else float(averages[str(c.pk)])
                        for c in criteria
                    ),
                ]
            )
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
