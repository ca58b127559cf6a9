from .roles import Role, user_roles


def roles(request):
    """``roles`` (the set of role values) and ``Role`` for navigation by role."""
    user = getattr(request, "user", None)
    return {"roles": user_roles(user) if user is not None else frozenset(), "Role": Role}
