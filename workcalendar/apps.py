from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkcalendarConfig(AppConfig):
    name = "workcalendar"
    verbose_name = _("工作日历")

    def ready(self):
        # The first-run step of the calendar (core.firstrun). Imported here: it
        # reads models, loadable only once every app is registered.
        from workcalendar import firstrun

        firstrun.register()
