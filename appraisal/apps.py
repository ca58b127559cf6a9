from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppraisalConfig(AppConfig):
    name = "appraisal"
    verbose_name = _("评选与申报")

    def ready(self):
        # Register this app's official documents (content, file names, readers).
        # Imported here: it imports models, loadable only once every app is registered.
        from appraisal import documents, firstrun, ranking

        documents.register()
        # Its first-run step (core.firstrun): the first campaign.
        firstrun.register()
        # The kept rankings are renewed when a state changes (appraisal/ranking.py).
        ranking.connect_receivers()
