from core.cache import kept, renew

from .rules import own_notifications

# The badge in every page's navigation: kept in the cache, renewed by every
# change of the user's notifications (services and the model's signals).
UNREAD_CACHE_SECONDS = 300


def _unread_version_key(user_pk):
    return f"notifications:unread-version:{user_pk}"


def unread_count(user):
    return kept(
        f"notifications:unread:{user.pk}",
        (_unread_version_key(user.pk),),
        lambda: own_notifications(user).filter(read_at__isnull=True).count(),
        UNREAD_CACHE_SECONDS,
    )


def unread_changed(user_pks):
    """These users' unread counts are stale once the current transaction commits."""
    if user_pks:
        renew(*(_unread_version_key(pk) for pk in set(user_pks)))


def notification_changed(sender, instance, **kwargs):
    """A row saved or deleted one at a time (the admin, the e-mail status) may
    change a badge too; the services' bulk writes call ``unread_changed`` themselves."""
    unread_changed([instance.recipient_id])


def inbox(user):
    """The user's notifications, newest first, with only what the inbox shows."""
    return (
        own_notifications(user)
        .only("pk", "subject", "body", "url", "created_at", "read_at")
        .order_by("-created_at", "-pk")
    )
