from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicityConfig(AppConfig):
    name = "publicity"
    verbose_name = _("公示与表扬")

    def ready(self):
        # Register this app's official documents (content, file names, readers).
        # Imported here: it imports models, loadable only once every app is registered.
        from hospital.registry import on_change
        from publicity import documents
        from publicity.services.board import board_changed

        documents.register()
        # The board prints the title's wording: a change of the settings clears its cache.
        on_change(board_changed)
