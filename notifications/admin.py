from django.contrib import admin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("created_at", "recipient", "subject", "read_at", "email_status")
    list_filter = ("email_status",)
    search_fields = ("subject", "recipient__username")
    readonly_fields = [f.name for f in Notification._meta.fields]
