"""Thin Celery tasks: each calls a service and logs what it did; the rules live in the
service, so a task decides nothing itself."""

import logging

from celery import shared_task

from publicity.services.publicities import close_due_publicities as sweep

logger = logging.getLogger(__name__)


@shared_task
def close_due_publicities():
    for publicity in sweep():
        logger.info("publicity %s closed (%s)", publicity.pk, publicity.state)
