from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrityConfig(AppConfig):
    name = "integrity"
    verbose_name = _("清廉台账")

    def ready(self):
        # The rules register on import; the record kinds with appraisal's hook.
        from integrity import records, rules  # noqa: F401

        records.register()
