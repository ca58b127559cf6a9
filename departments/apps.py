from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.firstrun import register_step


class DepartmentsConfig(AppConfig):
    name = "departments"
    verbose_name = _("科室与人员")

    def ready(self):
        from .firstrun import STEP

        register_step(STEP)
