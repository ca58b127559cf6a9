from django.apps import AppConfig


class AppraisalConfig(AppConfig):
    name = "appraisal"
    verbose_name = "评选与申报"
