from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.firstrun import register_step


class OnboardingConfig(AppConfig):
    name = "onboarding"
    verbose_name = _("开通账号")

    def ready(self):
        from .firstrun import ACCOUNTS_STEP

        register_step(ACCOUNTS_STEP)
