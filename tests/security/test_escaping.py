"""Markup typed into free text comes back as text (issue 7, security probes).

The data is entered through the services (as the forms do), then read back on
the pages that show it and in the spreadsheet export: the raw tags never appear,
their escaped form does, and a cell holds the literal text.
"""

import io

import pytest
from django.urls import reverse

from tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db

PAYLOAD = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'&"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;&quot;&#x27;&amp;"


def _shows_escaped(response):
    page = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert(1)" not in page
    assert "<img src=x" not in page
    assert ESCAPED in page


def test_application_statement_is_escaped_on_the_application_page(
    persona_client, party_office, applicant_a, department_a, head_a
):
    from appraisal.services.applications import application_save, application_start
    from tests.factories import open_campaign

    application = application_start(
        campaign=open_campaign(party_office), unit=department_a, by=applicant_a
    )
    application_save(
        application=application,
        by=applicant_a,
        staff_count=20,
        party_member_count=5,
        materials_list=PAYLOAD,
        statement=PAYLOAD,
    )
    response = persona_client("applicant_a").get(
        reverse("appraisal:application", args=[application.pk])
    )
    _shows_escaped(response)
    assert response.content.decode().count(ESCAPED) >= 2  # the statement and the materials list


def test_objection_content_is_escaped_for_the_discipline_office(
    persona_client, party_office, department_a, staff, discipline_office
):
    from tests.factories import listed_publicity, objection_of

    publicity, (listed,) = listed_publicity(party_office, [department_a])
    objection = objection_of(publicity, listed, staff, content=PAYLOAD)
    response = persona_client("discipline_office").get(
        reverse("publicity:objection", args=[objection.pk])
    )
    _shows_escaped(response)


def test_veto_description_is_escaped_on_the_event_page(
    persona_client, department_a, discipline_office, media_root
):
    from tests.factories import reported_veto_event

    event = reported_veto_event(department_a, discipline_office, description=PAYLOAD)
    _shows_escaped(persona_client("discipline_office").get(reverse("veto:event", args=[event.pk])))


def test_department_name_is_escaped_on_the_list(persona_client, party_office):
    DepartmentFactory(code="Z99", name=PAYLOAD[:60])
    page = persona_client("party_office").get(reverse("departments:list")).content.decode()
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_department_export_holds_the_literal_text_and_no_formula(persona_client, party_office):
    from openpyxl import load_workbook

    DepartmentFactory(code="Z98", name=PAYLOAD[:60])
    DepartmentFactory(code="Z97", name='=HYPERLINK("http://x","点我")')
    response = persona_client("party_office").get(
        reverse("departments:export", args=["departments", "xlsx"])
    )
    assert response.status_code == 200
    sheet = load_workbook(
        io.BytesIO(
            b"".join(response.streaming_content if response.streaming else [response.content])
        )
    ).active
    names = {cell.value for row in sheet.iter_rows() for cell in row}
    assert PAYLOAD[:60] in names
    assert '\'=HYPERLINK("http://x","点我")' in names
    assert not any(isinstance(v, str) and v.startswith("=") for v in names)
