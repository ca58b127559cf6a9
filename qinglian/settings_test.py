"""Settings for the test suite: the production settings with fast hashing,
in-memory e-mail and Celery tasks run in the calling thread."""

import os
import tempfile

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-any-deployment-0123456789abcdef")
os.environ.setdefault("QINGLIAN_VAR_DIR", tempfile.mkdtemp(prefix="qinglian-test-"))
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")

from .settings import *  # noqa: F403
from .settings import CACHES, REDIS_URL, STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
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
    # Tests share the Redis with nothing else, but keep their keys apart anyway.
    CACHES = {"default": {**CACHES["default"], "KEY_PREFIX": "qinglian-test"}}
LOGGING = {"version": 1, "disable_existing_loggers": False}

# A test-only workflow app (tests/workflow_app) proving core.workflow; it has
# no migrations, so it exists only in the test database.
INSTALLED_APPS = [*INSTALLED_APPS, "tests.workflow_app"]  # noqa: F405
