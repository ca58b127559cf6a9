from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResponsibilityConfig(AppConfig):
    name = "responsibility"
    verbose_name = _("问题清单和责任清单")

    def ready(self):
        # The object rules (responsibility/rules.py) and appraisal's record kind
        # (appraisal/records.py): imported here, once every app's models are loaded.
        from responsibility import records, rules  # noqa: F401

        records.register()
