"""Writes about a user's own account."""

from django.db import transaction


@transaction.atomic
def password_change(*, user, new_password):
    """Set ``user``'s password to one they chose.

    Side effects: the password hash (default hasher); ``must_change_password``
    cleared, so the forced change (``accounts.middleware``) lets them go on.
    """
    user.set_password(new_password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    return user
