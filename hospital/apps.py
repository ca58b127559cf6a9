from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HospitalConfig(AppConfig):
    """The hospital's own settings: its name, its issuers and their document
    numbers, the title's wording, who takes objections. On the floor of
    accounts and departments: the notices and pages above read it."""

    name = "hospital"
    verbose_name = _("医院设置")

    def ready(self):
        # Imported here: firstrun reads models, loadable only once every app is registered.
        from hospital.firstrun import register

        register()
