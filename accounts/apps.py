from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("账号与角色")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import language, signals  # noqa: F401 - receivers: language at sign-in, login audit
        from .roles import sync_role_groups

        # Every app's post_migrate, not only ours: permissions of apps listed
        # after accounts are created by their own post_migrate.
        post_migrate.connect(sync_role_groups, dispatch_uid="qinglian-sync-role-groups")
        signals.connect_permission_signals()
