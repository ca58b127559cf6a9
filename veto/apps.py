from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VetoConfig(AppConfig):
    name = "veto"
    verbose_name = _("否决性指标与动态管理")

    def ready(self):
        # Register this app's official documents (content, file names, readers).
        # Imported here: it imports models, loadable only once every app is registered.
        from appraisal.vetoes import register_veto_rules
        from veto import documents, selectors

        documents.register()
        # Appraisal's hook: a unit barred by a veto cannot apply (appraisal/vetoes.py).
        register_veto_rules(
            application_block=selectors.application_block,
            veto_reasons_for=selectors.veto_reasons_for,
        )
