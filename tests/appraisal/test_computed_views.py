"""The pages of the computed criteria (appraisal/views/computed.py): the formula page,
the computation with its progress, the unit's draft with explanations, the reviewer's
read-only view, the rubric's and the home page's links."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from appraisal.enums import CampaignKind, CampaignState, ComputationState
from appraisal.models import (
    Campaign,
    ComputedScore,
    CriterionFormula,
    Explanation,
    ScoreComputation,
)
from appraisal.services import assignment
from tests.appraisal.yearly import criterion, evaluated, set_formula, yearly_campaign
from tests.factories import DepartmentFactory, make_campaign

D = Decimal


@pytest.fixture
def yearly(party_office, department_a, department_b, figure_records):
    campaign = yearly_campaign(party_office)
    a, b = evaluated(campaign, [department_a, department_b], by=party_office)
    talks = criterion(campaign, 1, 3)
    return campaign, a, b, talks


def _computed(application, criterion, score, *, by, text="廉政约谈：percent 85"):
    run = ScoreComputation.objects.create(
        campaign=application.campaign,
        requested_by=by,
        state=ComputationState.FINISHED,
        total=2,
        done=2,
    )
    from django.utils import timezone

    return ComputedScore.objects.create(
        application=application,
        criterion=criterion,
        score=score,
        basis={"kind": "test.talks", "figure": "percent", "value": "85", "text": text},
        computation=run,
        computed_at=timezone.now(),
    )


# --- the formula page ----------------------------------------------------------------------------


def test_formula_page_offers_the_registered_figures(yearly, persona_client):
    campaign, _a, _b, talks = yearly
    page = persona_client("party_office").get(
        reverse("appraisal:formula", args=[campaign.pk, talks.pk])
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert '<optgroup label="廉政约谈">' in html
    assert '<option value="test.talks|percent">约谈覆盖率</option>' in html
    assert 'name="at_least_5"' in html
    assert "该评分项目前由评审人员评分" in html
    assert "style=" not in html
    assert "<script>" not in html


def test_formula_page_saves_the_formula(yearly, persona_client):
    campaign, _a, _b, talks = yearly
    url = reverse("appraisal:formula", args=[campaign.pk, talks.pk])
    response = persona_client("party_office").post(
        url,
        {
            "source": "test.talks|percent",
            "at_least_1": "80",
            "points_1": "3",
            "at_least_2": "100",
            "points_2": "5",
        },
    )
    assert response.status_code == 302
    formula = CriterionFormula.objects.get(criterion=talks)
    assert formula.bands == [
        {"at_least": "100", "points": "5"},
        {"at_least": "80", "points": "3"},
    ]
    page = persona_client("party_office").get(url).content.decode()
    assert "≥ 100 得 5 分；≥ 80 得 3 分；其余 0 分" in page
    assert 'value="100"' in page


def test_formula_page_shows_the_refusal_on_the_form(yearly, persona_client):
    campaign, _a, _b, talks = yearly
    response = persona_client("party_office").post(
        reverse("appraisal:formula", args=[campaign.pk, talks.pk]),
        {"source": "test.talks|percent", "at_least_1": "100", "points_1": "6"},
    )
    assert response.status_code == 200
    assert "第 1 档得 6 分，超过了该评分项的分值 5 分。" in response.content.decode()
    assert not CriterionFormula.objects.exists()


def test_formula_page_refuses_a_half_filled_band(yearly, persona_client):
    campaign, _a, _b, talks = yearly
    response = persona_client("party_office").post(
        reverse("appraisal:formula", args=[campaign.pk, talks.pk]),
        {"source": "test.talks|percent", "at_least_1": "100", "points_1": "5", "at_least_2": "80"},
    )
    assert "第 2 档的得分不是数字。" in response.content.decode()
    assert not CriterionFormula.objects.exists()


def test_formula_remove_goes_back_to_the_rubric(yearly, party_office, persona_client):
    campaign, _a, _b, talks = yearly
    set_formula(talks, party_office)
    response = persona_client("party_office").post(
        reverse("appraisal:formula_remove", args=[campaign.pk, talks.pk])
    )
    assert response["Location"] == reverse("appraisal:rubric", args=[campaign.pk])
    assert not CriterionFormula.objects.exists()


def test_formula_page_is_read_only_once_the_review_started(yearly, party_office, persona_client):
    campaign, _a, _b, talks = yearly
    set_formula(talks, party_office)
    Campaign.objects.filter(pk=campaign.pk).update(state=CampaignState.REVIEWING)
    html = (
        persona_client("party_office")
        .get(reverse("appraisal:formula", args=[campaign.pk, talks.pk]))
        .content.decode()
    )
    assert "计算公式不能再修改" in html
    assert "保存公式" not in html


def test_formula_page_of_a_selection_campaign_says_there_are_none(party_office, persona_client):
    campaign = make_campaign(party_office)
    html = (
        persona_client("party_office")
        .get(reverse("appraisal:formula", args=[campaign.pk, criterion(campaign).pk]))
        .content.decode()
    )
    assert "计算公式只用于年度清廉考评" in html
    assert "保存公式" not in html


def test_rubric_marks_computed_criteria_of_a_yearly_campaign(yearly, party_office, persona_client):
    campaign, _a, _b, talks = yearly
    set_formula(talks, party_office)
    html = (
        persona_client("party_office")
        .get(reverse("appraisal:rubric", args=[campaign.pk]))
        .content.decode()
    )
    assert html.count('<span class="badge text-bg-info">按台账计算</span>') == 1
    assert "廉政约谈 · 约谈覆盖率" in html
    assert html.count("设为按台账计算") == 14
    assert reverse("appraisal:formula", args=[campaign.pk, talks.pk]) in html


def test_rubric_of_a_selection_campaign_has_no_formulas(party_office, persona_client):
    campaign = make_campaign(party_office)
    html = (
        persona_client("party_office")
        .get(reverse("appraisal:rubric", args=[campaign.pk]))
        .content.decode()
    )
    assert "设为按台账计算" not in html


# --- the computation -----------------------------------------------------------------------------


def test_computed_scores_page_lists_each_units_scores(yearly, party_office, persona_client):
    campaign, a, _b, talks = yearly
    set_formula(talks, party_office)
    _computed(a, talks, D("3"), by=party_office)
    html = (
        persona_client("party_office")
        .get(reverse("appraisal:computed_scores", args=[campaign.pk]))
        .content.decode()
    )
    assert "计算全部单元的计算得分" in html
    assert "心内科" in html
    assert "骨科" in html
    assert '<td class="text-end">3</td>' in html
    assert '<td class="text-end">—</td>' in html


def test_computed_scores_page_queries_do_not_grow_with_units(
    party_office, persona_client, figure_records
):
    client = persona_client("party_office")
    counts = []
    for size in (1, 3):
        campaign = yearly_campaign(party_office, title=f"考评{size}")
        applications = evaluated(
            campaign, [DepartmentFactory() for _ in range(size)], by=party_office
        )
        talks = criterion(campaign, 1, 3)
        set_formula(talks, party_office)
        for application in applications:
            _computed(application, talks, D("5"), by=party_office)
            Explanation.objects.create(
                application=application, criterion=talks, text="说明", written_by=party_office
            )
        url = reverse("appraisal:computed_scores", args=[campaign.pk])
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_computed_scores_page_of_a_selection_campaign_is_not_found(party_office, persona_client):
    campaign = make_campaign(party_office)
    response = persona_client("party_office").get(
        reverse("appraisal:computed_scores", args=[campaign.pk])
    )
    assert response.status_code == 404


def test_computation_start_answers_htmx_with_the_progress(yearly, party_office, persona_client):
    campaign, _a, _b, talks = yearly
    set_formula(talks, party_office)
    response = persona_client("party_office").post(
        reverse("appraisal:computation_start", args=[campaign.pk]), HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    # The test's transaction never commits: the task was not run, the run waits queued.
    assert ScoreComputation.objects.get().state == ComputationState.QUEUED
    assert 'hx-trigger="every 2s"' in html
    assert reverse("appraisal:computation_progress", args=[campaign.pk]) in html
    assert "已计算 0 / 2 个单元" in html


def test_computation_start_refused_while_one_runs(yearly, party_office, persona_client):
    campaign, _a, _b, talks = yearly
    set_formula(talks, party_office)
    ScoreComputation.objects.create(
        campaign=campaign,
        requested_by=party_office,
        state=ComputationState.RUNNING,
        total=2,
        done=1,
    )
    html = (
        persona_client("party_office")
        .post(reverse("appraisal:computation_start", args=[campaign.pk]), HTTP_HX_REQUEST="true")
        .content.decode()
    )
    assert "上一次计算（计算中，已完成 1/2 个单元）尚未结束" in html
    assert ScoreComputation.objects.count() == 1


def test_progress_stops_polling_once_finished(yearly, party_office, persona_client):
    campaign, a, _b, talks = yearly
    set_formula(talks, party_office)
    _computed(a, talks, D("3"), by=party_office)
    html = (
        persona_client("party_office")
        .get(reverse("appraisal:computation_progress", args=[campaign.pk]))
        .content.decode()
    )
    assert "hx-trigger" not in html
    assert "完成 2 个单元的计算" in html


def test_progress_shows_a_failure(yearly, party_office, persona_client):
    campaign, _a, _b, talks = yearly
    set_formula(talks, party_office)
    ScoreComputation.objects.create(
        campaign=campaign, requested_by=party_office, state=ComputationState.FAILED, error="超时"
    )
    html = (
        persona_client("party_office")
        .get(reverse("appraisal:computation_progress", args=[campaign.pk]))
        .content.decode()
    )
    assert "计算失败：超时。原有计算得分保持不变。" in html


# --- the unit's draft ----------------------------------------------------------------------------


def test_draft_shows_the_score_its_figures_and_bands(yearly, party_office, persona_client):
    _campaign, a, _b, talks = yearly
    set_formula(talks, party_office)
    _computed(a, talks, D("3"), by=party_office)
    html = (
        persona_client("head_a")
        .get(reverse("appraisal:computed_draft", args=[a.pk]))
        .content.decode()
    )
    assert "心内科的计算得分" in html
    assert "计算得分 3 / 5 分" in html
    assert "廉政约谈 · 约谈覆盖率 = 85（廉政约谈：percent 85）" in html
    assert "≥ 100 得 5 分；≥ 80 得 3 分；≥ 60 得 1.5 分；其余 0 分" in html
    assert "提交情况说明" in html
    assert "style=" not in html


def test_draft_explanation_is_added_and_the_latest_shown(
    yearly, party_office, applicant_a, persona_client
):
    _campaign, a, _b, talks = yearly
    set_formula(talks, party_office)
    client = persona_client("applicant_a")
    url = reverse("appraisal:explanation_add", args=[a.pk, talks.pk])
    client.post(url, {"text": "三人休产假。"})
    response = client.post(url, {"text": "已补谈两人。"})
    assert response.status_code == 302
    html = client.get(reverse("appraisal:computed_draft", args=[a.pk])).content.decode()
    assert "已补谈两人。" in html
    assert "三人休产假。" not in html
    assert Explanation.objects.count() == 2


def test_draft_explanation_refusal_is_shown_on_the_form(yearly, party_office, persona_client):
    _campaign, a, _b, talks = yearly
    set_formula(talks, party_office)
    response = persona_client("applicant_a").post(
        reverse("appraisal:explanation_add", args=[a.pk, talks.pk]), {"text": "字" * 1001}
    )
    assert response.status_code == 200
    assert "情况说明最多 1000 字，现有 1001 字。" in response.content.decode()
    assert not Explanation.objects.exists()


def test_draft_is_read_only_once_the_review_started(yearly, party_office, persona_client):
    campaign, a, _b, talks = yearly
    set_formula(talks, party_office)
    Campaign.objects.filter(pk=campaign.pk).update(state=CampaignState.REVIEWING)
    html = (
        persona_client("head_a")
        .get(reverse("appraisal:computed_draft", args=[a.pk]))
        .content.decode()
    )
    assert "评审已经开始，计算得分和情况说明不能再修改" in html
    assert "提交情况说明" not in html


def test_draft_of_another_unit_is_not_found(yearly, persona_client):
    _campaign, _a, b, _talks = yearly
    response = persona_client("applicant_a").get(reverse("appraisal:computed_draft", args=[b.pk]))
    assert response.status_code == 404


def test_home_links_the_units_head_to_its_draft(yearly, party_office, persona_client):
    _campaign, a, _b, talks = yearly
    set_formula(talks, party_office)
    html = persona_client("head_a").get(reverse("home")).content.decode()
    assert "2026年度清廉考评：心内科的计算得分（草稿）" in html
    assert reverse("appraisal:computed_draft", args=[a.pk]) in html


def test_home_has_no_draft_once_the_review_started(yearly, party_office, persona_client):
    campaign, _a, _b, talks = yearly
    set_formula(talks, party_office)
    Campaign.objects.filter(pk=campaign.pk).update(state=CampaignState.REVIEWING)
    html = persona_client("head_a").get(reverse("home")).content.decode()
    assert "计算得分（草稿）" not in html


# --- the reviewer ----------------------------------------------------------------------------------


def test_review_sheet_shows_the_computed_criterion_read_only(
    reviewing, team, party_office, applicant_a, client
):
    Campaign.objects.filter(pk=reviewing.campaign.pk).update(kind=CampaignKind.YEARLY_EVALUATION)
    talks = criterion(reviewing.campaign, 1, 3)
    set_formula(talks, party_office)
    _computed(reviewing.a, talks, D("3"), by=party_office)
    Explanation.objects.create(
        application=reviewing.a, criterion=talks, text="三人休产假。", written_by=applicant_a
    )
    review = assignment.review_assign(application=reviewing.a, reviewer=team[1], by=party_office)
    client.force_login(team[1])
    html = client.get(reverse("appraisal:review", args=[review.pk])).content.decode()
    assert "计算得分 3 / 5 分" in html
    assert "单元情况说明：</strong>三人休产假。" in html
    assert "本项按台账计算得分，评审人员不评分。" in html
    assert reverse("appraisal:review_score", args=[review.pk, talks.pk]) not in html
    assert "已评 0 / 14 项" in html
