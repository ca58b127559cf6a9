from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalysisConfig(AppConfig):
    name = "analysis"
    verbose_name = _("形势分析研判")

    def ready(self):
        # The documents app's hook: an issued report's PDF is a stored document
        # (documents/registry.py). Imported here: it imports models.
        from analysis import documents

        documents.register()
