"""The yearly evaluation's workflow (appraisal/services/evaluations.py): creating it,
its grade bands, which units it evaluates, opening it, forwarding, the party
committee's confirmation and the publication; the selection-only steps refuse it."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from appraisal.enums import ApplicationState, CampaignKind, CampaignState, YearlyGrade
from appraisal.evaluation_selectors import campaign_units, evaluated_units, grade_bands
from appraisal.models import ApplicationEvent, Criterion, EvaluationResult
from appraisal.services import applications as application_services
from appraisal.services import evaluations as services
from appraisal.services.reviews import campaign_forward, review_opinion_record
from core.errors import DomainError
from notifications.models import Notification
from tests.factories import (
    DepartmentFactory,
    PersonFactory,
    applicant_of,
    close_applications,
    make_evaluation,
    make_reviewer,
    open_evaluation,
    scored_evaluation,
)

pytestmark = pytest.mark.django_db

D = Decimal


def _bands(campaign):
    return [(b.grade, b.lower, b.upper) for b in grade_bands(campaign)]


# --- creating and the grade bands ------------------------------------------------------


def test_evaluation_create_is_a_yearly_draft_with_default_rubric_and_bands(party_office):
    campaign = make_evaluation(party_office)
    assert campaign.kind == CampaignKind.YEARLY_EVALUATION
    assert campaign.state == CampaignState.DRAFT
    assert campaign.quota == 1
    assert campaign.uses_branch_opinion is False
    assert Criterion.objects.filter(standard__rubric=campaign.rubric).count() == 15
    assert _bands(campaign) == [
        (YearlyGrade.EXCELLENT, D("90"), D("100")),
        (YearlyGrade.GOOD, D("80"), D("90")),
        (YearlyGrade.PASS, D("60"), D("80")),
        (YearlyGrade.FAIL, D("0"), D("60")),
    ]


def test_evaluation_create_is_the_party_offices(reviewer_a):
    with pytest.raises(DomainError, match="只有党办"):
        make_evaluation(reviewer_a)


def test_grade_bands_save_changes_the_bounds(party_office):
    campaign = make_evaluation(party_office)
    services.grade_bands_save(
        campaign=campaign,
        by=party_office,
        bands=[("excellent", "85", "100"), ("good", "75", "85"), ("pass", "0", "75")],
    )
    assert _bands(campaign) == [
        (YearlyGrade.EXCELLENT, D("85"), D("100")),
        (YearlyGrade.GOOD, D("75"), D("85")),
        (YearlyGrade.PASS, D("0"), D("75")),
    ]


def test_grade_bands_save_refuses_an_overlap_and_keeps_the_old_bands(party_office):
    campaign = make_evaluation(party_office)
    with pytest.raises(DomainError, match="“合格”与“良好”的分数段重叠（80 至 85）"):
        services.grade_bands_save(
            campaign=campaign,
            by=party_office,
            bands=[("excellent", "90", "100"), ("good", "80", "90"), ("pass", "0", "85")],
        )
    assert _bands(campaign)[2] == (YearlyGrade.PASS, D("60"), D("80"))


def test_grade_bands_save_refuses_a_gap(party_office):
    campaign = make_evaluation(party_office)
    with pytest.raises(DomainError, match="之间有空档（70 至 80）"):
        services.grade_bands_save(
            campaign=campaign,
            by=party_office,
            bands=[("excellent", "90", "100"), ("good", "80", "90"), ("pass", "0", "70")],
        )


def test_grade_bands_save_refuses_a_selection(party_office):
    from tests.factories import make_campaign

    with pytest.raises(DomainError, match="不是年度清廉考评"):
        services.grade_bands_save(
            campaign=make_campaign(party_office), by=party_office, bands=[("pass", "0", "100")]
        )


# --- which units ----------------------------------------------------------------------


def test_evaluated_units_follow_the_half_year_and_ending_rule(party_office, department_a):
    year = timezone.localdate().year
    early = DepartmentFactory(code="N01", name="年初新设", opened_on=datetime.date(year, 6, 30))
    late = DepartmentFactory(code="N02", name="下半年新设", opened_on=datetime.date(year, 7, 1))
    closed = DepartmentFactory(
        code="N03", name="已撤科室", active=False, closed_on=datetime.date(year, 3, 1)
    )
    merged = DepartmentFactory(
        code="N04",
        name="被合并科室",
        active=False,
        closed_on=datetime.date(year, 2, 1),
        merged_into=department_a,
    )
    long_gone = DepartmentFactory(
        code="N05", name="前年撤销", active=False, closed_on=datetime.date(year - 2, 1, 1)
    )
    team = DepartmentFactory(code="A01T", name="心内清廉团队", parent=department_a)
    campaign = make_evaluation(party_office)
    units, left_out = evaluated_units(campaign)
    assert early in units
    assert department_a in units
    assert team not in units
    reasons = {row.unit: row.reason for row in left_out}
    assert reasons == {late: "设立不满半年", closed: "已撤销", merged: "已并入心内科"}
    assert long_gone not in units


def test_evaluated_units_take_clean_teams_when_the_campaign_says_so(party_office, department_a):
    team = DepartmentFactory(code="A01T", name="心内清廉团队", parent=department_a)
    campaign = make_evaluation(party_office, allows_clean_teams=True)
    units, _left_out = evaluated_units(campaign)
    assert team in units
    assert department_a in units
    only_teams = make_evaluation(
        party_office, year=campaign.year - 1, allows_clean_teams=True, allows_departments=False
    )
    assert evaluated_units(only_teams)[0] == [team]


def test_a_unit_closing_after_the_opening_is_evaluated(party_office, department_a):
    year = timezone.localdate().year
    closing = DepartmentFactory(code="N06", name="年底撤销", closed_on=datetime.date(year, 12, 31))
    campaign = make_evaluation(party_office)
    assert closing in evaluated_units(campaign, on=datetime.date(year, 12, 1))[0]


# --- opening --------------------------------------------------------------------------


def test_evaluation_open_writes_one_submitted_application_per_unit(party_office, department_a):
    PersonFactory(department=department_a, is_party_member=True)
    PersonFactory(department=department_a)
    PersonFactory(department=department_a, active=False)
    late = DepartmentFactory(
        code="N02", name="下半年新设", opened_on=datetime.date(timezone.localdate().year, 7, 1)
    )
    campaign = open_evaluation(party_office)
    assert campaign.state == CampaignState.OPEN
    assert campaign.rubric.__class__.objects.get(pk=campaign.rubric_id).is_frozen
    application = campaign.applications.get(unit=department_a)
    assert application.state == ApplicationState.SUBMITTED
    assert (application.staff_count, application.party_member_count) == (2, 1)
    assert not campaign.applications.filter(unit=late).exists()
    event = ApplicationEvent.objects.get(subject=application)
    assert (event.transition, event.actor) == ("open_evaluation", party_office)
    units, left_out = campaign_units(campaign)
    assert department_a in units
    assert [row.unit for row in left_out] == [late]


def test_evaluation_open_tells_each_unit(party_office, department_a):
    applicant = applicant_of(department_a)
    open_evaluation(party_office)
    assert Notification.objects.filter(recipient=applicant, subject__contains="已纳入考评").exists()


def test_evaluation_open_refuses_a_closed_window(party_office, department_a):
    campaign = make_evaluation(
        party_office,
        opens_at=timezone.now() - datetime.timedelta(days=3),
        closes_at=timezone.now() - datetime.timedelta(days=1),
    )
    with pytest.raises(DomainError, match="说明截止时间已过"):
        services.evaluation_open(campaign=campaign, by=party_office)
    assert campaign.applications.count() == 0


def test_units_never_apply_in_a_yearly_evaluation(party_office, department_a):
    applicant = applicant_of(department_a)
    campaign = open_evaluation(party_office)
    with pytest.raises(DomainError, match="是年度清廉考评，没有“申报”这一步"):
        application_services.application_start(campaign=campaign, unit=department_a, by=applicant)
    application = campaign.applications.get(unit=department_a)
    with pytest.raises(DomainError, match="没有“撤回申报”这一步"):
        application_services.application_withdraw(application=application, by=applicant)
    with pytest.raises(DomainError, match="没有“退回修改”这一步"):
        application_services.application_return(
            application=application, by=party_office, reason="补充材料"
        )


def test_the_sweep_moves_an_opened_evaluation_to_reviewing(party_office, department_a):
    campaign = close_applications(open_evaluation(party_office))
    assert campaign.state == CampaignState.REVIEWING


# --- review, forwarding, confirmation, publication ----------------------------------------


@pytest.fixture
def reviewers(department_a, department_b):
    return [
        make_reviewer(department_a, "reviewer_one"),
        make_reviewer(department_b, "reviewer_two"),
    ]


def test_review_opinion_is_refused_in_a_yearly_evaluation(party_office, department_a, reviewers):
    from appraisal.services import assignment

    campaign = close_applications(open_evaluation(party_office))
    assignment.pool_add(campaign=campaign, reviewer=reviewers[1], by=party_office)
    application = campaign.applications.get(unit=department_a)
    assignment.review_assign(application=application, reviewer=reviewers[1], by=party_office)
    with pytest.raises(DomainError, match="没有“评审意见（推荐）”这一步"):
        review_opinion_record(
            application=application, by=party_office, recommended=True, opinion="好"
        )


def test_forward_refuses_units_without_reviewers(party_office, department_a):
    campaign = close_applications(open_evaluation(party_office))
    with pytest.raises(DomainError, match=r"还没有分配评审人员：.*心内科"):
        campaign_forward(campaign=campaign, by=party_office)


def test_forward_sends_the_evaluation_to_the_party_committee(
    party_office, party_committee, department_a, reviewers
):
    campaign = scored_evaluation(party_office, reviewers)
    assert campaign.state == CampaignState.DECIDING
    assert Notification.objects.filter(
        recipient=party_committee, subject__contains="请确认"
    ).exists()


def _confirm(campaign, party_committee, **options):
    values = {"confirmed_on": timezone.localdate(), "reference": "院党委会2026年第3次会议"}
    values.update(options)
    return services.results_confirm(campaign=campaign, by=party_committee, **values)


def _criteria(campaign):
    return list(
        Criterion.objects.filter(standard__rubric=campaign.rubric).order_by(
            "standard__order", "standard__pk", "order", "pk"
        )
    )


def test_results_confirm_writes_each_units_result(
    party_office, party_committee, department_a, department_b, reviewers
):
    # The default rubric's first criterion is worth 6: A loses 5 (95, 优秀), B loses 6 and
    # so 94 …; more is lost below through the grade bands' boundaries.
    campaign = scored_evaluation(party_office, reviewers, lost={department_b.pk: D("6")})
    first = _criteria(campaign)[0]
    units = campaign.applications.count()
    closed = _confirm(campaign, party_committee)
    assert closed.state == CampaignState.CLOSED
    assert closed.confirmation_reference == "院党委会2026年第3次会议"
    assert closed.confirmed_by == party_committee
    results = EvaluationResult.objects.filter(campaign=campaign)
    assert results.count() == units
    a = results.get(unit=department_a)
    b = results.get(unit=department_b)
    assert (a.total, a.rank, a.grade) == (D("100.00"), 1, YearlyGrade.EXCELLENT)
    assert (b.total, b.rank, b.grade) == (D("94.00"), units, YearlyGrade.EXCELLENT)
    assert a.criterion_scores[str(first.pk)] == "6.00"
    assert b.criterion_scores[str(first.pk)] == "0.00"
    # The hospital's average: every unit 100 but B's 94.
    expected = (D(100) * (units - 1) + D(94)) / units
    assert a.average_total == expected.quantize(D("0.01"))
    assert a.year == campaign.year
    assert a.confirmed_on == timezone.localdate()


def test_results_confirm_grades_on_the_campaigns_bands(
    party_office, party_committee, department_a, department_b, reviewers
):
    campaign = scored_evaluation(party_office, reviewers, lost={department_b.pk: D("6")})
    services.grade_bands_save(
        campaign=campaign,
        by=party_office,
        bands=[("excellent", "95", "100"), ("good", "94", "95"), ("fail", "0", "94")],
    )
    _confirm(campaign, party_committee)
    assert EvaluationResult.objects.get(unit=department_b).grade == YearlyGrade.GOOD
    assert EvaluationResult.objects.get(unit=department_a).grade == YearlyGrade.EXCELLENT


def test_results_confirm_is_the_party_committees(party_office, department_a, reviewers):
    campaign = scored_evaluation(party_office, reviewers)
    with pytest.raises(DomainError, match="只有院党委"):
        _confirm(campaign, party_office)


def test_results_confirm_refuses_before_forwarding(party_office, party_committee, department_a):
    campaign = close_applications(open_evaluation(party_office))
    with pytest.raises(DomainError, match="党办报送后才能确认"):
        _confirm(campaign, party_committee)


def test_results_confirm_needs_the_meeting_and_a_past_date(
    party_office, party_committee, department_a, reviewers
):
    campaign = scored_evaluation(party_office, reviewers)
    with pytest.raises(DomainError, match="请填写党委确认的会议"):
        _confirm(campaign, party_committee, reference=" ")
    with pytest.raises(DomainError, match="不能晚于今天"):
        _confirm(
            campaign, party_committee, confirmed_on=timezone.localdate() + datetime.timedelta(1)
        )
    assert not EvaluationResult.objects.exists()


def test_grade_bands_are_locked_once_results_are_confirmed(
    party_office, party_committee, department_a, reviewers
):
    campaign = scored_evaluation(party_office, reviewers)
    _confirm(campaign, party_committee)
    with pytest.raises(DomainError, match="等次分数段不能再修改"):
        services.grade_bands_save(campaign=campaign, by=party_office, bands=[("pass", "0", "100")])


def test_selection_confirmation_refuses_a_yearly_evaluation(
    party_office, party_committee, department_a, reviewers
):
    from publicity.services.confirmation import campaign_confirm

    campaign = scored_evaluation(party_office, reviewers)
    with pytest.raises(DomainError, match="是年度清廉考评，其结果由院党委在考评结果页确认"):
        campaign_confirm(
            campaign=campaign,
            by=party_committee,
            confirmed_on=timezone.localdate(),
            reference="院党委会",
        )


def test_fix_list_refuses_a_yearly_evaluation(party_office, leading_group, department_a, reviewers):
    from appraisal.services.decisions import campaign_fix_list

    campaign = scored_evaluation(party_office, reviewers)
    with pytest.raises(DomainError, match="没有“领导小组审定”这一步"):
        campaign_fix_list(campaign=campaign, by=leading_group)


def test_results_publish_tells_each_unit_once(
    party_office, party_committee, department_a, reviewers
):
    applicant = applicant_of(department_a)
    campaign = scored_evaluation(party_office, reviewers)
    with pytest.raises(DomainError, match="经院党委确认后才能发布"):
        services.results_publish(campaign=campaign, by=party_office)
    _confirm(campaign, party_committee)
    published = services.results_publish(campaign=campaign, by=party_office)
    assert published.results_published_by == party_office
    assert published.results_published_at is not None
    result = EvaluationResult.objects.get(unit=department_a)
    notice = Notification.objects.get(recipient=applicant, subject__contains="结果已发布")
    assert "优秀" in notice.subject
    assert notice.url.endswith(f"/evaluation-results/{result.pk}/")
    with pytest.raises(DomainError, match="已经发布"):
        services.results_publish(campaign=campaign, by=party_office)


def test_results_publish_is_the_party_offices(
    party_office, party_committee, department_a, reviewers
):
    campaign = scored_evaluation(party_office, reviewers)
    _confirm(campaign, party_committee)
    with pytest.raises(DomainError, match="只有党办"):
        services.results_publish(campaign=campaign, by=party_committee)


def test_one_yearly_evaluation_a_year(party_office):
    from appraisal.services.campaigns import campaign_copy

    campaign = make_evaluation(party_office)
    with pytest.raises(DomainError, match=f"{campaign.year}年度已有年度清廉考评"):
        make_evaluation(party_office, title="又一次")
    copy = campaign_copy(source=campaign, by=party_office)
    assert copy.kind == CampaignKind.YEARLY_EVALUATION
    assert copy.year == campaign.year + 1
    assert _bands(copy) == _bands(campaign)
    with pytest.raises(DomainError, match=f"{campaign.year + 1}年度已有年度清廉考评"):
        campaign_copy(source=campaign, by=party_office)


# --- the selection's required yearly grade --------------------------------------------------


def _result_of(unit, party_office, *, year, grade):
    """A confirmed yearly result of ``unit`` for ``year`` (rows written directly)."""
    from appraisal.models import Application, Campaign

    campaign = Campaign.objects.filter(
        kind=CampaignKind.YEARLY_EVALUATION, year=year
    ).first() or make_evaluation(party_office, year=year, title=f"{year}年度清廉考评")
    application = Application.objects.create(
        campaign=campaign, unit=unit, created_by=party_office, state=ApplicationState.SUBMITTED
    )
    return EvaluationResult.objects.create(
        application=application,
        campaign=campaign,
        unit=unit,
        year=year,
        total=D("70"),
        rank=1,
        grade=grade,
        criterion_scores={},
        average_total=D("70"),
        confirmed_on=datetime.date(year + 1, 1, 10),
    )


@pytest.fixture
def demanding(party_office):
    from tests.factories import open_campaign

    return open_campaign(party_office, required_yearly_grade=YearlyGrade.GOOD)


def test_required_grade_admits_a_unit_graded_at_least_that(
    party_office, applicant_a, department_a, demanding
):
    _result_of(department_a, party_office, year=demanding.year - 1, grade=YearlyGrade.EXCELLENT)
    application = application_services.application_start(
        campaign=demanding, unit=department_a, by=applicant_a
    )
    assert application.unit == department_a


def test_required_grade_refuses_a_lower_grade_naming_grade_and_year(
    party_office, applicant_a, department_a, demanding
):
    year = demanding.year - 1
    _result_of(department_a, party_office, year=year, grade=YearlyGrade.PASS)
    with pytest.raises(
        DomainError,
        match=f"达到“良好”及以上，心内科{year}年度考评等次为“合格”，不能申报",
    ):
        application_services.application_start(
            campaign=demanding, unit=department_a, by=applicant_a
        )
    assert not demanding.applications.exists()


def test_required_grade_refuses_a_unit_never_evaluated(applicant_a, department_a, demanding):
    with pytest.raises(DomainError, match=f"心内科在{demanding.year}年以前没有年度清廉考评结果"):
        application_services.application_start(
            campaign=demanding, unit=department_a, by=applicant_a
        )


def test_required_grade_reads_the_years_before_the_campaigns(
    party_office, applicant_a, department_a, demanding
):
    # The evaluation of the selection's own year does not count: only earlier ones.
    _result_of(department_a, party_office, year=demanding.year - 2, grade=YearlyGrade.GOOD)
    _result_of(department_a, party_office, year=demanding.year, grade=YearlyGrade.FAIL)
    assert application_services.application_start(
        campaign=demanding, unit=department_a, by=applicant_a
    )


def test_required_grade_is_on_the_submission_checklist(
    party_office, applicant_a, department_a, demanding
):
    result = _result_of(department_a, party_office, year=demanding.year - 1, grade=YearlyGrade.GOOD)
    application = application_services.application_start(
        campaign=demanding, unit=department_a, by=applicant_a
    )
    EvaluationResult.objects.filter(pk=result.pk).update(grade=YearlyGrade.FAIL)
    checklist = application_services.submission_checklist(application)
    label, done, detail = checklist[-1]
    assert label == "年度考评等次达到“良好”"
    assert done is False
    assert "考评等次为“不合格”" in detail


def test_a_confirmed_veto_leaves_the_unit_in_the_yearly_evaluation(
    party_office, party_committee, discipline_office, department_a
):
    from tests.factories import open_campaign, submitted_application, veto_event_in_state
    from veto.services.effects import disqualify_applications

    evaluation = open_evaluation(party_office)
    selection = open_campaign(party_office, title="评选")
    applied = submitted_application(selection, department_a)
    event = veto_event_in_state(department_a, discipline_office, state="confirmed")
    disqualified = disqualify_applications(event=event, by=party_committee)
    assert [a.pk for a in disqualified] == [applied.pk]
    kept = evaluation.applications.get(unit=department_a)
    assert kept.state == ApplicationState.SUBMITTED
