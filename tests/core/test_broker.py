"""core.broker.enqueue: one try per message, and a pause after the broker refused."""

from unittest import mock

import pytest
from kombu.exceptions import OperationalError

from core import broker
from notifications.tasks import send_notification_email
from tests.drills.conftest import closed_port, through_broker


@pytest.fixture(autouse=True)
def _no_pause():
    broker._down_until.clear()
    yield
    broker._down_until.clear()


def test_enqueue_sends_once_without_publish_retries():
    with mock.patch.object(send_notification_email, "apply_async") as send:
        assert broker.enqueue(send_notification_email, [1, 2]) is True
    send.assert_called_once_with(([1, 2],), retry=False)


def test_enqueue_to_a_down_broker_returns_false_and_pauses_that_broker():
    with through_broker(f"redis://127.0.0.1:{closed_port()}/0"):
        assert broker.enqueue(send_notification_email, [1]) is False
        with mock.patch.object(send_notification_email, "apply_async") as send:
            assert broker.enqueue(send_notification_email, [2]) is False
        send.assert_not_called()


def test_enqueue_tries_again_once_the_pause_is_over(monkeypatch):
    refused = OperationalError("connection refused")
    with (
        through_broker(),
        mock.patch.object(send_notification_email, "apply_async", side_effect=refused),
    ):
        assert broker.enqueue(send_notification_email, [1]) is False
    clock = broker.time.monotonic() + broker.PAUSE_AFTER_FAILURE + 1
    monkeypatch.setattr(broker.time, "monotonic", lambda: clock)
    with through_broker(), mock.patch.object(send_notification_email, "apply_async") as send:
        assert broker.enqueue(send_notification_email, [2]) is True
    send.assert_called_once_with(([2],), retry=False)
    assert broker._down_until == {}
