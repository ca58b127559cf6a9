"""What the failure drills share: taking the broker (and the cache) away and back."""

import contextlib
import socket

from django.conf import settings
from django.test import override_settings

from qinglian.celery import app as celery_app


def closed_port():
    """A local TCP port nothing listens on (bound, then released at once)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def through_broker(broker_url=None):
    """Tasks are sent to the broker instead of running in the caller (the test
    settings run them eagerly), to the Redis at ``broker_url`` when given. The app's
    connection pools are dropped on the way in and out, so no connection to
    the other broker is reused."""
    conf = celery_app.conf
    before = {
        "task_always_eager": conf.task_always_eager,
        "broker_url": conf.broker_url,
        "broker_transport_options": conf.broker_transport_options,
    }
    conf.update(task_always_eager=False)
    if broker_url is not None:
        conf.update(
            broker_url=broker_url,
            broker_transport_options=settings.REDIS_BROKER_TRANSPORT_OPTIONS,
        )
    celery_app._pool = celery_app.amqp._producer_pool = None
    try:
        yield
    finally:
        conf.update(before)
        celery_app._pool = celery_app.amqp._producer_pool = None


@contextlib.contextmanager
def redis_down():
    """Redis is unreachable: the broker and the cache point at a closed port.

    Both, whatever the environment (the cache is Redis only when REDIS_URL is
    set; here it is Redis, down, in every run), with the product's own cache
    backend. Leaving the block is Redis coming back.
    """
    down = f"redis://127.0.0.1:{closed_port()}/0"
    cache = {
        "default": {
            "BACKEND": "core.cache.TolerantRedisCache",
            "LOCATION": down,
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
    with override_settings(CACHES=cache), through_broker(down):
        yield
