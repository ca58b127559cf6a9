"""Who may act (``require``) and fetch-and-authorise in one step (docs/architecture.md,
"Permissions").

A view asks for an object *as a user*; what the user may not see does not
exist for them (404), so ids cannot be probed.
"""

from django.http import Http404

from core.errors import DomainError


def user_may(user, perms, obj):
    """True when ``user`` holds any of ``perms`` as a model permission or as an object grant on ``obj``."""
    return any(user.has_perm(perm) or user.has_perm(perm, obj) for perm in perms)


def get_object_for_user_or_404(queryset, user, *, perms, **lookup):
    """Return the object of ``queryset`` matching ``lookup`` if ``user`` may see it, else 404.

    ``perms`` are permission names (``app_label.codename``); holding any one,
    for the model or (django-guardian) for this object, is enough.
    """
    try:
        obj = queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not user_may(user, perms, obj):
        raise Http404
    return obj


def require(user, perm, obj=None, *, message):
    """Refuse with a ``DomainError`` carrying ``message`` unless ``user`` holds ``perm``
    (for ``obj`` when given): how a service states who may call it, so the rule holds
    from a page, a task, the admin or the shell alike. Nobody signed out acts."""
    if user is None or not user.is_authenticated or not user.has_perm(perm, obj):
        raise DomainError(message)
