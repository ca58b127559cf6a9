"""Where people find the official documents: the publicity notice on the board,
the commendation notice, the certificates' ZIP and each certificate on the campaign page."""

import pytest
from django.urls import reverse

from documents.enums import DocumentKind
from tests.factories import campaign_with_titles, decided_campaign, publicity_of, stored_document

pytestmark = pytest.mark.django_db


def test_board_offers_the_publicity_notice_once_it_is_ready(
    persona_client, party_office, department_a, media_root
):
    campaign, _ = decided_campaign(party_office, [department_a])
    publicity = publicity_of(campaign, party_office)
    notice = stored_document(DocumentKind.PUBLICITY, publicity, campaign=campaign)

    page = persona_client("staff").get(reverse("publicity:board")).content.decode()

    assert reverse("documents:document", args=[notice.pk]) in page


def test_board_read_without_login_shows_no_notice_link(
    client, settings, party_office, department_a, media_root
):
    settings.PUBLICITY_BOARD_PUBLIC = True
    campaign, _ = decided_campaign(party_office, [department_a])
    publicity = publicity_of(campaign, party_office)
    notice = stored_document(DocumentKind.PUBLICITY, publicity, campaign=campaign)

    page = client.get(reverse("publicity:board")).content.decode()

    assert department_a.name in page
    assert reverse("documents:document", args=[notice.pk]) not in page


def _confirmed_with_documents(party_office, units):
    campaign, titles = campaign_with_titles(party_office, units)
    commendation = stored_document(DocumentKind.COMMENDATION, campaign, campaign=campaign)
    certificates = stored_document(DocumentKind.CERTIFICATES, campaign, campaign=campaign)
    certificate = {
        t.unit_id: stored_document(DocumentKind.CERTIFICATE, t, campaign=campaign, title=t)
        for t in titles
    }
    return campaign, commendation, certificates, certificate


def test_campaign_page_offers_the_party_office_every_document(
    persona_client, party_office, department_a, department_b, media_root
):
    campaign, commendation, certificates, certificate = _confirmed_with_documents(
        party_office, [department_a, department_b]
    )

    page = persona_client("party_office").get(reverse("appraisal:campaign", args=[campaign.pk]))

    html = page.content.decode()
    for document in (commendation, certificates, *certificate.values()):
        assert reverse("documents:document", args=[document.pk]) in html


def test_campaign_page_offers_the_leading_group_the_notice_but_no_certificate(
    persona_client, party_office, department_a, department_b, applicant_a, media_root
):
    campaign, commendation, certificates, certificate = _confirmed_with_documents(
        party_office, [department_a, department_b]
    )

    html = (
        persona_client("leading_group")
        .get(reverse("appraisal:campaign", args=[campaign.pk]))
        .content.decode()
    )

    assert reverse("documents:document", args=[commendation.pk]) in html
    assert reverse("documents:document", args=[certificates.pk]) not in html
    assert reverse("documents:document", args=[certificate[department_a.pk].pk]) not in html
    assert reverse("documents:document", args=[certificate[department_b.pk].pk]) not in html


def test_application_page_offers_the_department_its_certificate(
    persona_client, party_office, department_a, department_b, applicant_a, media_root
):
    campaign, _commendation, _certificates, certificate = _confirmed_with_documents(
        party_office, [department_a, department_b]
    )
    application = campaign.applications.get(unit=department_a)

    html = (
        persona_client("applicant_a")
        .get(reverse("appraisal:application", args=[application.pk]))
        .content.decode()
    )

    assert reverse("documents:document", args=[certificate[department_a.pk].pk]) in html
    assert reverse("documents:document", args=[certificate[department_b.pk].pk]) not in html
