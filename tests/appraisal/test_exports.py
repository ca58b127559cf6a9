"""The scores export (appraisal/exports.py): the same content as the plain way of
writing it (model instances into openpyxl), and 评分明细's rows written exactly as
openpyxl's write-only mode writes them."""

import io
import zipfile
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from appraisal.enums import REVIEW_LIVE_STATES
from appraisal.exports import _rows_xml, scores_workbook
from appraisal.models import Score
from appraisal.ranking import rubric_columns
from appraisal.services import assignment
from core.spreadsheets import formula_safe
from tests.factories import fill_review


def _criteria(campaign):
    return [c for s in rubric_columns(campaign) for c in s.criteria]


def _scored(reviewing, team, party_office):
    """Four reviews: three submitted (one with "not applicable" and a formula-like
    comment), one still being filled in (live: it is listed too)."""
    criteria = _criteria(reviewing.campaign)
    for application, reviewer, scores in (
        (reviewing.a, team[1], {criteria[0].pk: "na", criteria[1].pk: "1.5"}),
        (reviewing.a, team[2], None),
        (reviewing.b, team[3], {criteria[14].pk: "0"}),
    ):
        review = assignment.review_assign(
            application=application, reviewer=reviewer, by=party_office
        )
        fill_review(review, by=reviewer, scores=scores, comment='=HYPERLINK("x") 说明', direct=True)
    unfinished = assignment.review_assign(
        application=reviewing.b, reviewer=team[4], by=party_office
    )
    fill_review(unfinished, by=team[4], direct=True, submit=False)


def _expected_details(campaign):
    """评分明细 as the export wrote it before issue 14: every score of a live review,
    read through the model instances."""
    rows = []
    for score in (
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
    ):
        review, criterion = score.review, score.criterion
        values = [
            review.application.unit.code,
            review.application.unit.name,
            criterion.standard.name,
            criterion.text,
            criterion.points,
            review.reviewer.name or review.reviewer.username,
            review.get_state_display(),
            "不适用" if score.not_applicable else score.score,
            score.comment or None,
        ]
        rows.append(tuple(formula_safe(v) for v in values))
    return rows


def _sheets(content):
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content))
    return {sheet.title: list(sheet.values) for sheet in workbook.worksheets}


def test_export_details_are_every_live_score_as_before(reviewing, team, party_office):
    _scored(reviewing, team, party_office)
    sheets = _sheets(scores_workbook(reviewing.campaign))
    details = sheets["评分明细"]
    assert details[0] == (
        "科室编码",
        "科室",
        "创建标准",
        "评分项",
        "分值",
        "评审人员",
        "评审状态",
        "评分",
        "评语",
    )
    expected = _expected_details(reviewing.campaign)
    assert len(expected) == 4 * 15
    assert details[1:] == expected
    assert sum(row[7] == "不适用" for row in details) == 1
    assert any(row[8] == '\'=HYPERLINK("x") 说明' for row in details)


def test_export_summary_and_means_match_the_ranking(reviewing, team, party_office):
    _scored(reviewing, team, party_office)
    sheets = _sheets(scores_workbook(reviewing.campaign))
    assert list(sheets) == ["评分明细", "汇总", "评分项均分", "说明"]
    summary = sheets["汇总"]
    assert summary[1][:3] == (1, "A01", "心内科")
    assert summary[2][:3] == (2, "B01", "骨科")
    assert summary[-1][2] == "全部平均"
    means = sheets["评分项均分"]
    # 心内科's first criterion: one reviewer said "not applicable", the other gave full points.
    assert means[1][2] == _criteria(reviewing.campaign)[0].points
    assert sheets["说明"][1][0] == "计分规则"


def test_export_header_is_bold_and_stays_in_view(reviewing, team, party_office):
    from openpyxl import load_workbook

    _scored(reviewing, team, party_office)
    workbook = load_workbook(io.BytesIO(scores_workbook(reviewing.campaign)))
    for sheet in workbook.worksheets[:3]:
        assert sheet["A1"].font.bold
        assert sheet.freeze_panes == "A2"
    assert not workbook["评分明细"]["A2"].font.bold


def test_export_query_count_does_not_grow_with_the_scores(reviewing, team, party_office):
    review = assignment.review_assign(application=reviewing.b, reviewer=team[5], by=party_office)
    fill_review(review, by=team[5], direct=True)
    with CaptureQueriesContext(connection) as one:
        scores_workbook(reviewing.campaign)
    _scored(reviewing, team, party_office)
    with CaptureQueriesContext(connection) as many:
        scores_workbook(reviewing.campaign)
    assert len(many) == len(one)


def test_detail_rows_are_written_as_openpyxl_writes_them():
    from openpyxl import Workbook

    rows = [
        ["A01", "心内科 <一病区> & 门诊", Decimal("6.0"), Decimal("5.5"), None, "", " 前后空格 "],
        ["=1+1", "#N/A", 0, Decimal("0.0"), "   ", "+86", 12.25],
        ["控制\x01字符", Decimal("100"), None, None, None, None, "x" * 40000],
    ]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("s")
    for row in rows[:2]:
        sheet.append([formula_safe(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    written = zipfile.ZipFile(buffer).read("xl/worksheets/sheet1.xml").decode()
    openpyxl_rows = written.split("<sheetData>")[1].split("</sheetData>")[0]
    ours = "".join(_rows_xml(rows[:2], 1))
    assert openpyxl_rows == ours
    # openpyxl refuses a control character and cuts text at 32,767 characters;
    # the export drops the character and cuts the same.
    last = "".join(_rows_xml(rows[2:], 3))
    assert "控制字符" in last
    assert "x" * 32767 + "<" in last
    assert "x" * 32768 not in last
