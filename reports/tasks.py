"""Thin Celery tasks: each calls a service and logs what it did."""

import logging

from celery import shared_task

from reports.services import reminders

logger = logging.getLogger(__name__)


@shared_task
def send_due_report_reminders():
    for reminder in reminders.send_due_report_reminders():
        logger.info(
            "report reminder %s (%s) sent to %s people for report %s",
            reminder.pk,
            reminder.kind,
            reminder.recipients,
            reminder.report_id,
        )
