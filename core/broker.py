"""Sending a task to the broker after commit, without holding the page when it is down.

Every task the product sends on commit has a beat sweep behind it (the
e-mail outbox, the pending documents), so a message that cannot be sent is
late, never lost. A down broker must therefore cost the page little: the
message is sent once, without kombu's publish retries, and after a failure
the same broker is not tried again for ``PAUSE_AFTER_FAILURE`` seconds in
this process, so a decision with fifty side effects does not wait fifty
times for the same refused connection.
"""

import logging
import time

from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)

PAUSE_AFTER_FAILURE = 30.0
# broker URL -> time.monotonic() until which it is not tried again.
_down_until = {}


def enqueue(task, *args):
    """Send ``task(*args)`` to the broker. Returns False when it was not sent
    (the broker is down, or was a moment ago); its sweep delivers it later."""
    conf = task.app.conf
    broker = conf.broker_url
    now = time.monotonic()
    # Run in the caller (the test settings): there is no broker to spare.
    if not conf.task_always_eager and _down_until.get(broker, 0.0) > now:
        logger.warning("broker down a moment ago; %s left for its sweep", task.name)
        return False
    try:
        task.apply_async(args, retry=False)
    except (OperationalError, OSError):
        _down_until[broker] = now + PAUSE_AFTER_FAILURE
        logger.warning("broker unreachable; %s left for its sweep", task.name, exc_info=True)
        return False
    _down_until.pop(broker, None)
    return True
