from .models import Notification


def unread_count(user):
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def inbox(user):
    """The user's notifications, newest first, with only what the inbox shows."""
    return (
        Notification.objects.filter(recipient=user)
        .only("pk", "subject", "body", "url", "created_at", "read_at")
        .order_by("-created_at", "-pk")
    )
