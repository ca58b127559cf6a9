"""Computed criteria of a yearly campaign: formulas, the computation, explanations
(appraisal/services/computed.py, appraisal/computation.py)."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from appraisal.computation import computation_run
from appraisal.computed_selectors import computed_rows
from appraisal.enums import ApplicationState, CampaignState, ComputationState
from appraisal.models import ComputedScore, CriterionFormula, Explanation, ScoreComputation
from appraisal.services import computed as services
from core.errors import DomainError
from tests.appraisal.yearly import criterion, evaluated, set_formula, yearly_campaign
from tests.factories import DepartmentFactory, make_campaign

D = Decimal
BANDS = [
    {"at_least": "60", "points": "1.5"},
    {"at_least": "100", "points": "5"},
    {"at_least": "80", "points": "3"},
]


@pytest.fixture
def yearly(party_office, department_a, department_b):
    campaign = yearly_campaign(party_office)
    a, b = evaluated(campaign, [department_a, department_b], by=party_office)
    return campaign, a, b


# --- formulas ------------------------------------------------------------------------------


def test_formula_save_writes_the_cleaned_bands(yearly, party_office, figure_records):
    campaign, _a, _b = yearly
    talks = criterion(campaign, 1, 3)  # 科主任每年至少对科内人员开展 1 次廉政约谈 (5 points)

    formula = services.formula_save(
        criterion=talks, by=party_office, kind="test.talks", figure="percent", bands=BANDS
    )

    formula.refresh_from_db()
    assert (formula.kind, formula.figure, formula.set_by) == ("test.talks", "percent", party_office)
    assert formula.bands == [
        {"at_least": "100", "points": "5"},
        {"at_least": "80", "points": "3"},
        {"at_least": "60", "points": "1.5"},
    ]
    assert formula.history.count() == 1


def test_formula_save_again_changes_the_same_row(yearly, party_office, figure_records):
    campaign, _a, _b = yearly
    talks = criterion(campaign, 1, 3)
    services.formula_save(
        criterion=talks, by=party_office, kind="test.talks", figure="percent", bands=BANDS
    )
    services.formula_save(
        criterion=talks,
        by=party_office,
        kind="test.sessions",
        figure="quarters_covered",
        bands=[{"at_least": "4", "points": "5"}],
    )

    formula = CriterionFormula.objects.get(criterion=talks)
    assert (formula.kind, formula.figure) == ("test.sessions", "quarters_covered")
    assert formula.history.count() == 2


def test_formula_save_refuses_an_unknown_kind(yearly, party_office, figure_records):
    campaign, _a, _b = yearly
    with pytest.raises(DomainError, match=r"台账类型“nope\.kind”不存在") as refused:
        services.formula_save(
            criterion=criterion(campaign),
            by=party_office,
            kind="nope.kind",
            figure="x",
            bands=BANDS,
        )
    assert refused.value.field == "kind"
    assert not CriterionFormula.objects.exists()


def test_formula_save_refuses_points_above_the_criterion(yearly, party_office, figure_records):
    campaign, _a, _b = yearly
    four = criterion(campaign, 1, 4)  # 开展"清廉科室"建设专题讨论: 4 points
    with pytest.raises(DomainError, match="第 1 档得 5 分，超过了该评分项的分值 4"):
        services.formula_save(
            criterion=four,
            by=party_office,
            kind="test.talks",
            figure="percent",
            bands=[{"at_least": "100", "points": "5"}],
        )
    assert not CriterionFormula.objects.exists()


def test_formula_save_refuses_a_selection_campaign(party_office, figure_records):
    campaign = make_campaign(party_office)
    with pytest.raises(DomainError, match="评选批次的评分项由评审人员评分"):
        services.formula_save(
            criterion=criterion(campaign),
            by=party_office,
            kind="test.talks",
            figure="percent",
            bands=BANDS,
        )


@pytest.mark.parametrize("state", [CampaignState.REVIEWING, CampaignState.CLOSED])
def test_formula_save_refused_once_the_review_started(party_office, figure_records, state):
    campaign = yearly_campaign(party_office, state=state)
    with pytest.raises(DomainError, match="已进入评审"):
        services.formula_save(
            criterion=criterion(campaign),
            by=party_office,
            kind="test.talks",
            figure="percent",
            bands=BANDS,
        )


def test_formula_save_allowed_in_a_draft_campaign(party_office, figure_records):
    campaign = yearly_campaign(party_office, state=CampaignState.DRAFT)
    services.formula_save(
        criterion=criterion(campaign),
        by=party_office,
        kind="test.talks",
        figure="percent",
        bands=BANDS,
    )
    assert CriterionFormula.objects.count() == 1


def test_formula_save_refused_to_others_than_the_party_office(yearly, applicant_a, figure_records):
    campaign, _a, _b = yearly
    with pytest.raises(DomainError, match="只有党办可以设置计算公式"):
        services.formula_save(
            criterion=criterion(campaign),
            by=applicant_a,
            kind="test.talks",
            figure="percent",
            bands=BANDS,
        )


def test_formula_remove_returns_the_criterion_to_the_reviewers(yearly, party_office):
    campaign, _a, _b = yearly
    formula = set_formula(criterion(campaign), party_office)

    services.formula_remove(criterion=formula.criterion, by=party_office)

    assert not CriterionFormula.objects.exists()
    assert formula.history.count() == 2  # created, removed: both kept


def test_formula_remove_refused_without_a_formula(yearly, party_office):
    campaign, _a, _b = yearly
    with pytest.raises(DomainError, match="没有计算公式"):
        services.formula_remove(criterion=criterion(campaign), by=party_office)


def test_formula_remove_refused_once_the_review_started(party_office):
    campaign = yearly_campaign(party_office, state=CampaignState.REVIEWING)
    formula = set_formula(criterion(campaign), party_office)
    with pytest.raises(DomainError, match="计算公式不能再修改"):
        services.formula_remove(criterion=formula.criterion, by=party_office)
    assert CriterionFormula.objects.count() == 1


# --- the computation -------------------------------------------------------------------------


def test_computation_request_queues_and_runs_on_commit(
    yearly,
    party_office,
    figure_records,
    department_a,
    department_b,
    django_capture_on_commit_callbacks,
):
    campaign, a, b = yearly
    set_formula(criterion(campaign, 1, 3), party_office)
    figure_records.set(department_a, "test.talks", percent=85, talked=17)
    figure_records.set(department_b, "test.talks", percent=100, talked=10)

    with django_capture_on_commit_callbacks(execute=True):
        computation = services.computation_request(campaign=campaign, by=party_office)
        assert computation.state == ComputationState.QUEUED
        assert computation.total == 2

    computation.refresh_from_db()
    assert (computation.state, computation.done, computation.total) == ("finished", 2, 2)
    scores = {s.application_id: s for s in ComputedScore.objects.all()}
    assert scores[a.pk].score == D("3")
    assert scores[b.pk].score == D("5")
    assert scores[a.pk].basis["value"] == "85"
    assert scores[a.pk].basis["text"] == "廉政约谈：percent 85，talked 17"
    assert scores[a.pk].basis["figures"] == {"percent": 85, "talked": 17}
    assert scores[a.pk].computation == computation


@pytest.mark.parametrize(
    ("figures", "points", "value"),
    [
        ({"percent": 100}, D("5"), "100"),
        ({"percent": "99.9"}, D("3"), "99.9"),
        ({"percent": 80}, D("3"), "80"),
        ({"percent": 79}, D("1.5"), "79"),
        ({"percent": 60}, D("1.5"), "60"),
        ({"percent": 59}, D("0"), "59"),
        ({"percent": None}, D("0"), None),
        (None, D("0"), None),
    ],
)
def test_computed_score_against_hand_computed_figures(
    yearly, party_office, figure_records, department_a, figures, points, value
):
    campaign, a, _b = yearly
    set_formula(criterion(campaign, 1, 3), party_office)
    if figures is not None:
        figure_records.set(department_a, "test.talks", **figures)
    computation = ScoreComputation.objects.create(campaign=campaign, requested_by=party_office)

    computation_run(computation_id=computation.pk)

    score = ComputedScore.objects.get(application=a)
    assert score.score == points
    assert score.basis["value"] == value
    if figures is None:
        assert score.basis["text"] == "本年度无记录"


def test_computation_reads_every_unit_in_one_pass(
    yearly, party_office, figure_records, department_a
):
    campaign, _a, _b = yearly
    set_formula(criterion(campaign, 1, 3), party_office)
    set_formula(
        criterion(campaign, 4, 2),
        party_office,
        kind="test.sessions",
        figure="quarters_covered",
        bands=[{"at_least": "4", "points": "8"}],
    )
    computation = ScoreComputation.objects.create(campaign=campaign, requested_by=party_office)

    computation_run(computation_id=computation.pk)

    assert sorted(figure_records.calls) == [
        ("test.sessions", campaign.year, 2),
        ("test.talks", campaign.year, 2),
    ]
    assert ComputedScore.objects.count() == 4


def test_computation_reads_only_the_kinds_the_formulas_name(yearly, party_office, figure_records):
    campaign, _a, _b = yearly
    set_formula(criterion(campaign, 1, 3), party_office)
    computation = ScoreComputation.objects.create(campaign=campaign, requested_by=party_office)

    computation_run(computation_id=computation.pk)

    assert [call[0] for call in figure_records.calls] == ["test.talks"]


def test_a_second_computation_updates_the_scores_and_keeps_history(
    yearly, party_office, figure_records, department_a
):
    campaign, a, _b = yearly
    set_formula(criterion(campaign, 1, 3), party_office)
    figure_records.set(department_a, "test.talks", percent=70)
    first = ScoreComputation.objects.create(campaign=campaign, requested_by=party_office)
    computation_run(computation_id=first.pk)
    figure_records.set(department_a, "test.talks", percent=100)
    second = ScoreComputation.objects.create(campaign=campaign, requested_by=party_office)

    computation_run(computation_id=second.pk)

    score = ComputedScore.objects.get(application=a)
    assert (score.score, score.computation_id) == (D("5"), second.pk)
    assert [h.score for h in score.history.order_by("history_date", "history_id")] == [
        D("1.5"),
        D("5"),
    ]
    assert score.history.latest().history_user == party_office


def test_a_failed_computation_keeps_the_earlier_scores(
    yearly, party_office, figure_records, department_a
):
    campaign, a, _b = yearly
    set_formula(criterion(campaign, 1, 3), party_office)
    figure_records.set(department_a, "test.talks", percent=100)
    first = ScoreComputation.objects.create(campaign=campaign, requested_by=party_office)
    computation_run(computation_id=first.pk)
    figure_records.fail = "数据库连接中断"
    second = ScoreComputation.objects.create(campaign=campaign, requested_by=party_office)

    failed = computation_run(computation_id=second.pk)

    assert failed.state == ComputationState.FAILED
    assert failed.error == "数据库连接中断"
    assert failed.finished_at is not None
    score = ComputedScore.objects.get(application=a)
    assert (score.score, score.computation_id) == (D("5"), first.pk)


def test_a_computation_runs_once(yearly, party_office, figure_records):
    campaign, _a, _b = yearly
    set_formula(criterion(campaign, 1, 3), party_office)
    computation = ScoreComputation.objects.create(campaign=campaign, requested_by=party_office)
    computation_run(computation_id=computation.pk)

    assert computation_run(computation_id=computation.pk) is None
    assert len(figure_records.calls) == 1


def test_a_computation_of_a_campaign_whose_review_started_fails(
    yearly, party_office, figure_records
):
    campaign, _a, _b = yearly
    set_formula(criterion(campaign, 1, 3), party_office)
    computation = ScoreComputation.objects.create(campaign=campaign, requested_by=party_office)
    type(campaign).objects.filter(pk=campaign.pk).update(state=CampaignState.REVIEWING)

    failed = computation_run(computation_id=computation.pk)

    assert failed.state == ComputationState.FAILED
    assert "评审已经开始" in failed.error
    assert not ComputedScore.objects.exists()


def test_the_computation_leaves_out_disqualified_units(
    party_office, department_a, department_b, figure_records
):
    campaign = yearly_campaign(party_office)
    evaluated(campaign, [department_a], by=party_office)
    evaluated(campaign, [department_b], by=party_office, state=ApplicationState.DISQUALIFIED)
    set_formula(criterion(campaign, 1, 3), party_office)
    computation = ScoreComputation.objects.create(campaign=campaign, requested_by=party_office)

    done = computation_run(computation_id=computation.pk)

    assert (done.total, done.done) == (1, 1)
    assert ComputedScore.objects.get().application.unit == department_a


def test_the_computed_score_never_exceeds_the_criterion(
    yearly, party_office, figure_records, department_a
):
    """The criterion's points lowered after the formula was saved (the rubric still editable)."""
    campaign, a, _b = yearly
    talks = criterion(campaign, 1, 3)
    set_formula(talks, party_office)
    type(talks).objects.filter(pk=talks.pk).update(points=D("4"))
    figure_records.set(department_a, "test.talks", percent=100)
    computation = ScoreComputation.objects.create(campaign=campaign, requested_by=party_office)

    computation_run(computation_id=computation.pk)

    assert ComputedScore.objects.get(application=a).score == D("4")


def test_computation_request_refused_while_one_runs(yearly, party_office, figure_records):
    campaign, _a, _b = yearly
    set_formula(criterion(campaign, 1, 3), party_office)
    ScoreComputation.objects.create(
        campaign=campaign,
        requested_by=party_office,
        state=ComputationState.RUNNING,
        total=2,
        done=1,
    )
    with pytest.raises(DomainError, match="上一次计算（计算中，已完成 1/2 个单元）尚未结束"):
        services.computation_request(campaign=campaign, by=party_office)
    assert ScoreComputation.objects.count() == 1


def test_computation_request_takes_a_lost_run_as_failed(yearly, party_office, figure_records):
    campaign, _a, _b = yearly
    set_formula(criterion(campaign, 1, 3), party_office)
    lost = ScoreComputation.objects.create(
        campaign=campaign, requested_by=party_office, state=ComputationState.RUNNING
    )
    ScoreComputation.objects.filter(pk=lost.pk).update(
        requested_at=timezone.now() - datetime.timedelta(minutes=16)
    )

    services.computation_request(campaign=campaign, by=party_office)

    lost.refresh_from_db()
    assert lost.state == ComputationState.FAILED
    assert lost.error == "超过 15 分钟未完成，视为中断。"


def test_computation_request_refused_without_formulas(yearly, party_office):
    campaign, _a, _b = yearly
    with pytest.raises(DomainError, match="尚未给任何评分项设置计算公式"):
        services.computation_request(campaign=campaign, by=party_office)


@pytest.mark.parametrize(
    ("state", "message"),
    [
        (CampaignState.DRAFT, "考评开始"),
        (CampaignState.REVIEWING, "评审已经开始"),
        (CampaignState.DECIDING, "评审已经开始"),
    ],
)
def test_computation_request_refused_outside_the_open_campaign(party_office, state, message):
    campaign = yearly_campaign(party_office, state=state)
    set_formula(criterion(campaign, 1, 3), party_office)
    with pytest.raises(DomainError, match=message):
        services.computation_request(campaign=campaign, by=party_office)
    assert not ScoreComputation.objects.exists()


def test_computation_request_refused_in_a_selection_campaign(party_office):
    campaign = make_campaign(party_office)
    with pytest.raises(DomainError, match="只有年度清廉考评有计算得分"):
        services.computation_request(campaign=campaign, by=party_office)


def test_computation_request_refused_to_others(yearly, reviewer_a):
    campaign, _a, _b = yearly
    with pytest.raises(DomainError, match="只有党办可以计算得分"):
        services.computation_request(campaign=campaign, by=reviewer_a)


def test_computation_query_count_does_not_grow_with_units(party_office, figure_records):
    counts = []
    for size in (1, 3):
        campaign = yearly_campaign(party_office, title=f"考评{size}")
        units = [DepartmentFactory() for _ in range(size)]
        evaluated(campaign, units, by=party_office)
        set_formula(criterion(campaign, 1, 3), party_office)
        computation = ScoreComputation.objects.create(campaign=campaign, requested_by=party_office)
        with CaptureQueriesContext(connection) as queries:
            computation_run(computation_id=computation.pk)
        counts.append(len(queries))
        assert ComputedScore.objects.filter(application__campaign=campaign).count() == size
    assert counts[0] == counts[1]


# --- explanations ----------------------------------------------------------------------------


def test_explanation_add_keeps_every_one_and_shows_the_latest(
    yearly, party_office, applicant_a, head_a
):
    campaign, a, _b = yearly
    talks = set_formula(criterion(campaign, 1, 3), party_office).criterion

    services.explanation_add(application=a, criterion=talks, by=applicant_a, text="三人休产假。")
    services.explanation_add(application=a, criterion=talks, by=head_a, text="  已补谈两人。 ")

    assert [e.text for e in Explanation.objects.order_by("pk")] == ["三人休产假。", "已补谈两人。"]
    row = computed_rows(a)[talks.pk]
    assert (row.explanation.text, row.explanation.written_by) == ("已补谈两人。", head_a)


def test_explanation_add_refused_to_another_unit(yearly, party_office, applicant_b):
    campaign, a, _b = yearly
    talks = set_formula(criterion(campaign, 1, 3), party_office).criterion
    with pytest.raises(DomainError, match="只有本单元的负责人或联络员"):
        services.explanation_add(application=a, criterion=talks, by=applicant_b, text="说明")
    assert not Explanation.objects.exists()


def test_explanation_add_refused_for_a_reviewer_scored_criterion(yearly, applicant_a):
    campaign, a, _b = yearly
    with pytest.raises(DomainError, match="不是计算得分项"):
        services.explanation_add(
            application=a, criterion=criterion(campaign), by=applicant_a, text="说明"
        )


def test_explanation_add_refused_once_the_review_started(yearly, party_office, applicant_a):
    campaign, a, _b = yearly
    talks = set_formula(criterion(campaign, 1, 3), party_office).criterion
    type(campaign).objects.filter(pk=campaign.pk).update(state=CampaignState.REVIEWING)
    with pytest.raises(DomainError, match="评审已经开始，情况说明不能再添加"):
        services.explanation_add(application=a, criterion=talks, by=applicant_a, text="说明")


@pytest.mark.parametrize(
    ("text", "message"), [("  ", "请填写情况说明"), ("字" * 1001, "最多 1000 字")]
)
def test_explanation_add_refuses_empty_or_long_text(
    yearly, party_office, applicant_a, text, message
):
    campaign, a, _b = yearly
    talks = set_formula(criterion(campaign, 1, 3), party_office).criterion
    with pytest.raises(DomainError, match=message):
        services.explanation_add(application=a, criterion=talks, by=applicant_a, text=text)
