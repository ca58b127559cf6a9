"""The veto pages: who sees which event, the report form, the decisions, the list's queries."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import (
    office_person,
    pdf_upload,
    reported_veto_event,
    veto_event_in_state,
    veto_indicator,
)
from veto.enums import VetoEventState
from veto.models import VetoEvent, VetoIndicator

pytestmark = pytest.mark.django_db


def test_department_sees_its_confirmed_event_without_reporter_or_evidence(
    discipline_office, department_a, applicant_a, head_a, persona_client, media_root
):
    event = reported_veto_event(department_a, discipline_office, uploads=[pdf_upload()])
    VetoEvent.objects.filter(pk=event.pk).update(state=VetoEventState.CONFIRMED)
    for persona in ("applicant_a", "head_a"):
        response = persona_client(persona).get(reverse("veto:event", args=[event.pk]))
        content = response.content.decode()
        assert response.status_code == 200
        assert 'id="reporter"' not in content
        assert discipline_office.name not in content
        assert 'id="evidence"' not in content
        assert "违反中央八项规定精神" in content


def test_department_never_sees_an_unconfirmed_report(
    discipline_office, department_a, applicant_a, head_a, persona_client
):
    for state in ("reported", "verified", "dismissed"):
        event = veto_event_in_state(department_a, discipline_office, state=state)
        for persona in ("applicant_a", "head_a"):
            response = persona_client(persona).get(reverse("veto:event", args=[event.pk]))
            assert response.status_code == 404


def test_other_department_gets_404_for_a_confirmed_event(
    discipline_office, department_a, applicant_b, persona_client
):
    event = veto_event_in_state(department_a, discipline_office, state="confirmed")
    assert (
        persona_client("applicant_b").get(reverse("veto:event", args=[event.pk])).status_code == 404
    )


def test_reporter_of_a_responsible_office_lists_only_their_own(
    discipline_office, department_a, department_b, client
):
    officer = office_person("医务科", "yiwu", code="YWK")
    own = reported_veto_event(department_a, officer, indicator=VetoIndicator.objects.get(number=9))
    other = reported_veto_event(department_b, discipline_office)
    client.force_login(officer)
    content = client.get(reverse("veto:events")).content.decode()
    assert reverse("veto:event", args=[own.pk]) in content
    assert reverse("veto:event", args=[other.pk]) not in content
    assert client.get(reverse("veto:event", args=[own.pk])).status_code == 200
    assert client.get(reverse("veto:event", args=[other.pk])).status_code == 404
    assert client.get(reverse("veto:event_report")).status_code == 200


def test_offices_list_every_event_filtered_by_state(
    discipline_office, department_a, department_b, persona_client
):
    reported = veto_event_in_state(department_a, discipline_office)
    confirmed = veto_event_in_state(department_b, discipline_office, state="confirmed")
    client = persona_client("party_office")
    content = client.get(reverse("veto:events")).content.decode()
    assert reverse("veto:event", args=[reported.pk]) in content
    assert reverse("veto:event", args=[confirmed.pk]) in content
    content = client.get(reverse("veto:events") + "?state=confirmed").content.decode()
    assert reverse("veto:event", args=[reported.pk]) not in content


def test_report_form_posts_an_event_with_evidence(
    discipline_office, department_a, persona_client, media_root
):
    client = persona_client("discipline_office")
    url = reverse("veto:event_report") + f"?unit={department_a.pk}"
    page = client.get(url).content.decode()
    assert f'<option value="{department_a.pk}" selected>' in page
    response = client.post(
        url,
        {
            "indicator": veto_indicator().pk,
            "unit": department_a.pk,
            "employee_number": "",
            "occurred_on": "2026-01-05",
            "description": "收受红包，已受处分。",
            "evidence": [pdf_upload("处分决定.pdf")],
        },
    )
    event = VetoEvent.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("veto:event", args=[event.pk])
    assert event.evidence.get().original_name == "处分决定.pdf"


def test_report_form_shows_a_refusal(discipline_office, department_a, persona_client):
    response = persona_client("discipline_office").post(
        reverse("veto:event_report"),
        {
            "indicator": veto_indicator().pk,
            "unit": department_a.pk,
            "occurred_on": "2099-01-01",
            "description": "x",
        },
    )
    assert response.status_code == 200
    assert "发生日期不能晚于今天" in response.content.decode()
    assert VetoEvent.objects.count() == 0


def test_verify_then_confirm_through_the_pages(
    discipline_office, party_committee, department_a, persona_client
):
    event = veto_event_in_state(department_a, discipline_office)
    response = persona_client("discipline_office").post(
        reverse("veto:event_verify", args=[event.pk]), {"note": "属实"}
    )
    assert response.status_code == 302
    client = persona_client("party_committee")
    page = client.get(reverse("veto:event", args=[event.pk])).content.decode()
    assert 'id="confirm"' in page
    assert 'id="dismiss"' in page
    response = client.post(reverse("veto:event_confirm", args=[event.pk]), {"reason": "确认"})
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.state == VetoEventState.CONFIRMED


def test_confirm_page_asks_for_months_when_a_title_is_held(
    party_office, discipline_office, party_committee, department_a, persona_client
):
    from tests.factories import campaign_with_titles

    campaign_with_titles(party_office, [department_a])
    event = veto_event_in_state(department_a, discipline_office, state="verified")
    client = persona_client("party_committee")
    page = client.get(reverse("veto:event", args=[event.pk])).content.decode()
    assert 'name="rectification_months"' in page
    response = client.post(reverse("veto:event_confirm", args=[event.pk]), {"reason": "确认"})
    assert response.status_code == 200
    assert "须选择 3 至 6 个月的整改期" in response.content.decode()
    event.refresh_from_db()
    assert event.state == VetoEventState.VERIFIED


def test_event_list_queries_do_not_grow_with_rows(
    discipline_office, department_a, department_b, persona_client
):
    client = persona_client("discipline_office")
    url = reverse("veto:events")
    veto_event_in_state(department_a, discipline_office)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for unit in (department_a, department_b, department_b):
        veto_event_in_state(unit, discipline_office, state="confirmed")
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(one)


def test_nav_links_the_events_for_the_offices(persona_client):
    content = persona_client("party_committee").get(reverse("home")).content.decode()
    assert reverse("veto:events") in content
    content = persona_client("staff").get(reverse("home")).content.decode()
    assert reverse("veto:events") not in content


def test_home_shows_events_to_verify_and_to_confirm(
    discipline_office, department_a, persona_client
):
    veto_event_in_state(department_a, discipline_office)
    veto_event_in_state(department_a, discipline_office, state="verified")
    content = persona_client("discipline_office").get(reverse("home")).content.decode()
    assert "待核实的否决事项" in content
    content = persona_client("party_committee").get(reverse("home")).content.decode()
    assert "待院党委确认的否决事项" in content


def test_event_export_holds_only_what_the_list_shows(
    discipline_office, department_a, department_b, persona_client
):
    veto_event_in_state(department_a, discipline_office)
    veto_event_in_state(department_b, discipline_office, state="confirmed")
    client = persona_client("party_office")
    response = client.get(reverse("veto:events") + "?state=confirmed&export=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("科室", "否决性指标", "发生日期", "状态", "报告人", "报告时间")
    assert [row[0] for row in rows[1:]] == [department_b.name]
    assert rows[1][3] == "已确认"


def test_event_list_sorts_by_department(
    discipline_office, department_a, department_b, persona_client
):
    veto_event_in_state(department_a, discipline_office)
    veto_event_in_state(department_b, discipline_office)
    client = persona_client("party_office")
    for sort, first, second in (
        ("-unit", department_b, department_a),
        ("unit", department_a, department_b),
    ):
        content = client.get(reverse("veto:events") + f"?sort={sort}").content.decode()
        rows = content[content.index("<tbody") :]
        assert rows.index(first.name) < rows.index(second.name)
