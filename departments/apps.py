from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DepartmentsConfig(AppConfig):
    name = "departments"
    verbose_name = _("科室与人员")

    def ready(self):
        # The first-run step of the roster (core.firstrun). Imported here: it
        # reads models, loadable only once every app is registered.
        from departments import firstrun

        firstrun.register()
