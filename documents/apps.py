from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    """Official documents (公文): numbering, the notice layout, storage and download.

    Below the workflows: each kind's content, file name and readers are
    registered by the app whose record the document is about
    (``documents.registry.register_kind``, called from their ``ready()``).
    """

    name = "documents"
    verbose_name = _("公文")
