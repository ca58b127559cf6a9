from django.conf import settings
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django_htmx.http import HttpResponseClientRedirect

# What a user who must change their password may still reach.
ALLOWED_URL_NAMES = frozenset(
    {
        "accounts:logout",
        "accounts:password_change",
        "accounts:password_changed",
        "health",
        "set_language",
    }
)


class ForcePasswordChangeMiddleware:
    """Sends a signed-in user whose password was set by someone else (an account
    slip, a reset: ``User.must_change_password``) to the password change page
    until they choose their own. Listed after AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.must_change_password
            and not self._allowed(request.path_info)
        ):
            target = reverse("accounts:password_change")
            # Runs before django-htmx's middleware: the header itself says htmx asked.
            if request.headers.get("HX-Request") == "true":
                return HttpResponseClientRedirect(target)
            return redirect(target)
        return self.get_response(request)

    @staticmethod
    def _allowed(path):
        static = settings.STATIC_URL or "/static/"
        if not static.startswith("/"):
            static = "/" + static
        if path.startswith(static):
            return True
        try:
            match = resolve(path)
        except Resolver404:
            return True  # a 404 is a 404 for everyone
        return match.view_name in ALLOWED_URL_NAMES
