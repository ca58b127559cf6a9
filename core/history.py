"""Who made a change, for django-simple-history.

Changes made during a request are credited to ``request.user`` by
``HistoryRequestMiddleware``. A service is also called from tasks, commands
and the admin, and knows who acts (its ``by`` argument), so it says so
explicitly before saving.
"""

# simple-history's default change reason column is CharField(max_length=100).
CHANGE_REASON_MAX_LENGTH = 100


def changed_by(instance, *, by, reason=""):
    """Credit the next save of ``instance`` to ``by`` (None: the system), with ``reason``.

    Returns ``instance``, so a service can write ``changed_by(person, by=by).save(...)``.
    """
    instance._history_user = by
    if reason:
        instance._change_reason = reason[:CHANGE_REASON_MAX_LENGTH]
    return instance
