from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RisksConfig(AppConfig):
    name = "risks"
    verbose_name = _("廉政风险点与重点岗位")

    def ready(self):
        # The object rules (risks/rules.py) and appraisal's record kinds
        # (appraisal/records.py): imported here, once every app's models are loaded.
        from risks import records, rules  # noqa: F401

        records.register()
