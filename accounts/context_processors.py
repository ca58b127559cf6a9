from qinglian.pages import navigation_key


def navigation(request):
    """``navigation_key``: what the role links of the navigation depend on, so
    users who may do the same things share one rendered copy of them
    (``{% cache %}`` in base.html). Lazy: computed only when a page renders
    the navigation."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"navigation_key": lambda: navigation_key(user)}
