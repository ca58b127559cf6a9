"""The review pages: the reviewer's queue and sheet (drafts saved by htmx), the party
office's team, progress, application reviews, ranking, charts and export, the
department's results; every list page with a query count that does not grow."""

import io
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from appraisal.enums import ApplicationState, CampaignState, ReviewState
from appraisal.models import Application, Campaign, Criterion, Review, Score
from appraisal.ranking import rubric_columns
from appraisal.services import applications as application_services
from appraisal.services import assignment
from appraisal.services import evidence as evidence_services
from appraisal.services import reviews as services
from tests.factories import (
    STATEMENT,
    DepartmentFactory,
    applicant_of,
    close_applications,
    fill_review,
    head_of,
    open_campaign,
    pdf_upload,
    submitted_application,
)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _queries(client, url):
    client.get(url)  # a returning user: what is kept across requests is kept
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _criteria(campaign):
    return [c for s in rubric_columns(campaign) for c in s.criteria]


@pytest.fixture
def review(reviewing, team, party_office):
    """reviewer1's review of department B's application."""
    return assignment.review_assign(application=reviewing.b, reviewer=team[1], by=party_office)


@pytest.fixture
def reviewer1(team, client):
    client.force_login(team[1])
    return client


# --- the reviewer's queue -------------------------------------------------------------------


def test_queue_lists_the_reviewers_reviews_with_progress(review, reviewer1, reviewing):
    criterion = _criteria(reviewing.campaign)[0]
    services.score_save(
        review=review,
        by=review.reviewer,
        criterion=criterion,
        score=Decimal(6),
        not_applicable=False,
    )
    page = reviewer1.get(reverse("appraisal:review_queue")).content.decode()
    assert "已提交 0 / 共 1 份" in page
    assert "骨科" in page
    assert "1 / 15" in page
    assert reverse("appraisal:review", args=[review.pk]) in page


def test_queue_query_count_does_not_grow(review, reviewer1, reviewing, team, party_office):
    url = reverse("appraisal:review_queue")
    one = _queries(reviewer1, url)
    campaign = open_campaign(party_office, title="另一批次")
    units = [DepartmentFactory(code=f"Q{n}") for n in range(3)]
    applications = [submitted_application(campaign, unit) for unit in units]
    close_applications(campaign)
    assignment.pool_add(campaign=campaign, reviewer=team[1], by=party_office)
    for application in applications:
        assignment.review_assign(application=application, reviewer=team[1], by=party_office)
    fill_review(Review.objects.filter(reviewer=team[1]).last(), by=team[1], direct=True)
    assert _queries(reviewer1, url) == one


@pytest.fixture
def second_queue_row(review, reviewing, team, party_office):
    """reviewer1's submitted review of 眼科 in a second campaign (opened after the first)."""
    campaign = open_campaign(party_office, title="另一批次")
    application = submitted_application(campaign, DepartmentFactory(code="Q1", name="眼科"))
    close_applications(campaign)
    assignment.pool_add(campaign=campaign, reviewer=team[1], by=party_office)
    other = assignment.review_assign(application=application, reviewer=team[1], by=party_office)
    fill_review(other, by=team[1], direct=True)
    return other


def _queue_units(page):
    body = page[page.index("<tbody") :]
    return [unit for unit in ("骨科", "眼科") if unit in body]


def test_queue_sorts_by_campaign(second_queue_row, reviewer1):
    url = reverse("appraisal:review_queue")
    for sort, expected in (("campaign", ["骨科", "眼科"]), ("-campaign", ["眼科", "骨科"])):
        page = reviewer1.get(url, {"sort": sort}).content.decode()
        body = page[page.index("<tbody") :]
        assert sorted(expected, key=body.index) == expected


def test_queue_filters_by_state(second_queue_row, reviewer1):
    url = reverse("appraisal:review_queue")
    page = reviewer1.get(url, {"state": "submitted"}).content.decode()
    assert _queue_units(page) == ["眼科"]
    # The progress counts the whole queue, whatever the filter shows.
    assert "已提交 1 / 共 2 份" in page


def test_queue_export_holds_what_the_queue_shows(second_queue_row, reviewer1, reviewing):
    url = reverse("appraisal:review_queue")
    response = reviewer1.get(url, {"sort": "-campaign", "export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0] == ("评选批次", "申报单元", "状态", "已评项目")
    assert rows[1:] == [
        ("另一批次", "眼科", "已提交", "15/15"),
        (reviewing.campaign.title, "骨科", "待评分", "0/15"),
    ]


def test_queue_export_query_count_does_not_grow(review, reviewer1, reviewing, team, party_office):
    url = reverse("appraisal:review_queue") + "?export=xlsx"
    one = _queries(reviewer1, url)
    campaign = open_campaign(party_office, title="另一批次")
    applications = [
        submitted_application(campaign, DepartmentFactory(code=f"Q{n}")) for n in range(3)
    ]
    close_applications(campaign)
    assignment.pool_add(campaign=campaign, reviewer=team[1], by=party_office)
    for application in applications:
        assignment.review_assign(application=application, reviewer=team[1], by=party_office)
    assert _queries(reviewer1, url) == one


def test_queue_pages_show_the_progress_of_all_reviews(
    review, reviewer1, reviewing, team, party_office, monkeypatch
):
    monkeypatch.setattr("core.lists.PAGE_SIZE", 1)
    campaign = open_campaign(party_office, title="另一批次")
    application = submitted_application(campaign, DepartmentFactory(code="Q1", name="眼科"))
    close_applications(campaign)
    assignment.pool_add(campaign=campaign, reviewer=team[1], by=party_office)
    other = assignment.review_assign(application=application, reviewer=team[1], by=party_office)
    fill_review(other, by=team[1], direct=True)
    url = reverse("appraisal:review_queue")
    first = reviewer1.get(url).content.decode()
    second = reviewer1.get(url, {"page": 2}).content.decode()
    for page in (first, second):
        assert "已提交 1 / 共 2 份" in page
    assert "第 1/2 页，共 2 条" in first
    assert reverse("appraisal:review", args=[review.pk]) in first
    assert reverse("appraisal:review", args=[other.pk]) not in first
    assert "第 2/2 页，共 2 条" in second
    assert reverse("appraisal:review", args=[other.pk]) in second
    assert reverse("appraisal:review", args=[review.pk]) not in second


# --- the review sheet ----------------------------------------------------------------------------


def test_review_sheet_shows_the_application_and_the_form(review, reviewer1, reviewing):
    page = reviewer1.get(reverse("appraisal:review", args=[review.pk])).content.decode()
    criterion = _criteria(reviewing.campaign)[0]
    assert "评审：骨科" in page
    assert "我科坚持把清廉建设融入医疗服务全过程" in page
    assert f'hx-post="{reverse("appraisal:review_score", args=[review.pk, criterion.pk])}"' in page
    assert 'hx-trigger="input delay:800ms, change"' in page
    assert 'step="0.5"' in page
    assert "提交评审" in page
    assert "style=" not in page
    assert "<script>" not in page


def test_review_sheet_shows_evidence_in_the_page_and_what_changed(
    reviewing, team, party_office, applicant_b, department_b, client
):
    """B is returned, resubmitted with a changed statement, a PDF and an image: the reviewer
    sees the PDF in a frame, the image inline and the statement's changes."""
    b = application_services.application_return(
        application=reviewing.b, by=party_office, reason="请补充材料"
    )
    criterion = _criteria(reviewing.campaign)[0]
    pdf = evidence_services.evidence_add(
        application=b, by=applicant_b, upload=pdf_upload("制度.pdf"), criterion=criterion
    )
    image = evidence_services.evidence_add(
        application=b,
        by=applicant_b,
        upload=SimpleUploadedFile("清廉墙.png", PNG, content_type="image/png"),
        criterion=criterion,
    )
    application_services.application_save(
        application=b,
        by=applicant_b,
        staff_count=10,
        party_member_count=3,
        materials_list="",
        statement=STATEMENT.replace("全过程", "各环节", 1),
    )
    application_services.head_confirm(application=b, by=head_of(department_b))
    b = application_services.application_submit(application=b, by=applicant_b)
    review = assignment.review_assign(application=b, reviewer=team[1], by=party_office)
    client.force_login(team[1])
    page = client.get(reverse("appraisal:review", args=[review.pk])).content.decode()
    evidence_url = reverse("appraisal:evidence", args=[b.pk, pdf.pk])
    assert f'<iframe src="{evidence_url}?inline=1"' in page
    image_url = reverse("appraisal:evidence", args=[b.pk, image.pk])
    assert f'<img src="{image_url}?inline=1"' in page
    assert "与上一版相比的修改（第 2 版）" in page
    assert "<del>全过程</del><ins>各环节</ins>" in page
    shown = client.get(f"{evidence_url}?inline=1")
    assert shown.status_code == 200
    assert shown["Content-Disposition"].startswith("inline")
    assert shown["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in shown["Content-Security-Policy"]


def test_review_sheet_shows_the_self_assessment(
    party_office, team, applicant_b, department_b, department_a, reviewing
):
    # A fresh campaign, so B can self-assess before submitting.
    campaign = open_campaign(party_office, title="自评批次")
    application = application_services.application_start(
        campaign=campaign, unit=department_b, by=applicant_b
    )
    criterion = _criteria(campaign)[0]
    application_services.self_assessment_save(
        application=application,
        by=applicant_b,
        criterion=criterion,
        score="5.5",
        not_applicable=False,
        note="每季度约谈",
    )
    application_services.application_save(
        application=application,
        by=applicant_b,
        staff_count=9,
        party_member_count=3,
        materials_list="",
        statement=STATEMENT,
    )
    application_services.head_confirm(application=application, by=head_of(department_b))
    application = application_services.application_submit(application=application, by=applicant_b)
    close_applications(campaign)
    assignment.pool_add(campaign=campaign, reviewer=team[1], by=party_office)
    review = assignment.review_assign(application=application, reviewer=team[1], by=party_office)
    from django.test import Client

    client = Client()
    client.force_login(team[1])
    page = client.get(reverse("appraisal:review", args=[review.pk])).content.decode()
    assert "<strong>科室自评：</strong>5.5 · 每季度约谈" in page


def test_review_sheet_query_count_does_not_grow(review, reviewer1, reviewing, applicant_b):
    url = reverse("appraisal:review", args=[review.pk])
    one = _queries(reviewer1, url)
    criteria = _criteria(reviewing.campaign)
    for criterion in criteria[:3]:
        services.score_save(
            review=review,
            by=review.reviewer,
            criterion=criterion,
            score=Decimal(1),
            not_applicable=False,
            comment="不足",
        )
    Application.objects.filter(pk=reviewing.b.pk).update(state=ApplicationState.DRAFT)
    for criterion in criteria[:3]:
        evidence_services.evidence_add(
            application=reviewing.b, by=applicant_b, upload=pdf_upload(), criterion=criterion
        )
    Application.objects.filter(pk=reviewing.b.pk).update(state=ApplicationState.UNDER_REVIEW)
    assert _queries(reviewer1, url) == one


def test_draft_score_saves_through_htmx(review, reviewer1, reviewing):
    criterion = _criteria(reviewing.campaign)[0]
    url = reverse("appraisal:review_score", args=[review.pk, criterion.pk])
    saved = reviewer1.post(
        url, {"score": "2", "comment": ""}, headers={"HX-Request": "true"}
    ).content.decode()
    assert "已保存" in saved
    assert "低于该项分值的一半，提交前须填写评语" in saved
    refused = reviewer1.post(url, {"score": "9"}, headers={"HX-Request": "true"}).content.decode()
    assert "评分须在 0 至 6 分之间，以 0.5 分为单位" in refused
    text = reviewer1.post(url, {"score": "好"}, headers={"HX-Request": "true"}).content.decode()
    assert "评分须为数字" in text
    assert Score.objects.get().score == Decimal("2")


def test_draft_score_without_htmx_goes_back_to_the_criterion(review, reviewer1, reviewing):
    criterion = _criteria(reviewing.campaign)[0]
    response = reviewer1.post(
        reverse("appraisal:review_score", args=[review.pk, criterion.pk]),
        {"not_applicable": "on"},
    )
    assert response["Location"] == (
        f"{reverse('appraisal:review', args=[review.pk])}#criterion-{criterion.pk}"
    )
    assert Score.objects.get().not_applicable is True


def test_submit_through_the_page(review, reviewer1, reviewing):
    url = reverse("appraisal:review_submit", args=[review.pk])
    refused = reviewer1.post(url, follow=True).content.decode()
    assert "暂不能提交：第 1 项尚未评分。" in refused
    fill_review(review, by=review.reviewer, submit=False, direct=True)
    response = reviewer1.post(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("appraisal:review_queue")
    assert "已提交对“骨科”的评审，评分已锁定" in response.content.decode()
    page = reviewer1.get(reverse("appraisal:review", args=[review.pk])).content.decode()
    assert "评分已锁定" in page
    assert "hx-post" not in page


def test_party_office_reads_a_review_without_the_form(review, reviewing, persona_client):
    fill_review(review, by=review.reviewer, submit=False, direct=True)
    page = persona_client("party_office").get(reverse("appraisal:review", args=[review.pk]))
    content = page.content.decode()
    assert page.status_code == 200
    assert "hx-post" not in content
    assert "<strong>评分：</strong>6" in content


def test_unassigned_review_is_gone_for_its_former_reviewer(review, reviewer1, party_office):
    assignment.review_unassign(review=review, by=party_office, reason="调整")
    assert reviewer1.get(reverse("appraisal:review", args=[review.pk])).status_code == 404


# --- the party office's pages ------------------------------------------------------------------------


def test_overview_shows_the_team_and_their_progress(review, reviewing, persona_client):
    fill_review(review, by=review.reviewer, direct=True)
    page = (
        persona_client("party_office")
        .get(reverse("appraisal:review_overview", args=[reviewing.campaign.pk]))
        .content.decode()
    )
    row = re.search(r"<tr>\s*<td>评审人1</td>.*?</tr>", page, re.DOTALL).group(0)
    cells = re.findall(r'<td class="text-end">(\d+)</td>', row)
    assert cells == ["1", "1", "0", "0"]  # load, submitted, unfinished, excused
    assert "医技科1" in row
    assert "自动分配" in page
    assert "报送领导小组" in page


def test_overview_query_count_does_not_grow(reviewing, team, party_office, persona_client):
    client = persona_client("party_office")
    url = reverse("appraisal:review_overview", args=[reviewing.campaign.pk])
    assignment.review_assign(application=reviewing.b, reviewer=team[1], by=party_office)
    one = _queries(client, url)
    assignment.reviews_assign_automatically(campaign=reviewing.campaign, by=party_office, seed=1)
    services.review_excuse(
        review=Review.objects.filter(state=ReviewState.ASSIGNED).first(),
        by=party_office,
        reason="病假",
    )
    assert _queries(client, url) == one


def test_team_and_automatic_assignment_through_the_pages(
    reviewing, team, party_office, persona_client
):
    client = persona_client("party_office")
    campaign = reviewing.campaign
    added = client.post(
        reverse("appraisal:pool_add", args=[campaign.pk]), {"reviewer": ""}, follow=True
    )
    assert "请选择有“党办评审人员”角色" in added.content.decode()
    assigned = client.post(
        reverse("appraisal:assign_automatically", args=[campaign.pk]),
        {"per_application": "3"},
        follow=True,
    )
    assert "已分配 6 份评审任务；每位评审人员现有 1–1 份。" in assigned.content.decode()
    away = client.post(
        reverse("appraisal:reviewer_away", args=[campaign.pk, team[1].pk]),
        {"reason": "出差"},
        follow=True,
    )
    assert "已标记请假" in away.content.decode()
    assert campaign.reviewer_pool.get(reviewer=team[1]).is_away
    back = client.post(
        reverse("appraisal:reviewer_back", args=[campaign.pk, team[1].pk]), follow=True
    )
    assert "已恢复评审" in back.content.decode()


def test_pool_add_and_remove_through_the_pages(reviewing, party_office, persona_client):
    from tests.factories import make_reviewer

    newcomer = make_reviewer(DepartmentFactory(code="N01", name="病理科"), "newcomer", "新评审人")
    client = persona_client("party_office")
    campaign = reviewing.campaign
    page = client.get(reverse("appraisal:review_overview", args=[campaign.pk])).content.decode()
    assert "新评审人（病理科）" in page
    client.post(reverse("appraisal:pool_add", args=[campaign.pk]), {"reviewer": newcomer.pk})
    assert campaign.reviewer_pool.filter(reviewer=newcomer).exists()
    removed = client.post(
        reverse("appraisal:pool_remove", args=[campaign.pk, newcomer.pk]), follow=True
    )
    assert "已将新评审人移出评审组" in removed.content.decode()


def test_progress_lists_each_application_with_its_reviewers(review, reviewing, persona_client):
    page = (
        persona_client("party_office")
        .get(reverse("appraisal:review_progress", args=[reviewing.campaign.pk]))
        .content.decode()
    )
    assert '评审人1<span class="text-muted">（待评分）</span>' in page
    assert "未分配" in page  # department A has no reviewer yet


def test_progress_query_count_does_not_grow(reviewing, team, party_office, persona_client):
    client = persona_client("party_office")
    url = reverse("appraisal:review_progress", args=[reviewing.campaign.pk])
    one = _queries(client, url)
    assignment.reviews_assign_automatically(campaign=reviewing.campaign, by=party_office, seed=1)
    assert _queries(client, url) == one


def test_application_reviews_show_individual_scores_to_the_party_office(
    review, reviewing, persona_client
):
    criterion = _criteria(reviewing.campaign)[0]
    fill_review(review, by=review.reviewer, scores={criterion.pk: "2"}, comment="约谈记录不全")
    page = (
        persona_client("party_office")
        .get(reverse("appraisal:application_reviews", args=[reviewing.b.pk]))
        .content.decode()
    )
    assert "个人评分仅党办可见" in page
    assert 'title="约谈记录不全">2*</td>' in page
    assert "总分 96.00（1 份已提交评审）" in page
    assert "退回重评" in page


def test_application_reviews_query_count_does_not_grow(
    review, reviewing, team, party_office, persona_client
):
    client = persona_client("party_office")
    url = reverse("appraisal:application_reviews", args=[reviewing.b.pk])
    fill_review(review, by=review.reviewer, direct=True)
    one = _queries(client, url)
    for reviewer in team[2:5]:
        extra = assignment.review_assign(
            application=reviewing.b, reviewer=reviewer, by=party_office
        )
        fill_review(extra, by=reviewer, direct=True)
    assignment.review_assign(application=reviewing.b, reviewer=team[5], by=party_office)
    assert _queries(client, url) == one


def test_reopen_assign_and_opinion_through_the_page(review, reviewing, team, persona_client):
    fill_review(review, by=review.reviewer, direct=True)
    client = persona_client("party_office")
    reopened = client.post(
        reverse("appraisal:review_reopen", args=[review.pk]),
        {"reason": "请复核第一项"},
        follow=True,
    )
    assert "已退回该评审人员重评" in reopened.content.decode()
    assert Review.objects.get(pk=review.pk).state == ReviewState.ASSIGNED
    client.post(reverse("appraisal:review_assign", args=[reviewing.b.pk]), {"reviewer": team[2].pk})
    assert Review.objects.filter(application=reviewing.b, reviewer=team[2]).exists()
    refused = client.post(
        reverse("appraisal:review_assign", args=[reviewing.a.pk]),
        {"reviewer": team[0].pk},
        follow=True,
    )
    assert "请选择评审组中无需回避" in refused.content.decode()  # reviewer_a: department A
    opinion = client.post(
        reverse("appraisal:review_opinion", args=[reviewing.b.pk]),
        {"recommended": "yes", "opinion": "制度健全，推荐"},
        follow=True,
    )
    assert "评审意见已保存" in opinion.content.decode()
    assert Application.objects.get(pk=reviewing.b.pk).state == ApplicationState.RECOMMENDED


def test_reassign_and_excuse_through_the_page(review, reviewing, team, persona_client):
    client = persona_client("party_office")
    client.post(
        reverse("appraisal:review_reassign", args=[review.pk]),
        {"reviewer": team[3].pk, "reason": "回避调整"},
    )
    new = Review.objects.get(application=reviewing.b, state=ReviewState.ASSIGNED)
    assert new.reviewer == team[3]
    excused = client.post(
        reverse("appraisal:review_excuse", args=[new.pk]), {"reason": ""}, follow=True
    )
    assert "免评必须说明理由" in excused.content.decode()
    client.post(reverse("appraisal:review_unassign", args=[new.pk]), {"reason": "不再需要"})
    assert Review.objects.get(pk=new.pk).state == ReviewState.UNASSIGNED


def _ranked_campaign(reviewing, team, party_office):
    criteria = _criteria(reviewing.campaign)
    for application, reviewers in ((reviewing.a, team[1:3]), (reviewing.b, team[2:4])):
        for reviewer in reviewers:
            review = assignment.review_assign(
                application=application, reviewer=reviewer, by=party_office
            )
            fill_review(
                review,
                by=reviewer,
                scores={criteria[14].pk: "0"} if application == reviewing.b else None,
                comment='=HYPERLINK("http://evil")',
                direct=True,
            )


def test_ranking_page_shows_ranks_subtotals_and_totals(
    reviewing, team, party_office, persona_client
):
    _ranked_campaign(reviewing, team, party_office)
    page = (
        persona_client("party_office")
        .get(reverse("appraisal:ranking", args=[reviewing.campaign.pk]))
        .content.decode()
    )
    rows = re.findall(
        r"<tr>\s*<td class=\"text-end\" data-label=\"名次\">(\d+)</td>\s*"
        r"<td class=\"card-title-cell\"><a [^>]*>([^<]+)</a>",
        page,
    )
    assert rows == [("1", "心内科"), ("2", "骨科")]
    assert '<td class="text-end fw-semibold" data-label="总分">90.00</td>' in page
    assert '<td class="text-end" data-label="文化廉洁">15.00</td>' in page  # 骨科's 文化廉洁


def test_ranking_page_query_count_does_not_grow(reviewing, team, party_office, persona_client):
    client = persona_client("party_office")
    url = reverse("appraisal:ranking", args=[reviewing.campaign.pk])
    review = assignment.review_assign(application=reviewing.b, reviewer=team[1], by=party_office)
    fill_review(review, by=team[1], direct=True)
    one = _queries(client, url)
    _ranked_campaign(reviewing, team[:1] + team[2:], party_office)
    assert _queries(client, url) == one


def test_charts_are_drawn_by_the_app(reviewing, team, party_office, persona_client):
    _ranked_campaign(reviewing, team, party_office)
    client = persona_client("party_office")
    url = reverse("appraisal:ranking_charts", args=[reviewing.campaign.pk])
    page = client.get(url).content.decode()
    assert page.count('<svg class="standard-chart"') == 2
    # 骨科's 文化廉洁: 15 of 25 on a 308-unit axis = 184.8; the average 20 → 246.4.
    chart = re.search(rf'id="chart-{reviewing.b.pk}".*?</svg>', page, re.DOTALL).group(0)
    assert 'width="184.8" height="12" class="bar-value"' in chart
    assert 'width="246.4" height="12" class="bar-average"' in chart
    assert "style=" not in page
    assert "<script" not in page.split("</nav>", 1)[1]


def test_charts_query_count_does_not_grow(reviewing, team, party_office, persona_client):
    client = persona_client("party_office")
    url = reverse("appraisal:ranking_charts", args=[reviewing.campaign.pk])
    review = assignment.review_assign(application=reviewing.b, reviewer=team[1], by=party_office)
    fill_review(review, by=team[1], direct=True)
    one = _queries(client, url)
    _ranked_campaign(reviewing, team[:1] + team[2:], party_office)
    assert _queries(client, url) == one


def test_export_has_every_score_and_the_aggregates_formula_safe(
    reviewing, team, party_office, persona_client
):
    from openpyxl import load_workbook

    _ranked_campaign(reviewing, team, party_office)
    response = persona_client("party_office").get(
        reverse("appraisal:scores_export", args=[reviewing.campaign.pk])
    )
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["评分明细", "汇总", "评分项均分", "说明"]
    details = list(workbook["评分明细"].values)
    assert len(details) == 1 + 4 * 15  # four reviews of fifteen criteria
    low = [row for row in details if row[7] == 0]
    assert low[0][8] == '\'=HYPERLINK("http://evil")'
    summary = list(workbook["汇总"].values)
    assert summary[1][:4] == (1, "A01", "心内科", "评审中")
    assert summary[1][8] == 100
    assert summary[2][8] == 90


def test_department_sees_its_results_only_after_the_campaign_closes(
    reviewing, team, party_office, persona_client
):
    _ranked_campaign(reviewing, team, party_office)
    url = reverse("appraisal:application_result", args=[reviewing.b.pk])
    applicant_b = applicant_of(reviewing.b.unit)  # the persona fixture's applicant_b is the same
    from django.test import Client

    client = Client()
    client.force_login(applicant_b)
    before = client.get(url).content.decode()
    assert "评审结果在本批次评选结束后公布" in before
    assert "90.00" not in before
    Campaign.objects.filter(pk=reviewing.campaign.pk).update(state=CampaignState.CLOSED)
    after = client.get(url).content.decode()
    assert "总分 90.00（满分 100，2 名评审人员评分的平均）" in after
    assert "=HYPERLINK(&quot;http://evil&quot;)" in after  # the comment, escaped
    for reviewer in team[2:4]:
        assert reviewer.name not in after
    detail = client.get(reverse("appraisal:application", args=[reviewing.b.pk])).content.decode()
    assert url in detail


def test_department_results_query_count_does_not_grow(reviewing, team, party_office, department_b):
    from django.test import Client

    first = assignment.review_assign(application=reviewing.b, reviewer=team[1], by=party_office)
    fill_review(first, by=team[1], scores={_criteria(reviewing.campaign)[0].pk: "1"}, direct=True)
    client = Client()
    client.force_login(applicant_of(department_b))
    url = reverse("appraisal:application_result", args=[reviewing.b.pk])
    Campaign.objects.filter(pk=reviewing.campaign.pk).update(state=CampaignState.CLOSED)
    one = _queries(client, url)
    Campaign.objects.filter(pk=reviewing.campaign.pk).update(state=CampaignState.REVIEWING)
    for reviewer in team[2:5]:
        review = assignment.review_assign(
            application=reviewing.b, reviewer=reviewer, by=party_office
        )
        fill_review(
            review,
            by=reviewer,
            scores={c.pk: "0.5" for c in _criteria(reviewing.campaign)[:5]},
            direct=True,
        )
    Campaign.objects.filter(pk=reviewing.campaign.pk).update(state=CampaignState.CLOSED)
    assert _queries(client, url) == one


def test_forward_through_the_page(reviewing, team, party_office, persona_client, leading_group):
    _ranked_campaign(reviewing, team, party_office)
    for application in (reviewing.a, reviewing.b):
        services.review_opinion_record(
            application=application, by=party_office, recommended=True, opinion="推荐"
        )
    response = persona_client("party_office").post(
        reverse("appraisal:campaign_forward", args=[reviewing.campaign.pk]), follow=True
    )
    assert "推荐名单已报送领导小组审定" in response.content.decode()
    assert Campaign.objects.get(pk=reviewing.campaign.pk).state == CampaignState.DECIDING


def test_campaign_page_links_the_review_pages(reviewing, persona_client):
    page = (
        persona_client("party_office")
        .get(reverse("appraisal:campaign", args=[reviewing.campaign.pk]))
        .content.decode()
    )
    assert reverse("appraisal:review_overview", args=[reviewing.campaign.pk]) in page
    assert reverse("appraisal:ranking", args=[reviewing.campaign.pk]) in page
    assert "每份申报 5 名评审人员" in page


# --- home ------------------------------------------------------------------------------------------


def test_reviewer_home_shows_what_waits(review, reviewer1):
    page = reviewer1.get(reverse("home")).content.decode()
    assert "2026年度清廉科室评选：待评审 1 份" in page
    assert "已提交 0 / 共 1 份" in page
    navigation = re.search(r'<nav class="navbar.*?</nav>', page, re.DOTALL).group(0)
    assert reverse("appraisal:review_queue") in navigation


def test_party_office_home_shows_campaigns_in_review(review, persona_client):
    page = persona_client("party_office").get(reverse("home")).content.decode()
    assert "2026年度清廉科室评选：评审中" in page
    assert "未完成评审 1 份" in page


def test_criterion_lookup_is_scoped_to_the_reviews_rubric(review, reviewer1, party_office):
    from tests.factories import make_campaign

    foreign = Criterion.objects.filter(standard__rubric=make_campaign(party_office).rubric).first()
    response = reviewer1.post(
        reverse("appraisal:review_score", args=[review.pk, foreign.pk]), {"score": "1"}
    )
    assert response.status_code == 404
