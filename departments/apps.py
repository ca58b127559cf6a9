from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.firstrun import register_step


class DepartmentsConfig(AppConfig):
    name = "departments"
    verbose_name = _("科室与人员")

    def ready(self):
        # The first-run steps (core.firstrun). Imported here: they read
        # models, loadable only once every app is registered.
        from .firstrun import APPOINTMENTS_STEP, ROSTER_STEP

        register_step(ROSTER_STEP)
        register_step(APPOINTMENTS_STEP)
