"""Fetch an official document as a user: what they may not download is 404.

Who may download which kind is the rule ``documents.download_officialdocument``
(``documents.rules``); these helpers only ask it.
"""

from django.http import Http404

from documents.models import OfficialDocument
from documents.registry import RENDERERS
from documents.rules import DOWNLOAD


def may_download_document(user, document):
    """``user`` may download ``document``: ``user.has_perm(DOWNLOAD, document)``.

    Kept for the workflow apps that filter their lists of documents with it."""
    return user.has_perm(DOWNLOAD, document)


def document_for_user_or_404(user, pk):
    """The document ``pk`` if ``user`` may download it, else 404 (a guessed id tells
    nothing). A kind no app registered is 404 for everyone, a superuser included:
    nothing could build or name its file."""
    try:
        document = OfficialDocument.objects.select_related(
            "application__campaign",
            "application__unit__head",
            "application__unit__party_branch__secretary",
            "title__unit__head",
            "rectification__unit__head",
        ).get(pk=pk)
    except (OfficialDocument.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if document.kind not in RENDERERS or not may_download_document(user, document):
        raise Http404
    return document
