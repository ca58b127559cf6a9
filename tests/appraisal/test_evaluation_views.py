"""The yearly evaluation's pages (appraisal/views/evaluations.py): each answers its
people, shows what the services decided, and its lists keep their query counts."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from appraisal.enums import CampaignKind, CampaignState, YearlyGrade
from appraisal.models import Campaign, EvaluationResult
from appraisal.services import evaluations as services
from tests.factories import (
    DepartmentFactory,
    applicant_of,
    close_applications,
    make_campaign,
    make_evaluation,
    make_reviewer,
    open_evaluation,
    scored_evaluation,
)

pytestmark = pytest.mark.django_db

DATETIME = "%Y-%m-%dT%H:%M"


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.fixture
def reviewers(department_a, department_b):
    return [
        make_reviewer(department_a, "reviewer_one"),
        make_reviewer(department_b, "reviewer_two"),
    ]


@pytest.fixture
def confirmed(party_office, party_committee, department_a, department_b, reviewers):
    campaign = scored_evaluation(party_office, reviewers)
    return services.results_confirm(
        campaign=campaign,
        by=party_committee,
        confirmed_on=timezone.localdate(),
        reference="院党委会第3次会议",
    )


# --- creating, the page, the grade bands, opening ------------------------------------------


def test_evaluation_create_page_hides_the_selections_fields(persona_client, party_office):
    page = persona_client("party_office").get(reverse("appraisal:evaluation_create"))
    assert page.status_code == 200
    form = page.context["form"]
    assert "quota" not in form.fields
    assert "publicity_working_days" not in form.fields
    assert "uses_branch_opinion" not in form.fields


def test_evaluation_create_post_makes_a_yearly_draft(persona_client, party_office):
    now = timezone.localtime()
    response = persona_client("party_office").post(
        reverse("appraisal:evaluation_create"),
        {
            "year": now.year,
            "title": "年度清廉考评",
            "opens_at": now.strftime(DATETIME),
            "closes_at": (now + datetime.timedelta(days=7)).strftime(DATETIME),
            "allows_departments": "on",
            "reviewers_per_application": 2,
        },
    )
    campaign = Campaign.objects.get(title="年度清廉考评")
    assert response.url == reverse("appraisal:campaign", args=[campaign.pk])
    assert campaign.kind == CampaignKind.YEARLY_EVALUATION
    assert campaign.grade_bands.count() == 4


def test_evaluation_create_refuses_a_reversed_window(persona_client, party_office):
    now = timezone.localtime()
    page = persona_client("party_office").post(
        reverse("appraisal:evaluation_create"),
        {
            "year": now.year,
            "title": "年度清廉考评",
            "opens_at": now.strftime(DATETIME),
            "closes_at": (now - datetime.timedelta(days=1)).strftime(DATETIME),
            "allows_departments": "on",
            "reviewers_per_application": 2,
        },
    )
    assert page.status_code == 200
    assert "情况说明截止时间必须晚于考评开始时间。" in page.content.decode()
    assert not Campaign.objects.exists()


def test_evaluation_page_lists_units_and_those_left_out(persona_client, party_office, department_a):
    DepartmentFactory(
        code="N02", name="下半年新设", opened_on=datetime.date(timezone.localdate().year, 7, 1)
    )
    campaign = make_evaluation(party_office)
    page = persona_client("party_office").get(reverse("appraisal:campaign", args=[campaign.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "心内科" in page.context["units"][0].name or department_a in page.context["units"]
    assert "下半年新设" in text
    assert "设立不满半年" in text
    assert "开始考评" in text


def test_evaluation_edit_page_is_the_evaluation_form(persona_client, party_office):
    campaign = make_evaluation(party_office)
    page = persona_client("party_office").get(
        reverse("appraisal:campaign_edit", args=[campaign.pk])
    )
    assert "quota" not in page.context["form"].fields


def test_grade_bands_page_saves_and_refuses_an_overlap(persona_client, party_office):
    campaign = make_evaluation(party_office)
    client = persona_client("party_office")
    url = reverse("appraisal:grade_bands", args=[campaign.pk])
    assert client.get(url).status_code == 200
    refused = client.post(
        url,
        {
            "excellent_lower": "90",
            "excellent_upper": "100",
            "good_lower": "80",
            "good_upper": "90",
            "pass_lower": "0",
            "pass_upper": "85",
        },
    )
    assert refused.status_code == 200
    assert "等次“合格”与“良好”的分数段重叠（80 至 85）。" in refused.content.decode()
    saved = client.post(
        url,
        {
            "excellent_lower": "90",
            "excellent_upper": "100",
            "good_lower": "75",
            "good_upper": "90",
            "pass_lower": "0",
            "pass_upper": "75",
        },
    )
    assert saved.status_code == 302
    assert campaign.grade_bands.count() == 3


def test_grade_bands_page_of_a_selection_is_not_found(persona_client, party_office):
    campaign = make_campaign(party_office)
    url = reverse("appraisal:grade_bands", args=[campaign.pk])
    assert persona_client("party_office").get(url).status_code == 404


def test_open_button_opens_the_evaluation(persona_client, party_office, department_a):
    campaign = make_evaluation(party_office)
    response = persona_client("party_office").post(
        reverse("appraisal:campaign_open", args=[campaign.pk])
    )
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.state == CampaignState.OPEN
    assert campaign.applications.filter(unit=department_a).exists()


def test_unit_home_refuses_to_apply_in_a_yearly_evaluation(
    persona_client, party_office, applicant_a, department_a
):
    campaign = open_evaluation(party_office)
    application = campaign.applications.get(unit=department_a)
    client = persona_client("applicant_a")
    home = client.get(reverse("appraisal:unit_home", args=[campaign.pk, department_a.pk]))
    assert home.url == reverse("appraisal:application", args=[application.pk])
    page = client.get(home.url)
    assert page.context["is_applicant"] is False
    assert 'id="withdraw"' not in page.content.decode()
    late = DepartmentFactory(code="Z01", name="后设科室")
    from guardian.shortcuts import assign_perm

    assign_perm("departments.apply_for_department", applicant_a, late)
    applicant_a.person.department = late
    applicant_a.person.save()
    url = reverse("appraisal:unit_home", args=[campaign.pk, late.pk])
    assert client.get(url).status_code == 404


def test_ranking_shows_grades_in_a_yearly_evaluation(
    persona_client, party_office, department_a, reviewers
):
    campaign = scored_evaluation(party_office, reviewers)
    page = persona_client("party_office").get(reverse("appraisal:ranking", args=[campaign.pk]))
    text = page.content.decode()
    assert "等次" in text
    assert "优秀" in text


def test_bonus_list_refuses_a_yearly_evaluation(persona_client, party_office, confirmed):
    page = persona_client("party_office").get(reverse("appraisal:bonus_list", args=[confirmed.pk]))
    assert "没有“医德考评加分名单”这一步" in page.content.decode()


# --- the results ----------------------------------------------------------------------


def test_results_page_offers_the_committee_its_confirmation(
    persona_client, party_office, party_committee, department_a, reviewers
):
    campaign = scored_evaluation(party_office, reviewers)
    client = persona_client("party_committee")
    url = reverse("appraisal:evaluation_results", args=[campaign.pk])
    page = client.get(url)
    assert page.context["may_confirm"] is True
    assert "优秀" in page.content.decode()
    refused = client.post(
        reverse("appraisal:results_confirm", args=[campaign.pk]),
        {"confirmed_on": timezone.localdate().isoformat(), "reference": ""},
    )
    assert refused.status_code == 200
    assert not EvaluationResult.objects.exists()
    confirmed = client.post(
        reverse("appraisal:results_confirm", args=[campaign.pk]),
        {"confirmed_on": timezone.localdate().isoformat(), "reference": "院党委会第3次会议"},
    )
    assert confirmed.url == url
    assert EvaluationResult.objects.filter(campaign=campaign).count() > 0


def test_results_page_lets_the_party_office_publish(persona_client, party_office, confirmed):
    client = persona_client("party_office")
    page = client.get(reverse("appraisal:evaluation_results", args=[confirmed.pk]))
    assert page.context["may_publish"] is True
    client.post(reverse("appraisal:results_publish", args=[confirmed.pk]))
    confirmed.refresh_from_db()
    assert confirmed.results_published_by == party_office


def test_results_export_is_a_workbook_of_the_confirmed_results(
    persona_client, party_office, confirmed
):
    from openpyxl import load_workbook

    response = persona_client("party_office").get(
        reverse("appraisal:results_export", args=[confirmed.pk])
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("名次", "单元编码", "单元", "总分", "等次")
    assert rows[1][4] == "优秀"
    assert rows[-1][2] == "全院平均"
    assert len(rows) == EvaluationResult.objects.filter(campaign=confirmed).count() + 2


def test_results_export_before_confirmation_is_not_found(
    persona_client, party_office, department_a, reviewers
):
    campaign = scored_evaluation(party_office, reviewers)
    url = reverse("appraisal:results_export", args=[campaign.pk])
    assert persona_client("party_office").get(url).status_code == 404


def test_unit_reads_its_own_published_result(
    persona_client, party_office, applicant_a, department_a, confirmed
):
    result = EvaluationResult.objects.get(unit=department_a)
    url = reverse("appraisal:evaluation_result", args=[result.pk])
    client = persona_client("applicant_a")
    assert client.get(url).status_code == 404  # not published yet
    services.results_publish(campaign=confirmed, by=party_office)
    page = client.get(url)
    text = page.content.decode()
    assert page.status_code == 200
    assert "优秀" in text
    assert "全院平均" in text
    assert "reviewer_one" not in text
    assert "骨科" not in text
    mine = client.get(reverse("appraisal:my_results"))
    assert list(mine.context["results"]) == [result]


def test_other_unit_cannot_read_the_result(
    persona_client, party_office, applicant_b, department_a, confirmed
):
    services.results_publish(campaign=confirmed, by=party_office)
    result = EvaluationResult.objects.get(unit=department_a)
    page = persona_client("applicant_b").get(
        reverse("appraisal:evaluation_result", args=[result.pk])
    )
    assert page.status_code == 404


# --- the selection's required grade ----------------------------------------------------


def test_selection_page_states_the_required_grade(persona_client, party_office):
    campaign = make_campaign(party_office, required_yearly_grade=YearlyGrade.GOOD)
    page = persona_client("party_office").get(reverse("appraisal:campaign", args=[campaign.pk]))
    assert "等次须达到“良好”及以上" in page.content.decode()


# --- query counts -----------------------------------------------------------------------


def test_results_page_query_count_does_not_grow(
    persona_client, party_office, party_committee, department_a, reviewers
):
    from tests.factories import open_evaluation as _unused  # noqa: F401

    campaign = scored_evaluation(party_office, reviewers)
    services.results_confirm(
        campaign=campaign, by=party_committee, confirmed_on=timezone.localdate(), reference="会"
    )
    client = persona_client("party_office")
    url = reverse("appraisal:evaluation_results", args=[campaign.pk])
    one = _queries(client, url)
    application = campaign.applications.first()
    for n in range(3):
        unit = DepartmentFactory(code=f"Q{n}", name=f"科室Q{n}")
        EvaluationResult.objects.create(
            application=campaign.applications.create(
                unit=unit, created_by=party_office, state="under_review"
            ),
            campaign=campaign,
            unit=unit,
            year=campaign.year,
            total="70.00",
            rank=9,
            grade=YearlyGrade.PASS,
            criterion_scores={},
            average_total="90.00",
            confirmed_on=timezone.localdate(),
        )
    assert application is not None
    assert _queries(client, url) == one


def test_evaluation_page_query_count_does_not_grow(persona_client, party_office):
    campaign = make_evaluation(party_office)
    client = persona_client("party_office")
    url = reverse("appraisal:campaign", args=[campaign.pk])
    one = _queries(client, url)
    year = timezone.localdate().year
    for n in range(3):
        DepartmentFactory(code=f"Q{n}", name=f"科室Q{n}")
        DepartmentFactory(
            code=f"M{n}",
            name=f"被并{n}",
            active=False,
            closed_on=datetime.date(year, 1, 2),
            merged_into=DepartmentFactory(code=f"T{n}", name=f"并入{n}"),
        )
    assert _queries(client, url) == one


def test_my_results_query_count_does_not_grow(
    persona_client, party_office, applicant_a, department_a, confirmed
):
    from guardian.shortcuts import assign_perm

    services.results_publish(campaign=confirmed, by=party_office)
    client = persona_client("applicant_a")
    url = reverse("appraisal:my_results")
    one = _queries(client, url)
    for result in EvaluationResult.objects.exclude(unit=department_a)[:3]:
        assign_perm("departments.apply_for_department", applicant_a, result.unit)
    assert EvaluationResult.objects.count() >= 4
    assert _queries(client, url) == one


def test_closed_evaluation_sweep_leaves_reminders_alone(party_office, department_a):
    from appraisal.services.deadlines import send_due_reminders

    campaign = open_evaluation(party_office, closes_at=timezone.now() + datetime.timedelta(days=1))
    applicant_of(department_a)
    assert campaign not in send_due_reminders()
    assert close_applications(campaign).state == CampaignState.REVIEWING


def test_selection_result_page_waits_for_the_publication(
    persona_client, party_office, applicant_a, department_a, confirmed
):
    application = confirmed.applications.get(unit=department_a)
    url = reverse("appraisal:application_result", args=[application.pk])
    client = persona_client("applicant_a")
    assert client.get(url).context["published"] is False
    services.results_publish(campaign=confirmed, by=party_office)
    assert client.get(url).context["published"] is True
