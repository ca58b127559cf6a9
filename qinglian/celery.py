"""The Celery application.

Without REDIS_URL the broker is Celery's filesystem transport under var/, so a
laptop runs the whole product with no other service; with it, Redis.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qinglian.settings")

app = Celery("qinglian")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
