"""Turning a requested official document into a stored file (the Celery side).

``document_request`` (services.py) writes the row and enqueues
``render_document(pk, revision)`` on commit; the task calls
``document_render``, which builds the bytes from the data as it stands,
stores them and marks the row ready, but only if nobody asked again
meanwhile: the conditional update names the revision it rendered. The beat
sweep ``render_pending_documents`` renders what a lost message left pending
and retries what failed.
"""

import datetime
import logging

from django.core.files.base import ContentFile
from django.db.models import Q
from django.utils import timezone

from documents.enums import DocumentState
from documents.models import OfficialDocument
from documents.registry import RENDERERS, document_content

logger = logging.getLogger(__name__)

# A message normally reaches the worker within seconds; the sweep takes over after this.
PENDING_GRACE = datetime.timedelta(minutes=1)


def document_render(*, pk, revision, now=None):
    """Render revision ``revision`` of document ``pk`` and store the file.

    Returns the ready document, or None when it is gone, when a later
    revision was asked for (before or during the render: that revision's
    own task stores its file), when this revision is already stored, or when
    rendering failed. Side effects: a new file under MEDIA_ROOT (private;
    earlier files are kept, nothing is deleted); the row's state, file,
    size, number and times, or on failure state ``failed`` and the error;
    then the kind's ``on_ready`` hook, if it registered one (a publicity
    notice clears the board's cache).
    Runs outside any transaction: the render is slow and holds no lock.
    """
    document = OfficialDocument.objects.filter(pk=pk).first()
    if document is None or document.revision != revision:
        return None
    if document.state == DocumentState.READY and document.rendered_revision == revision:
        return None  # a redelivered message: this revision is stored already
    current = OfficialDocument.objects.filter(pk=pk, revision=revision).exclude(
        state=DocumentState.READY
    )
    try:
        content, number = document_content(document)
        field = OfficialDocument._meta.get_field("file")
        name = field.storage.save(field.generate_filename(document, ""), ContentFile(content))
    except Exception as error:
        logger.exception("document %s revision %s could not be rendered", pk, revision)
        current.update(state=DocumentState.FAILED, error=f"{type(error).__name__}: {error}")
        return None
    now = now or timezone.now()
    stored = current.update(
        state=DocumentState.READY,
        file=name,
        size=len(content),
        document_number=number,
        rendered_at=now,
        rendered_revision=revision,
        error="",
    )
    if not stored:
        logger.info("document %s revision %s was superseded while rendering", pk, revision)
        return None
    document.refresh_from_db()
    kind = RENDERERS.get(document.kind)
    if kind is not None and kind.on_ready is not None:
        kind.on_ready(document)
    return document


def render_pending_documents(*, now=None):
    """The beat sweep: render documents pending for over a minute, and retry failed ones.

    Each is rendered at its current revision, so a document asked for again
    meanwhile is rendered once, at its latest. Returns how many were stored.
    """
    now = now or timezone.now()
    due = OfficialDocument.objects.filter(
        Q(state=DocumentState.PENDING, requested_at__lte=now - PENDING_GRACE)
        | Q(state=DocumentState.FAILED)
    ).order_by("requested_at", "pk")
    stored = 0
    for pk, revision in due.values_list("pk", "revision"):
        if document_render(pk=pk, revision=revision, now=now) is not None:
            stored += 1
    return stored
