import time

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.http import HttpResponseClientRedirect

from core.errors import DomainError

REFRESHED_AT_KEY = "_refreshed_at"


class ContentSecurityPolicyMiddleware:
    """Adds the Content-Security-Policy header from settings.CONTENT_SECURITY_POLICY.

    Read at call time so a test or a deployment can change the policy without
    a restart of the import machinery.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", None)
        if policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = "; ".join(
                f"{directive} {value}" for directive, value in policy.items()
            )
        return response


def mark_session_refreshed(session):
    """A session just written (at login) counts as refreshed now."""
    session[REFRESHED_AT_KEY] = int(time.time())


class SessionIdleRefreshMiddleware:
    """Extends a signed-in session's idle timeout at most once a minute.

    Saving the session on every request (``SESSION_SAVE_EVERY_REQUEST``) is a
    database write per page view, which the publicity board cannot afford
    when the whole hospital reads it at once. The session is marked modified
    only when its last refresh is ``SESSION_REFRESH_SECONDS`` old, so the idle
    timeout runs from the last request, give or take that minute. Listed right
    after SessionMiddleware, so the session is saved after this has run.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.is_empty():
            return response
        now = int(time.time())
        last = session.get(REFRESHED_AT_KEY, 0)
        if now - last >= settings.SESSION_REFRESH_SECONDS:
            mark_session_refreshed(session)
        return response


class DomainErrorMiddleware:
    """A service's refusal (``DomainError``) reaches the person as a Chinese message, not a 500.

    The service's transaction has rolled back, so nothing changed. The person
    is sent back to the page the form was on (which now shows the latest
    state, e.g. after someone else acted first) with the message on top; an
    htmx request is told to go there too. Views may still catch a
    ``DomainError`` themselves when they can answer better (a form error).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DomainError):
            return None
        messages.error(request, exception.message)
        back = page_the_form_was_on(request)
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(back)
        return redirect(back)


def page_the_form_was_on(request):
    referer = request.headers.get("Referer", "")
    if url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return reverse("home")
