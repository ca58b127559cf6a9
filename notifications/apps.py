from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = pgettext_lazy("plural", "通知")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from .models import Notification
        from .selectors import notification_changed

        post_save.connect(notification_changed, sender=Notification, dispatch_uid="unread-save")
        post_delete.connect(notification_changed, sender=Notification, dispatch_uid="unread-del")
