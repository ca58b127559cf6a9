"""The party office's applications list on core/lists.py (filters, sort, pages, Excel) and
its bulk form (appraisal/views/bulk.py)."""

import io
import re
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from appraisal.enums import ApplicationState
from appraisal.models import Application, Review
from tests.factories import (
    DepartmentFactory,
    close_applications,
    open_campaign,
    submitted_application,
)


def _list_url(campaign):
    return reverse("appraisal:applications", args=[campaign.pk])


def _names(html):
    return re.findall(r'aria-label="选择 ([^"]+)"', html)


@pytest.fixture
def reviewing(party_office, department_a, department_b, applicant_a, applicant_b, head_a):
    """A campaign under review with 心内科 (A), 骨科 (B) and 儿科 (C) submitted (the review
    team of tests/appraisal/conftest.py builds on it)."""
    campaign = open_campaign(party_office)
    a = submitted_application(campaign, department_a, applicant=applicant_a)
    b = submitted_application(campaign, department_b, applicant=applicant_b)
    c = submitted_application(campaign, DepartmentFactory(code="C02", name="儿科"))
    return SimpleNamespace(campaign=close_applications(campaign), a=a, b=b, c=c)


@pytest.fixture
def three(reviewing):
    return reviewing


def test_application_list_has_a_labelled_checkbox_per_row_in_the_bulk_form(three, persona_client):
    html = persona_client("party_office").get(_list_url(three.campaign)).content.decode()
    assert _names(html) == ["心内科", "骨科", "儿科"]
    assert html.count('form="bulk-applications"') == 4  # select all, and one per row
    assert 'data-select-all="applications"' in html
    assert 'id="bulk-applications"' in html
    for name in ("applications_return", "applications_recommend", "applications_assign"):
        assert f'formaction="{reverse(f"appraisal:{name}", args=[three.campaign.pk])}"' in html


def test_application_list_sorts_by_a_column(three, persona_client):
    client = persona_client("party_office")
    html = client.get(_list_url(three.campaign), {"sort": "-unit"}).content.decode()
    assert _names(html) == ["儿科", "骨科", "心内科"]
    assert 'aria-sort="descending"' in html


def test_application_list_filters_by_state_and_name(three, team, persona_client, party_office):
    from appraisal.services import assignment

    assignment.review_assign(application=three.b, reviewer=team[1], by=party_office)
    client = persona_client("party_office")
    url = _list_url(three.campaign)
    assert _names(client.get(url, {"state": "under_review"}).content.decode()) == ["骨科"]
    assert _names(client.get(url, {"unit": "儿"}).content.decode()) == ["儿科"]
    assert _names(client.get(url, {"unit": "A01"}).content.decode()) == ["心内科"]


def test_application_list_exports_what_it_shows(three, persona_client):
    from openpyxl import load_workbook

    response = persona_client("party_office").get(
        _list_url(three.campaign), {"sort": "-unit", "unit_kind": "department", "export": "xlsx"}
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("科室", "党支部", "状态")
    assert [row[0] for row in rows[1:]] == ["儿科", "骨科", "心内科"]
    assert rows[1][2] == "已提交"
    filtered = persona_client("party_office").get(
        _list_url(three.campaign), {"unit": "儿", "export": "xlsx"}
    )
    rows = list(load_workbook(io.BytesIO(filtered.content)).active.iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == ["儿科"]


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _campaign_of(party_office, size, **overrides):
    campaign = open_campaign(party_office, **overrides)
    for n in range(size):
        submitted_application(campaign, DepartmentFactory(code=f"Q{size}{n}", name=f"科{size}{n}"))
    return close_applications(campaign)


def test_application_list_sorted_and_filtered_query_count_does_not_grow(
    party_office, persona_client
):
    client = persona_client("party_office")
    query = "?sort=-submitted_at&state=submitted"
    one = _campaign_of(party_office, 1)
    many = _campaign_of(party_office, 4, title="另一批次")
    assert _queries(client, _list_url(many) + query) == _queries(client, _list_url(one) + query)


# --- the bulk posts --------------------------------------------------------------------------


def _post(client, name, campaign, applications, **data):
    return client.post(
        reverse(f"appraisal:{name}", args=[campaign.pk]),
        {"applications": [a.pk for a in applications], **data},
        HTTP_REFERER="http://testserver" + _list_url(campaign) + "?sort=-unit",
    )


def test_bulk_return_post_returns_and_goes_back_to_the_list_as_it_was(three, persona_client):
    client = persona_client("party_office")
    response = _post(
        client, "applications_return", three.campaign, [three.a, three.c], reason="补材料"
    )
    assert response.status_code == 302
    assert response["Location"] == "http://testserver" + _list_url(three.campaign) + "?sort=-unit"
    states = dict(Application.objects.values_list("unit__name", "state"))
    assert states == {"心内科": "returned", "骨科": "submitted", "儿科": "returned"}
    page = client.get(response["Location"]).content.decode()
    assert "已退回 2 份申报，并已通知各科室申报人。" in page


def test_bulk_assign_post_with_a_conflict_shows_the_pair_and_writes_nothing(
    three, team, persona_client
):
    client = persona_client("party_office")
    response = _post(
        client,
        "applications_assign",
        three.campaign,
        [three.a, three.b],
        reviewer=team[0].pk,
    )
    page = client.get(response["Location"]).content.decode()
    assert "存在利益冲突，均未分配：评审人甲是“心内科”本科室人员" in page
    assert not Review.objects.exists()


def test_bulk_assign_post_without_a_reviewer_is_refused(three, team, persona_client):
    client = persona_client("party_office")
    response = _post(client, "applications_assign", three.campaign, [three.a])
    assert "请选择要分配的评审人员。" in client.get(response["Location"]).content.decode()


def test_bulk_move_post_moves_the_reviews(three, team, persona_client, party_office):
    from appraisal.services import bulk

    bulk.reviews_assign_many(
        campaign=three.campaign, applications=[three.b, three.c], reviewer=team[1], by=party_office
    )
    client = persona_client("party_office")
    response = _post(
        client,
        "applications_move",
        three.campaign,
        [three.b, three.c],
        from_reviewer=team[1].pk,
        reviewer=team[2].pk,
        reason="评审人1出差",
    )
    assert "已改派 2 份评审任务" in client.get(response["Location"]).content.decode()
    assert set(Review.objects.filter(state="assigned").values_list("reviewer", flat=True)) == {
        team[2].pk
    }


def test_bulk_recommend_post_recommends(three, team, persona_client, party_office):
    from appraisal.services import bulk

    bulk.reviews_assign_many(
        campaign=three.campaign, applications=[three.b], reviewer=team[1], by=party_office
    )
    client = persona_client("party_office")
    _post(client, "applications_recommend", three.campaign, [three.b], reason="推荐")
    assert Application.objects.get(pk=three.b.pk).state == ApplicationState.RECOMMENDED
