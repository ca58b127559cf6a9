"""Settings of the gunicorn and Celery processes that ``benchmarks.load`` starts.

The production settings (DEBUG off, read from the environment the benchmark
runner set: plain HTTP through SECURE_SSL_REDIRECT=false and
SECURE_COOKIES=false) with three changes a load test on 127.0.0.1 needs:

- ROOT_URLCONF adds ``/bench/minimal/`` beside the product's URLs, so the
  minimal Django response is not a product URL (the permission matrix test
  only knows qinglian.urls; nothing in tests/ imports this package);
- ALLOWED_HOSTS is the loopback address the load generator uses;
- static files are referred to without the collectstatic manifest, as in
  the runner's own process (compressing every asset takes ~35 s per run);
  the load generator fetches pages, not assets.
"""

from qinglian.settings import *  # noqa: F403 - the production settings, three changes below

ROOT_URLCONF = "benchmarks.load.urls"
ALLOWED_HOSTS = ["127.0.0.1"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
