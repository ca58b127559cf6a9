"""The download rule of documents.rules, alone: it asks the kind's registered rule."""

import dataclasses

import pytest
from django.contrib.auth.models import AnonymousUser

from documents.enums import DocumentKind
from documents.models import OfficialDocument
from documents.registry import RENDERERS
from documents.rules import DOWNLOAD, kind_allows_download
from tests.factories import campaign_with_titles, stored_document


@pytest.fixture
def asked(monkeypatch):
    """The commendation's registered rule replaced by one that lets only “yes” through
    and records what it was asked."""
    calls = []

    def may_download(user, document):
        calls.append((user, document))
        return user.username == "yes"

    kind = DocumentKind.COMMENDATION
    monkeypatch.setitem(
        RENDERERS, kind, dataclasses.replace(RENDERERS[kind], may_download=may_download)
    )
    return calls


def _document(kind=DocumentKind.COMMENDATION):
    return OfficialDocument(key=f"{kind}:1", kind=kind)


def test_the_kind_rule_decides(asked, django_user_model):
    allowed = django_user_model.objects.create_user("yes")
    refused = django_user_model.objects.create_user("no")
    document = _document()

    assert allowed.has_perm(DOWNLOAD, document)
    assert not refused.has_perm(DOWNLOAD, document)
    assert asked == [(allowed, document), (refused, document)]


def test_a_kind_nobody_registered_is_refused(asked, django_user_model):
    user = django_user_model.objects.create_user("yes")
    document = OfficialDocument(key="unknown:1", kind="unknown")

    assert not kind_allows_download(user, document)
    assert not user.has_perm(DOWNLOAD, document)
    assert asked == []


def test_signed_out_is_refused_without_asking_the_kind(asked):
    assert not AnonymousUser().has_perm(DOWNLOAD, _document())
    assert asked == []


def test_an_inactive_user_is_refused(asked, django_user_model):
    user = django_user_model.objects.create_user("yes", is_active=False)

    assert not user.has_perm(DOWNLOAD, _document())


def test_without_a_document_nobody_may(asked, django_user_model):
    user = django_user_model.objects.create_user("yes")

    assert not kind_allows_download(user, None)
    assert not user.has_perm(DOWNLOAD)


# --- the rules the workflow apps registered, through the one permission ------------------


@pytest.fixture
def campaign_documents(party_office, department_a, department_b, head_a, applicant_a, media_root):
    campaign, (title_a, _title_b) = campaign_with_titles(party_office, [department_a, department_b])
    return {
        "commendation": stored_document(DocumentKind.COMMENDATION, campaign, campaign=campaign),
        "certificates": stored_document(
            DocumentKind.CERTIFICATES, campaign, campaign=campaign, content=b"PK\x05\x06"
        ),
        "certificate_a": stored_document(
            DocumentKind.CERTIFICATE, title_a, campaign=campaign, title=title_a
        ),
    }


@pytest.mark.parametrize(
    ("persona", "document", "allowed"),
    [
        ("staff", "commendation", True),
        ("applicant_b", "commendation", True),
        ("party_office", "certificates", True),
        ("party_committee", "certificates", False),
        ("applicant_a", "certificates", False),
        ("applicant_a", "certificate_a", True),
        ("head_a", "certificate_a", True),
        ("party_committee", "certificate_a", True),
        ("applicant_b", "certificate_a", False),
        ("staff", "certificate_a", False),
    ],
)
def test_registered_kinds(request, campaign_documents, persona, document, allowed):
    user = request.getfixturevalue(persona)

    assert user.has_perm(DOWNLOAD, campaign_documents[document]) is allowed
