from django.apps import AppConfig


class VetoConfig(AppConfig):
    name = "veto"
    verbose_name = "否决性指标与动态管理"
