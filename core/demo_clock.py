"""The demo clock: with DEBUG on, the product's time can be moved forward, so a newcomer
plays the demo to its end (a publicity's deadline, a rectification's end) without waiting.

How: the clock is an offset of whole days, kept in a file under ``VAR_DIR`` so the
web server and the Celery worker (beat's sweeps) read the same one. With DEBUG on,
``install()`` (as ``core/apps.py`` is imported, before any model) makes ``django.utils.timezone.now`` return
the real time plus the offset, so every deadline, date check, ``auto_now`` and
event row of the product sees the same moved time. With DEBUG off nothing is
installed and the offset file is never read: the product runs on the real clock.

The control that moves it is ``home/demo_clock.py`` (a page in the footer and the
``demo_clock`` management command).
"""

import datetime
import time
from pathlib import Path

from django.conf import settings
from django.utils import timezone

REAL_NOW = timezone.now
OFFSET_FILE_NAME = "demo-clock-days"
# The offset is read again at most this often (seconds), so ``now()`` stays cheap.
REREAD_SECONDS = 1.0

_read = {"at": None, "days": 0}


def offset_file():
    return Path(settings.VAR_DIR) / OFFSET_FILE_NAME


def offset_days():
    """How many days the demo clock is ahead of the real one (0 when never moved)."""
    moment = time.monotonic()
    if _read["at"] is None or moment - _read["at"] >= REREAD_SECONDS:
        try:
            _read["days"] = int(offset_file().read_text(encoding="ascii").strip() or 0)
        except (FileNotFoundError, ValueError):
            _read["days"] = 0
        _read["at"] = moment
    return _read["days"]


def write_offset_days(days):
    """Keep ``days`` as the offset, for this process at once and for the others within a second."""
    path = offset_file()
    temporary = path.with_suffix(".tmp")
    temporary.write_text(str(int(days)), encoding="ascii")
    temporary.replace(path)  # atomic: another process reads the old or the new offset
    _read.update(at=time.monotonic(), days=int(days))


def demo_now():
    return REAL_NOW() + datetime.timedelta(days=offset_days())


# Written into a migration (a field's ``default=timezone.now``) under Django's own name.
demo_now.__module__ = REAL_NOW.__module__
demo_now.__qualname__ = demo_now.__name__ = REAL_NOW.__qualname__


def installed():
    return timezone.now is demo_now


def install():
    """With DEBUG on, the product's ``timezone.now`` is the demo clock's. Nothing with DEBUG off."""
    if settings.DEBUG:
        timezone.now = demo_now


def uninstall():
    timezone.now = REAL_NOW
