from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("公共")

    def ready(self):
        # Beat's heartbeat listens to Celery's signals (core/beat.py).
        from core import beat  # noqa: F401
