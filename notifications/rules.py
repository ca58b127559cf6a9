"""Whose notification is whose: a notification is its recipient's alone.

Nobody else reads it or marks it read, whatever their role (the admin shows the
rows read-only to the technical administrators, for the e-mail outbox).
Pages work on many notifications at once, so they use the same rule as a
query, ``own_notifications(user)``; ``notifications.read_notification`` states
it for one notification.
"""

import rules

from notifications.models import Notification

READ = "notifications.read_notification"


@rules.predicate
def is_recipient(user, notification):
    """``notification`` was sent to ``user``."""
    return (
        notification is not None
        and user is not None
        and user.is_authenticated
        and notification.recipient_id == user.pk
    )


def own_notifications(user):
    """The notifications ``user`` may read and mark read: theirs (``is_recipient`` as a query)."""
    if user is None or not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user)


rules.add_perm(READ, is_recipient)
