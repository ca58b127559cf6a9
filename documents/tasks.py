"""Thin Celery tasks: each calls a service and logs what it did.

The tasks keep the names they were registered under when they lived in
``publicity.tasks``: messages already queued and the beat schedule's entry
still reach them.
"""

import logging

from celery import shared_task

from documents.rendering import document_render
from documents.rendering import render_pending_documents as sweep_pending

logger = logging.getLogger(__name__)


@shared_task(name="publicity.tasks.render_document")
def render_document(pk, revision):
    document = document_render(pk=pk, revision=revision)
    if document is None:
        logger.info("document %s revision %s superseded or missing", pk, revision)


@shared_task(name="publicity.tasks.render_pending_documents")
def render_pending_documents():
    stored = sweep_pending()
    if stored:
        logger.info("rendered %s pending or failed document(s)", stored)
