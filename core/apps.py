from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Beat's heartbeat listens to Celery's signals (core/beat.py); it imports no model,
# so it is connected as this module loads.
from core import beat  # noqa: F401

from . import demo_clock

# DEBUG only: the demo clock a newcomer moves forward (core/demo_clock.py). Installed
# as this module is imported, before any model is: a field's ``default=timezone.now``
# and the migrations then hold the same function, and makemigrations sees no change.
demo_clock.install()


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("公共")
