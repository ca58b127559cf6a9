"""Settings for the test suite: the production settings with fast hashing,
in-memory e-mail and Celery tasks run in the calling thread.

The suite runs in parallel (pytest-xdist, ``make test``): each worker process
(PYTEST_XDIST_WORKER, "gw0", "gw1"...) has a test database of its own
(pytest-django adds the worker to its name), a folder of its own (media, the
filesystem broker), cache keys and a Celery queue of its own, so no worker
sees, clears or consumes what another one wrote. A process a test starts
(the drills' Celery worker) inherits the environment and so lands on the
same folder, keys and queue as the test.
"""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-any-deployment-0123456789abcdef")
os.environ.setdefault("QINGLIAN_VAR_DIR", tempfile.mkdtemp(prefix="qinglian-test-"))
XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if XDIST_WORKER and Path(os.environ["QINGLIAN_VAR_DIR"]).name != XDIST_WORKER:
    # The workers inherit the folder pytest's main process made: one each under it.
    os.environ["QINGLIAN_VAR_DIR"] = str(Path(os.environ["QINGLIAN_VAR_DIR"]) / XDIST_WORKER)
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")

from .settings import *  # noqa: E402, F403 (the environment above is read on import)
from .settings import CACHES, DATABASES, REDIS_URL, STORAGES  # noqa: E402

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "accounts.hashers.InitialPasswordHasher",
]
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The test databases are thrown away at the end: a commit need not wait until
    # PostgreSQL has flushed its WAL to disk (each migration of each worker's database,
    # each transactional test's commits and flush). What a commit makes visible, and
    # when, and every lock, are as in production; only a crash could lose a commit.
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = f"{_options.get('options', '')} -c synchronous_commit=off".strip()
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
if not REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    # The workers of one run share the Redis database REDIS_URL names: each keeps
    # its keys under a prefix of its own and clears only those (tests/cache.py).
    CACHES = {
        "default": {
            **CACHES["default"],
            "BACKEND": "tests.cache.PrefixClearedRedisCache",
            "KEY_PREFIX": "-".join(filter(None, ["qinglian-test", XDIST_WORKER])),
        }
    }
# Tasks sent to a real broker (the worker drill) go to this worker's queue only.
CELERY_TASK_DEFAULT_QUEUE = "-".join(filter(None, ["celery", XDIST_WORKER]))
LOGGING = {"version": 1, "disable_existing_loggers": False}

# A test-only workflow app (tests/workflow_app) proving core.workflow; it has
# no migrations, so it exists only in the test database.
INSTALLED_APPS = [*INSTALLED_APPS, "tests.workflow_app"]  # noqa: F405
