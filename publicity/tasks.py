"""Thin Celery tasks: each calls a service and logs what it did (STYLE.md §5)."""

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task
def render_document(pk, revision):
    from publicity.services.rendering import document_render

    document = document_render(pk=pk, revision=revision)
    if document is None:
        logger.info("document %s revision %s superseded or missing", pk, revision)


@shared_task
def close_due_publicities():
    from publicity.services.publicities import close_due_publicities as sweep

    for publicity in sweep():
        logger.info("publicity %s closed (%s)", publicity.pk, publicity.state)


@shared_task
def render_pending_documents():
    from publicity.services.rendering import render_pending_documents as sweep

    stored = sweep()
    if stored:
        logger.info("rendered %s pending or failed document(s)", stored)
