from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    """Official documents (公文): numbering, the notice layout, storage and download.

    Below the workflows: each kind's content, file name and readers are
    registered by the app whose record the document is about
    (``documents.registry.register_kind``, called from their ``ready()``).
    Above the hospital's settings: it tells them how to read and move the next
    document number (``hospital.registry.register_numbering``).
    """

    name = "documents"
    verbose_name = _("公文")

    def ready(self):
        # Imported here: numbers imports models, loadable only once every app is registered.
        from documents import numbers
        from hospital.registry import register_numbering

        register_numbering(
            last_issued=numbers.last_issued,
            set_next=numbers.document_number_set_next,
            spell=numbers.spell,
        )
