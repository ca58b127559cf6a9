from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Beat's heartbeat listens to Celery's signals (core/beat.py); it imports no model,
# so it is connected as this module loads.
from core import beat  # noqa: F401


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("公共")
