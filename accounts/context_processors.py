from accounts.backends import permissions_digest


def navigation_key(user):
    """What the navigation's links depend on: signed in, the staff flag and the
    permissions. Users with the same key see the same links."""
    if not user.is_authenticated:
        return "anonymous"
    permissions = user.get_all_permissions()
    # Kept with the permissions by accounts.backends.CachedPermissionsBackend.
    return getattr(user, "_permissions_digest", None) or permissions_digest(user, permissions)


def navigation(request):
    """``navigation_key``: what the role links of the navigation depend on, so
    users who may do the same things share one rendered copy of them
    (``{% cache %}`` in base.html). Lazy: computed only when a page renders
    the navigation."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"navigation_key": lambda: navigation_key(user)}
