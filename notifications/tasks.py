import logging

from celery import shared_task

from . import services

logger = logging.getLogger(__name__)


@shared_task
def send_notification_email(notification_ids):
    for notification_id in notification_ids:
        services.send_email_for(notification_id=notification_id)


@shared_task
def send_pending_email():
    """Beat sweep: send what the on-commit task could not (broker down, worker crash)."""
    ids = services.pending_email_ids()
    for notification_id in ids:
        services.send_email_for(notification_id=notification_id)
    if ids:
        logger.info("sent pending e-mail for %d notification(s)", len(ids))
