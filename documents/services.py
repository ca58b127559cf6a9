"""Official documents as stored files: asked for by the workflows, rendered by a task.

A workflow calls ``document_request`` inside its transaction when what a
document says has changed (the publicity opened, the list changed, the
committee confirmed). The row is written in that transaction; the render is
enqueued on commit, so a rollback renders nothing, and the beat sweep
``render_pending_documents`` picks up whatever a lost message or a down
broker left pending.
"""

from django.db import transaction
from django.utils import timezone

from core.broker import enqueue
from documents.enums import DocumentKind, DocumentState
from documents.models import OfficialDocument
from documents.tasks import render_document


def document_key(kind, subject):
    return f"{kind}:{subject.pk}"


def document_request(
    *, kind, subject, campaign=None, application=None, title=None, rectification=None
):
    """Ask for the document ``kind`` about ``subject`` to be (re)rendered.

    ``subject`` is the record the document is about (the publicity for its
    notice, the campaign for the commendation and the certificates' ZIP, the
    title for a certificate, the application for its form). Creates the row
    or bumps its revision; enqueues ``render_document`` after commit.
    Returns the row.
    """
    kind = DocumentKind(kind)
    now = timezone.now()
    document, created = OfficialDocument.objects.select_for_update().get_or_create(
        key=document_key(kind, subject),
        defaults={
            "kind": kind,
            "campaign": campaign,
            "application": application,
            "title": title,
            "rectification": rectification,
            "requested_at": now,
        },
    )
    if not created:
        document.revision += 1
        document.state = DocumentState.PENDING
        document.requested_at = now
        document.error = ""
        document.save(update_fields=["revision", "state", "requested_at", "error"])
    pk, revision = document.pk, document.revision
    transaction.on_commit(lambda: _enqueue_render(pk, revision))
    return document


def _enqueue_render(pk, revision):
    enqueue(render_document, pk, revision)
