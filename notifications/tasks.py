import logging

from celery import shared_task

from . import services

logger = logging.getLogger(__name__)


@shared_task
def send_notification_email(notification_ids):
    """Enqueued on commit by ``notify``: send these notifications' e-mails."""
    for notification_id in notification_ids:
        services.send_email_for(notification_id=notification_id)


@shared_task
def send_pending_email():
    """Beat sweep: send what the on-commit task could not (broker down, worker crash, failure)."""
    released = services.release_stale_claims()
    if released:
        logger.warning("released %d e-mail claim(s) left by a dead worker", released)
    ids = services.pending_email_ids()
    sent = sum(services.send_email_for(notification_id=pk) for pk in ids)
    if ids:
        logger.info("sweep: %d of %d pending e-mail(s) sent", sent, len(ids))
    return sent
