from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, load_backend
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
    until they choose their own. Listed after AuthenticationMiddleware.

    A session signed in by a backend that checks the password elsewhere (the
    hospital's directory: ``checks_password_elsewhere`` on the backend) is not
    stopped: its user proved the directory's password, not the slip's, and the
    local password is theirs to keep or change when they sign in locally."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.must_change_password
            and not self._signed_in_elsewhere(request)
            and not self._allowed(request.path_info)
        ):
            target = reverse("accounts:password_change")
            # Runs before django-htmx's middleware: the header itself says htmx asked.
            if request.headers.get("HX-Request") == "true":
                return HttpResponseClientRedirect(target)
            return redirect(target)
        return self.get_response(request)

    @staticmethod
    def _signed_in_elsewhere(request):
        path = request.session.get(BACKEND_SESSION_KEY)
        if not path or path not in settings.AUTHENTICATION_BACKENDS:
            return False
        return getattr(load_backend(path), "checks_password_elsewhere", False)

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
