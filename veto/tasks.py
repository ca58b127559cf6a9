"""Thin Celery tasks: each takes ids, calls a service and logs what it did."""

import logging

from celery import shared_task

from veto.services import rectifications

logger = logging.getLogger(__name__)


@shared_task
def end_due_rectifications():
    for rectification in rectifications.end_due_rectifications():
        logger.info("rectification %s reached the end of its period", rectification.pk)
