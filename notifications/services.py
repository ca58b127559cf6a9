import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import EmailStatus, Notification

logger = logging.getLogger(__name__)

MAX_EMAIL_ATTEMPTS = 5


def notify(*, recipients, subject, body="", url=""):
    """Tell each of ``recipients`` (users) something, in the inbox and by e-mail.

    Side effects: one ``Notification`` row per distinct active recipient,
    written in the caller's transaction, so a decision that rolls back notifies
    nobody; after commit, a Celery task is asked to send the e-mails. If the
    broker cannot be reached then, the page still answers and the
    ``send_pending_email`` sweep sends them later.
    Returns the notifications created.
    """
    seen = set()
    rows = []
    for user in recipients:
        if user is None or user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        rows.append(
            Notification(
                recipient=user,
                subject=subject[:200],
                body=body,
                url=url,
                email_status=EmailStatus.PENDING if user.email else EmailStatus.NOT_NEEDED,
            )
        )
    created = Notification.objects.bulk_create(rows)
    ids = [n.pk for n in created if n.email_status == EmailStatus.PENDING]
    if ids:
        transaction.on_commit(lambda: _enqueue_email(ids))
    return created


def _enqueue_email(ids):
    from .tasks import send_notification_email

    try:
        send_notification_email.delay(ids)
    except Exception:  # the broker is down: the sweep will deliver them
        logger.warning(
            "broker unreachable; %d e-mail(s) left for the sweep", len(ids), exc_info=True
        )


def mark_read(*, user, notification_ids=None):
    """Mark the user's notifications (all, or those listed) read. Returns how many changed."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=notification_ids)
    return unread.update(read_at=timezone.now())


def send_email_for(*, notification_id):
    """Send the e-mail of one notification, at most once.

    The row is claimed with a conditional update, so two workers (or a task
    and the sweep) racing on the same row send one e-mail.
    Side effects: sends one e-mail; moves ``email_status`` to sent, or back to
    pending (failed after ``MAX_EMAIL_ATTEMPTS``).
    """
    now = timezone.now()
    claimed = Notification.objects.filter(
        pk=notification_id, email_status=EmailStatus.PENDING
    ).update(email_status=EmailStatus.SENDING, email_claimed_at=now)
    if claimed != 1:
        return False
    notification = Notification.objects.select_related("recipient").get(pk=notification_id)
    body = notification.body
    if notification.url:
        body = f"{body}\n\n{settings.SITE_URL.rstrip('/')}{notification.url}"
    try:
        send_mail(
            settings.EMAIL_SUBJECT_PREFIX + notification.subject,
            body,
            settings.DEFAULT_FROM_EMAIL,
            [notification.recipient.email],
        )
    except Exception:
        attempts = notification.email_attempts + 1
        Notification.objects.filter(pk=notification_id).update(
            email_status=EmailStatus.FAILED
            if attempts >= MAX_EMAIL_ATTEMPTS
            else EmailStatus.PENDING,
            email_attempts=attempts,
        )
        logger.exception(
            "e-mail for notification %s failed (attempt %d)", notification_id, attempts
        )
        return False
    Notification.objects.filter(pk=notification_id).update(
        email_status=EmailStatus.SENT,
        email_attempts=notification.email_attempts + 1,
        emailed_at=timezone.now(),
    )
    return True


def pending_email_ids(*, stale_after_seconds=600):
    """Notifications whose e-mail is still to send, including claims a dead worker left."""
    stale = timezone.now() - timezone.timedelta(seconds=stale_after_seconds)
    Notification.objects.filter(
        email_status=EmailStatus.SENDING, email_claimed_at__lt=stale
    ).update(email_status=EmailStatus.PENDING)
    return list(
        Notification.objects.filter(Q(email_status=EmailStatus.PENDING)).values_list(
            "pk", flat=True
        )[:500]
    )
