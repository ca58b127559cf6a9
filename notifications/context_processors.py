from . import selectors


def unread_count(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Lazy: only pages that render the navigation pay for the query.
    return {"unread_notifications": lambda: selectors.unread_count(user)}
