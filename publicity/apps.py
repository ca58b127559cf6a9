from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicityConfig(AppConfig):
    name = "publicity"
    verbose_name = _("公示与表扬")

    def ready(self):
        # Register this app's official documents (content, file names, readers).
        # Imported here: it imports models, loadable only once every app is registered.
        from publicity import documents

        documents.register()
