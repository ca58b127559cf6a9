import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from core.broker import enqueue

from . import tasks
from .models import EmailStatus, Notification
from .rules import own_notifications
from .selectors import unread_changed

logger = logging.getLogger(__name__)

MAX_EMAIL_ATTEMPTS = 5
# A claim older than this was left by a worker that died mid-send; the sweep
# hands it out again. Far longer than EMAIL_TIMEOUT, so a slow but live
# worker is never overtaken.
STALE_CLAIM_AFTER = timedelta(minutes=10)
SWEEP_BATCH = 500


def notify(*, recipients, subject, body="", url=""):
    """Tell each of ``recipients`` (users) something, in the inbox and by e-mail.

    Side effects: one ``Notification`` row per distinct active recipient,
    written in the caller's transaction, so a decision that rolls back notifies
    nobody; a recipient without an e-mail address gets the inbox row only.
    After commit, a Celery task is asked to send the e-mails; if the broker
    cannot be reached then, the page still answers and the
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
    with transaction.atomic():
        created = Notification.objects.bulk_create(rows)
        unread_changed(seen)
        ids = [n.pk for n in created if n.email_status == EmailStatus.PENDING]
        if ids:
            transaction.on_commit(lambda: _enqueue_email(ids), robust=True)
    return created


def _enqueue_email(ids):
    enqueue(tasks.send_notification_email, ids)


def mark_read(*, user, notification_ids=None):
    """Mark the user's notifications (all, or those listed) read. Returns how many changed.

    Side effects: sets ``read_at`` on the user's unread notifications only.
    """
    unread = own_notifications(user).filter(read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=notification_ids)
    changed = unread.update(read_at=timezone.now())
    if changed:
        unread_changed([user.pk])
    return changed


def send_email_for(*, notification_id):
    """Send the e-mail of one notification, at most once. Returns True when sent.

    The row is claimed with a conditional update (pending → sending, one more
    attempt counted), so two workers, or a task and the sweep, racing on the
    same row send one e-mail; and the outcome is written only while the claim
    is still ours.
    Side effects: sends one e-mail; moves ``email_status`` to sent, or back to
    pending after a failure (failed once ``MAX_EMAIL_ATTEMPTS`` are spent).
    """
    now = timezone.now()
    claimed = Notification.objects.filter(
        pk=notification_id, email_status=EmailStatus.PENDING
    ).update(
        email_status=EmailStatus.SENDING,
        email_claimed_at=now,
        email_attempts=F("email_attempts") + 1,
    )
    if claimed != 1:
        return False
    notification = Notification.objects.select_related("recipient").get(pk=notification_id)
    ours = Notification.objects.filter(
        pk=notification_id, email_status=EmailStatus.SENDING, email_claimed_at=now
    )
    address = notification.recipient.email
    if not address or not notification.recipient.is_active:
        ours.update(email_status=EmailStatus.NOT_NEEDED)
        return False
    body = notification.body
    if notification.url:
        body = f"{body}\n\n{settings.SITE_URL.rstrip('/')}{notification.url}"
    try:
        send_mail(
            settings.EMAIL_SUBJECT_PREFIX + notification.subject,
            body,
            settings.DEFAULT_FROM_EMAIL,
            [address],
        )
    except Exception:  # whatever the mail server answered: count it, retry later
        spent = notification.email_attempts >= MAX_EMAIL_ATTEMPTS
        ours.update(email_status=EmailStatus.FAILED if spent else EmailStatus.PENDING)
        logger.exception(
            "e-mail for notification %s failed (attempt %d)",
            notification_id,
            notification.email_attempts,
        )
        return False
    ours.update(email_status=EmailStatus.SENT, emailed_at=timezone.now())
    return True


def release_stale_claims(*, now=None):
    """Hand out again the e-mails a dead worker claimed and never finished.

    Side effects: a claim older than ``STALE_CLAIM_AFTER`` goes back to
    pending, or to failed when its attempts are spent. Returns how many.
    """
    stale = Notification.objects.filter(
        email_status=EmailStatus.SENDING,
        email_claimed_at__lt=(now or timezone.now()) - STALE_CLAIM_AFTER,
    )
    failed = stale.filter(email_attempts__gte=MAX_EMAIL_ATTEMPTS).update(
        email_status=EmailStatus.FAILED
    )
    return failed + stale.update(email_status=EmailStatus.PENDING)


def pending_email_ids():
    """Notifications whose e-mail is still to send, oldest first, one batch."""
    return list(
        Notification.objects.filter(email_status=EmailStatus.PENDING)
        .order_by("pk")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
