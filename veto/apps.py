from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VetoConfig(AppConfig):
    name = "veto"
    verbose_name = _("否决性指标与动态管理")

    def ready(self):
        # Register this app's official documents (content, file names, readers).
        # Imported here: it imports models, loadable only once every app is registered.
        from veto import documents

        documents.register()
