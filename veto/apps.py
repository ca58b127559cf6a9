from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VetoConfig(AppConfig):
    name = "veto"
    verbose_name = _("否决性指标与动态管理")
