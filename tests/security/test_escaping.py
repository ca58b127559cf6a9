"""Markup typed into free text comes back as text (issue 7, security probes).

The data is entered through the services (as the forms do), then read back on
the pages that show it, in the spreadsheet export and in the printed application
form: the raw tags never appear on a page, their escaped form does, a cell holds
the literal text and the PDF prints the characters as they were typed.
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


# --- what the party office, the branch, the reviewers and the leading group write ---------


def _submitted(party_office, applicant, head, unit, **campaign_overrides):
    """``unit``'s application submitted through the services."""
    from appraisal.services import applications as services
    from tests.factories import STATEMENT, open_campaign

    application = services.application_start(
        campaign=open_campaign(party_office, **campaign_overrides), unit=unit, by=applicant
    )
    services.application_save(
        application=application,
        by=applicant,
        staff_count=10,
        party_member_count=3,
        materials_list="廉洁承诺书",
        statement=STATEMENT,
    )
    services.head_confirm(application=application, by=head)
    return services.application_submit(application=application, by=applicant)


def test_return_reason_is_escaped_on_the_application_page(
    persona_client, party_office, applicant_a, head_a, department_a
):
    from appraisal.services.applications import application_return

    application = application_return(
        application=_submitted(party_office, applicant_a, head_a, department_a),
        by=party_office,
        reason=PAYLOAD,
    )
    _shows_escaped(
        persona_client("applicant_a").get(reverse("appraisal:application", args=[application.pk]))
    )


def test_branch_opinion_is_escaped_on_the_application_page(
    persona_client, party_office, applicant_a, head_a, branch_secretary_a, department_a
):
    from appraisal.services.branch_opinion import branch_opinion_record

    application = branch_opinion_record(
        application=_submitted(
            party_office, applicant_a, head_a, department_a, uses_branch_opinion=True
        ),
        by=branch_secretary_a,
        agrees=False,
        opinion=PAYLOAD,
    )
    _shows_escaped(
        persona_client("party_office").get(reverse("appraisal:application", args=[application.pk]))
    )


@pytest.fixture
def under_review(party_office, applicant_a, head_a, department_a):
    """Department A's application in a reviewing campaign, assigned to a reviewer of
    another department. Returns (application, review)."""
    from appraisal.services import assignment
    from tests.factories import close_applications, make_reviewer

    application = _submitted(party_office, applicant_a, head_a, department_a)
    close_applications(application.campaign)
    reviewer = make_reviewer(DepartmentFactory(code="R01", name="医技科"), "reviewer1")
    assignment.pool_add(campaign=application.campaign, reviewer=reviewer, by=party_office)
    review = assignment.review_assign(application=application, reviewer=reviewer, by=party_office)
    application.refresh_from_db()
    return application, review


def test_review_comment_is_escaped_on_the_reviews_page_and_the_sheet(
    persona_client, client, party_office, under_review
):
    from decimal import Decimal

    from appraisal.models import Criterion
    from appraisal.services.reviews import score_save

    application, review = under_review
    criterion = Criterion.objects.filter(standard__rubric=application.campaign.rubric_id).first()
    score_save(
        review=review,
        by=review.reviewer,
        criterion=criterion,
        score=Decimal(0),
        not_applicable=False,
        comment=PAYLOAD,
    )
    _shows_escaped(
        persona_client("party_office").get(
            reverse("appraisal:application_reviews", args=[application.pk])
        )
    )
    client.force_login(review.reviewer)
    _shows_escaped(client.get(reverse("appraisal:review", args=[review.pk])))


def test_review_opinion_is_escaped_on_the_reviews_page(persona_client, party_office, under_review):
    from appraisal.services.reviews import review_opinion_record

    application, _review = under_review
    review_opinion_record(
        application=application, by=party_office, recommended=False, opinion=PAYLOAD
    )
    _shows_escaped(
        persona_client("party_office").get(
            reverse("appraisal:application_reviews", args=[application.pk])
        )
    )


def test_decision_reason_is_escaped_on_the_decision_page(
    persona_client, party_office, leading_group, department_a
):
    from appraisal.services.decisions import decision_record
    from tests.factories import deciding_campaign

    campaign, (application,) = deciding_campaign(party_office, [department_a])
    decision_record(application=application, by=leading_group, approve=False, reason=PAYLOAD)
    _shows_escaped(
        persona_client("leading_group").get(reverse("appraisal:decision", args=[campaign.pk]))
    )


# --- objections, the party committee's confirmation, rectification and re-checks ----------


def test_objection_findings_are_escaped_for_the_office_and_on_the_receipt(
    persona_client, client, party_office, department_a, discipline_office, media_root
):
    from publicity.services.objection_handling import objection_settle, objection_take_up
    from tests.factories import listed_publicity, objection_of, objector

    publicity, (listed,) = listed_publicity(party_office, [department_a])
    raiser = objector()
    objection = objection_of(publicity, listed, raiser)
    objection_settle(
        objection=objection_take_up(objection=objection, by=discipline_office),
        by=discipline_office,
        upheld=False,
        findings=PAYLOAD,
    )
    _shows_escaped(
        persona_client("discipline_office").get(reverse("publicity:objection", args=[objection.pk]))
    )
    client.force_login(raiser)
    _shows_escaped(client.get(reverse("publicity:objection_receipt", args=[objection.pk])))


def test_confirmation_reference_is_escaped_on_the_campaign_page(
    persona_client, party_office, party_committee, department_a, media_root
):
    import datetime

    from publicity.services.confirmation import campaign_confirm
    from tests.factories import confirmable_campaign

    campaign, _applications, publicity = confirmable_campaign(party_office, [department_a])
    campaign_confirm(
        campaign=campaign,
        by=party_committee,
        confirmed_on=publicity.last_day + datetime.timedelta(days=1),
        reference=PAYLOAD,
    )
    _shows_escaped(
        persona_client("party_office").get(reverse("appraisal:campaign", args=[campaign.pk]))
    )


def test_rectification_extension_reason_is_escaped_on_its_page(
    persona_client, department_a, party_committee, media_root
):
    import datetime

    from tests.factories import rectification_of
    from veto.services.rectifications import rectification_extend

    rectification = rectification_of(department_a, state="due")
    rectification_extend(
        rectification=rectification,
        by=party_committee,
        reason=PAYLOAD,
        ends_on=rectification.ends_on + datetime.timedelta(days=30),
    )
    _shows_escaped(
        persona_client("party_committee").get(
            reverse("veto:rectification", args=[rectification.pk])
        )
    )


def test_rectification_acceptance_note_is_escaped_on_its_page(
    persona_client, department_a, party_committee, media_root
):
    from tests.factories import rectification_of
    from veto.services.rectifications import rectification_accept

    rectification = rectification_of(department_a, state="due")
    rectification_accept(rectification=rectification, by=party_committee, note=PAYLOAD)
    _shows_escaped(
        persona_client("party_committee").get(
            reverse("veto:rectification", args=[rectification.pk])
        )
    )


def test_recheck_findings_are_escaped_on_its_page(persona_client, party_office, department_a):
    from django.utils import timezone

    from tests.factories import campaign_with_titles
    from veto.enums import RecheckResult
    from veto.services.rechecks import recheck_record

    _campaign, (title,) = campaign_with_titles(party_office, [department_a])
    recheck = recheck_record(
        title=title,
        by=party_office,
        checked_on=timezone.localdate(),
        result=RecheckResult.PROBLEM,
        findings=PAYLOAD,
    )
    _shows_escaped(persona_client("party_office").get(reverse("veto:recheck", args=[recheck.pk])))


# --- the printed application form ----------------------------------------------------------


def test_application_form_pdf_prints_the_payload_as_text(
    party_office, applicant_a, head_a, department_a, tmp_path, media_root
):
    from appraisal.services import applications as services
    from documents import registry as builders
    from documents.enums import DocumentKind
    from documents.models import OfficialDocument
    from tests.factories import STATEMENT, open_campaign
    from tests.publicity.test_notices import _poppler

    application = services.application_start(
        campaign=open_campaign(party_office), unit=department_a, by=applicant_a
    )
    services.application_save(
        application=application,
        by=applicant_a,
        staff_count=10,
        party_member_count=3,
        materials_list="廉洁承诺书",
        statement=f"{STATEMENT}\n{PAYLOAD}",
    )
    services.head_confirm(application=application, by=head_a)
    services.application_submit(application=application, by=applicant_a)
    document = OfficialDocument.objects.get(kind=DocumentKind.APPLICATION_FORM)

    content, _number = builders.document_content(document)
    path = tmp_path / "application_form.pdf"
    path.write_bytes(content)
    # In content order (-raw): the layout order puts a justified line's last word apart;
    # the one line break is where the line wrapped, at a space of the payload.
    text = _poppler("pdftotext", "-raw", path, "-").replace("\n", " ")
    assert "<script>alert(1)</script>" in text
    assert PAYLOAD in text
    assert "&lt;" not in text
    assert "&amp;" not in text
