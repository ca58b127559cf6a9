"""Downloading official documents: who may, what they get, and the status partial."""

from urllib.parse import quote

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from documents.enums import DocumentKind, DocumentState
from documents.models import OfficialDocument
from documents.services import document_request
from tests.factories import (
    campaign_with_titles,
    open_campaign,
    publicity_of,
    stored_document,
    submitted_application,
)

CONTENT = b"%PDF-1.7\n% a stored document\n"


@pytest.fixture
def application_a(party_office, department_a, applicant_a, head_a, media_root):
    return submitted_application(open_campaign(party_office), department_a, applicant=applicant_a)


@pytest.fixture
def form_a(application_a):
    return OfficialDocument.objects.get(kind=DocumentKind.APPLICATION_FORM)


@pytest.fixture
def ready_form_a(form_a):
    """The form requested on submit, its file stored (as the task would)."""
    form_a.file.save("document", ContentFile(CONTENT), save=False)
    form_a.state, form_a.size, form_a.rendered_revision = DocumentState.READY, len(CONTENT), 1
    form_a.save()
    return form_a


@pytest.fixture
def titles(party_office, department_a, department_b, media_root):
    return campaign_with_titles(party_office, [department_a, department_b])


def _download(client, document):
    return client.get(reverse("documents:document", args=[document.pk]))


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("applicant_a", 200),
        ("head_a", 200),
        ("branch_secretary_a", 200),
        ("party_office", 200),
        ("applicant_b", 404),  # another department's applicant, by a guessed id
        ("staff", 404),
        ("reviewer_a", 404),
        ("party_committee", 404),
    ],
)
def test_application_form_is_for_those_who_see_the_application(
    persona_client, ready_form_a, persona, status
):
    assert _download(persona_client(persona), ready_form_a).status_code == status


def test_application_form_downloads_under_its_chinese_name(persona_client, ready_form_a):
    response = _download(persona_client("applicant_a"), ready_form_a)
    year = ready_form_a.application.campaign.year

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f"attachment; filename*=utf-8''{quote(f'心内科申报表（{year}年度）.pdf')}"
    )
    assert response["Cache-Control"] == "private, no-store, max-age=0, no-cache, must-revalidate"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == CONTENT


@pytest.mark.parametrize("persona", ["staff", "applicant_b", "reviewer_a", "party_committee"])
def test_publicity_and_commendation_are_for_everyone_logged_in(
    persona_client, party_office, department_a, media_root, persona
):
    campaign, _titles = campaign_with_titles(party_office, [department_a])
    publicity = publicity_of(campaign, party_office)
    client = persona_client(persona)

    for document in (
        stored_document(DocumentKind.PUBLICITY, publicity, campaign=campaign),
        stored_document(DocumentKind.COMMENDATION, campaign, campaign=campaign),
    ):
        assert _download(client, document).status_code == 200


def test_documents_ask_anonymous_visitors_to_log_in(client, party_office, department_a, media_root):
    campaign, _titles = campaign_with_titles(party_office, [department_a])
    document = stored_document(DocumentKind.COMMENDATION, campaign, campaign=campaign)

    response = _download(client, document)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("party_office", 200),
        ("party_committee", 200),
        ("applicant_a", 200),
        ("head_a", 200),
        ("applicant_b", 404),
        ("staff", 404),
        ("leading_group", 404),
        ("discipline_office", 404),
    ],
)
def test_certificate_is_for_the_offices_and_its_own_unit(
    persona_client, titles, head_a, applicant_a, persona, status
):
    _campaign, (title_a, _title_b) = titles
    document = stored_document(DocumentKind.CERTIFICATE, title_a, title=title_a)

    assert _download(persona_client(persona), document).status_code == status


def test_certificate_downloads_under_its_number_and_unit(persona_client, titles):
    _campaign, (title_a, _title_b) = titles
    document = stored_document(DocumentKind.CERTIFICATE, title_a, title=title_a)

    response = _download(persona_client("party_office"), document)

    name = quote(f"{title_a.certificate_number}-心内科.pdf")
    assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{name}"


@pytest.mark.parametrize(
    ("persona", "status"),
    [("party_office", 200), ("party_committee", 404), ("applicant_a", 404), ("staff", 404)],
)
def test_certificates_zip_is_for_the_party_office(persona_client, titles, persona, status):
    campaign, _titles = titles
    document = stored_document(
        DocumentKind.CERTIFICATES, campaign, campaign=campaign, content=b"PK\x05\x06" + b"\0" * 18
    )

    response = _download(persona_client(persona), document)

    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "application/zip"
        assert response["Content-Disposition"] == (
            f"attachment; filename*=utf-8''{quote(f'{campaign.year}年度清廉科室荣誉证书.zip')}"
        )


@pytest.mark.parametrize("persona", ["party_office", "discipline_office", "party_committee"])
def test_a_kind_nobody_may_download_is_hidden(persona_client, party_office, persona):
    campaign = open_campaign(party_office)
    document = document_request(kind=DocumentKind.COMMENDATION, subject=campaign)
    OfficialDocument.objects.filter(pk=document.pk).update(kind="unknown")
    document.refresh_from_db()

    assert _download(persona_client(persona), document).status_code == 404


def test_an_unknown_document_is_hidden(persona_client, db):
    response = persona_client("staff").get(reverse("documents:document", args=[999]))

    assert response.status_code == 404


def test_download_before_the_file_is_ready_shows_a_waiting_page(persona_client, form_a):
    response = _download(persona_client("applicant_a"), form_a)
    content = response.content.decode()
    status_url = reverse("documents:document_status", args=[form_a.pk])

    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert "正在生成，请稍后。文件生成后，下面会出现下载链接。" in content
    assert f'hx-get="{status_url}" hx-trigger="every 3s" hx-swap="outerHTML"' in content


def test_status_partial_polls_while_the_document_is_pending(persona_client, form_a):
    response = persona_client("head_a").get(reverse("documents:document_status", args=[form_a.pk]))
    content = response.content.decode()

    assert response.status_code == 200
    assert "申报表正在生成…" in content
    assert 'hx-trigger="every 3s"' in content
    assert "<html" not in content


def test_status_partial_links_the_ready_file(persona_client, ready_form_a):
    response = persona_client("applicant_a").get(
        reverse("documents:document_status", args=[ready_form_a.pk])
    )
    content = response.content.decode()

    assert f'href="{reverse("documents:document", args=[ready_form_a.pk])}"' in content
    assert "下载申报表" in content
    assert "hx-trigger" not in content


def test_status_partial_reports_a_failure_without_polling(persona_client, form_a):
    OfficialDocument.objects.filter(pk=form_a.pk).update(
        state=DocumentState.FAILED, error="OSError: disk full"
    )

    response = persona_client("applicant_a").get(
        reverse("documents:document_status", args=[form_a.pk])
    )
    content = response.content.decode()

    assert "申报表生成失败，系统每分钟自动重试；如长时间未生成，请联系系统管理员。" in content
    assert "disk full" not in content
    assert "hx-trigger" not in content


def test_status_partial_is_hidden_from_another_department(persona_client, form_a):
    response = persona_client("applicant_b").get(
        reverse("documents:document_status", args=[form_a.pk])
    )

    assert response.status_code == 404


def test_application_page_links_the_form_once_submitted(persona_client, ready_form_a):
    response = persona_client("applicant_a").get(
        reverse("appraisal:application", args=[ready_form_a.application_id])
    )

    assert f'href="{reverse("documents:document", args=[ready_form_a.pk])}"' in (
        response.content.decode()
    )


def test_application_page_has_no_form_link_before_submitting(
    persona_client, party_office, department_a, applicant_a
):
    from appraisal.services.applications import application_start

    application = application_start(
        campaign=open_campaign(party_office), unit=department_a, by=applicant_a
    )

    response = persona_client("applicant_a").get(
        reverse("appraisal:application", args=[application.pk])
    )

    assert response.status_code == 200
    assert "publicity/documents/" not in response.content.decode()
