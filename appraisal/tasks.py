"""Thin Celery tasks: each calls a service and logs what it did."""

import logging

from celery import shared_task

from appraisal.services import deadlines

logger = logging.getLogger(__name__)


@shared_task
def close_due_applications():
    for campaign in deadlines.close_due_applications():
        logger.info("applications closed for campaign %s", campaign.pk)


@shared_task
def send_due_reminders():
    for campaign in deadlines.send_due_reminders():
        logger.info("deadline reminder sent for campaign %s", campaign.pk)
