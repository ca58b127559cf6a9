from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = _("调研指导与整改台账")

    def ready(self):
        # Appraisal's hook: the ledger items become a record kind an application
        # attaches (appraisal/records.py). Imported here: it imports models.
        from supervision import records

        records.register()
