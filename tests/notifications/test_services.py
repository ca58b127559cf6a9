"""notify(): inbox rows in the caller's transaction, e-mail once after commit."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from notifications import services, tasks
from notifications.models import EmailStatus, Notification
from notifications.services import MAX_EMAIL_ATTEMPTS, STALE_CLAIM_AFTER, notify
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


class DecisionAbortedError(Exception):
    pass


def _decide_then_abort(user):
    """A decision that notifies, then fails before it commits."""
    with transaction.atomic():
        notify(recipients=[user], subject="申报已退回")
        raise DecisionAbortedError


def _email_callbacks(callbacks):
    """The callbacks that enqueue e-mail (the others renew the unread badge)."""
    return [c for c in callbacks if c.__qualname__.startswith("notify.")]


@pytest.fixture
def wang(db):
    return UserFactory(username="wangwu", email="wangwu@hospital.example")


@pytest.fixture
def zhao(db):
    return UserFactory(username="zhaoliu", email="zhaoliu@hospital.example")


def _broker_down():
    return mock.patch.object(
        tasks.send_notification_email,
        "apply_async",
        side_effect=OperationalError("connection refused"),
    )


def _pending(user):
    """A notification whose e-mail waits for the sweep: the test's transaction
    never commits, so the on-commit task is never asked."""
    return notify(recipients=[user], subject="评审安排")[0]


def test_notify_in_rolled_back_transaction_creates_and_sends_nothing(
    wang, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(DecisionAbortedError),
    ):
        _decide_then_abort(wang)
    assert callbacks == []
    assert Notification.objects.count() == 0
    assert mail.outbox == []


def test_notify_sends_nothing_before_commit(wang, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(recipients=[wang], subject="申报已退回")
    assert len(_email_callbacks(callbacks)) == 1
    assert mail.outbox == []
    assert Notification.objects.get().email_status == EmailStatus.PENDING


def test_notify_on_commit_sends_one_email_per_recipient(
    wang, zhao, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        created = notify(
            recipients=[wang, zhao], subject="申报已退回", body="请修改后重新提交。", url="/x/"
        )
    assert len(created) == 2
    assert sorted(m.to[0] for m in mail.outbox) == [
        "wangwu@hospital.example",
        "zhaoliu@hospital.example",
    ]
    message = mail.outbox[0]
    assert message.subject == "[清廉科室] 申报已退回"
    assert message.body == "请修改后重新提交。\n\nhttp://127.0.0.1:8000/x/"
    statuses = set(Notification.objects.values_list("email_status", "email_attempts"))
    assert statuses == {(EmailStatus.SENT, 1)}


def test_notify_collapses_duplicate_recipients(wang, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[wang, wang, None, wang], subject="评审安排")
    assert Notification.objects.filter(recipient=wang).count() == 1
    assert len(mail.outbox) == 1


def test_notify_skips_inactive_users(wang, zhao, django_capture_on_commit_callbacks):
    zhao.is_active = False
    zhao.save(update_fields=["is_active"])
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[wang, zhao], subject="评审安排")
    assert list(Notification.objects.values_list("recipient", flat=True)) == [wang.pk]
    assert [m.to for m in mail.outbox] == [["wangwu@hospital.example"]]


def test_notify_user_without_email_gets_inbox_row_only(
    wang, zhao, django_capture_on_commit_callbacks
):
    zhao.email = ""
    zhao.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[zhao, wang], subject="评审安排")
    assert Notification.objects.get(recipient=zhao).email_status == EmailStatus.NOT_NEEDED
    assert [m.to for m in mail.outbox] == [["wangwu@hospital.example"]]


def test_notify_with_no_emailable_recipient_enqueues_nothing(
    zhao, django_capture_on_commit_callbacks
):
    zhao.email = ""
    zhao.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notify(recipients=[zhao], subject="评审安排")
    assert _email_callbacks(callbacks) == []


def test_notify_with_broker_down_succeeds_and_sweep_sends_exactly_once(
    wang, django_capture_on_commit_callbacks
):
    with _broker_down() as delay, django_capture_on_commit_callbacks(execute=True):
        created = notify(recipients=[wang], subject="评审安排")
    assert delay.call_count == 1
    assert len(created) == 1
    assert mail.outbox == []
    assert Notification.objects.get().email_status == EmailStatus.PENDING

    assert tasks.send_pending_email() == 1
    assert tasks.send_pending_email() == 0
    assert len(mail.outbox) == 1
    assert Notification.objects.get().email_status == EmailStatus.SENT


def test_sweep_after_task_already_sent_sends_nothing(wang, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[wang], subject="评审安排")
    assert tasks.send_pending_email() == 0
    assert len(mail.outbox) == 1


def test_send_email_for_twice_sends_once(wang):
    notification = _pending(wang)
    assert services.send_email_for(notification_id=notification.pk) is True
    assert services.send_email_for(notification_id=notification.pk) is False
    assert len(mail.outbox) == 1


def _claim_left_by_dead_worker(notification, claimed_ago):
    Notification.objects.filter(pk=notification.pk).update(
        email_status=EmailStatus.SENDING,
        email_claimed_at=timezone.now() - claimed_ago,
        email_attempts=1,
    )


def test_claim_left_in_sending_is_not_retried_within_stale_window(wang):
    notification = _pending(wang)
    _claim_left_by_dead_worker(notification, STALE_CLAIM_AFTER - timedelta(minutes=1))
    assert tasks.send_pending_email() == 0
    assert mail.outbox == []
    assert Notification.objects.get().email_status == EmailStatus.SENDING


def test_claim_left_in_sending_is_retried_after_stale_window(wang):
    notification = _pending(wang)
    _claim_left_by_dead_worker(notification, STALE_CLAIM_AFTER + timedelta(minutes=1))
    assert tasks.send_pending_email() == 1
    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert (notification.email_status, notification.email_attempts) == (EmailStatus.SENT, 2)


def test_stale_claim_with_attempts_spent_is_failed_not_retried(wang):
    notification = _pending(wang)
    _claim_left_by_dead_worker(notification, STALE_CLAIM_AFTER + timedelta(minutes=1))
    Notification.objects.filter(pk=notification.pk).update(email_attempts=MAX_EMAIL_ATTEMPTS)
    assert tasks.send_pending_email() == 0
    assert mail.outbox == []
    assert Notification.objects.get().email_status == EmailStatus.FAILED


def test_failed_send_is_retried_up_to_the_limit(wang):
    notification = _pending(wang)
    with mock.patch(
        "notifications.services.send_mail", side_effect=ConnectionRefusedError("smtp down")
    ) as send:
        statuses = []
        for _ in range(MAX_EMAIL_ATTEMPTS + 2):
            tasks.send_pending_email()
            notification.refresh_from_db()
            statuses.append(notification.email_status)
    assert send.call_count == MAX_EMAIL_ATTEMPTS
    assert statuses == [EmailStatus.PENDING] * (MAX_EMAIL_ATTEMPTS - 1) + [EmailStatus.FAILED] * 3
    assert notification.email_attempts == MAX_EMAIL_ATTEMPTS


def test_failed_send_then_recovery_sends_once(wang):
    notification = _pending(wang)
    with mock.patch("notifications.services.send_mail", side_effect=OSError("smtp down")):
        tasks.send_pending_email()
    tasks.send_pending_email()
    tasks.send_pending_email()
    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert (notification.email_status, notification.email_attempts) == (EmailStatus.SENT, 2)


def test_recipient_who_lost_email_address_before_sending_is_not_emailed(wang):
    notification = _pending(wang)
    wang.email = ""
    wang.save(update_fields=["email"])
    assert tasks.send_pending_email() == 0
    assert mail.outbox == []
    notification.refresh_from_db()
    assert notification.email_status == EmailStatus.NOT_NEEDED


def test_mark_read_touches_only_the_users_own_notifications(wang, zhao):
    mine = _pending(wang)
    _pending(wang)
    theirs = _pending(zhao)
    assert services.mark_read(user=wang, notification_ids=[mine.pk, theirs.pk]) == 1
    assert services.mark_read(user=wang) == 1
    assert Notification.objects.filter(recipient=wang, read_at__isnull=True).count() == 0
    assert Notification.objects.get(pk=theirs.pk).read_at is None
