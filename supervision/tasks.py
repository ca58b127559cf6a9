"""Thin Celery tasks: each calls a service and logs what it did."""

import logging

from celery import shared_task

from supervision.services import reminders

logger = logging.getLogger(__name__)


@shared_task
def send_due_ledger_reminders():
    for reminder in reminders.send_due_ledger_reminders():
        logger.info(
            "ledger reminder %s (%s) of item %s sent to %s people",
            reminder.pk,
            reminder.kind,
            reminder.item_id,
            reminder.recipients,
        )
