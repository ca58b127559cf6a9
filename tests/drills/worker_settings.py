"""Settings of the real Celery worker a drill starts (tests/drills/test_worker_down.py).

The test settings, except that tasks go through the broker (as in production,
not run in the caller) and e-mail is written to files the drill counts. The
database and the broker come from the environment the drill passes.
"""

import os

from qinglian.settings_test import *  # noqa: F403

CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_EAGER_PROPAGATES = False
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["QINGLIAN_DRILL_MAIL_DIR"]
