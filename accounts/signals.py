"""Login audit: every success, failure, logout and lockout becomes a LoginEvent."""

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from core.middleware import mark_session_refreshed

from .models import LoginEvent
from .security import client_ip_address


def _client(request):
    if request is None:
        return None, ""
    return client_ip_address(request), request.META.get("HTTP_USER_AGENT", "")[:300]


def _record(kind, request, username, user=None):
    address, agent = _client(request)
    LoginEvent.objects.create(
        kind=kind, username=(username or "")[:150], user=user, ip_address=address, user_agent=agent
    )


@receiver(user_logged_in)
def record_login(sender, request, user, **kwargs):
    _record(LoginEvent.Kind.SUCCESS, request, user.get_username(), user)
    if request is not None and hasattr(request, "session"):
        # The session was just written: its idle timeout runs from now.
        mark_session_refreshed(request.session)


@receiver(user_logged_out)
def record_logout(sender, request, user, **kwargs):
    if user is not None:
        _record(LoginEvent.Kind.LOGOUT, request, user.get_username(), user)


@receiver(user_login_failed)
def record_login_failure(sender, credentials, request=None, **kwargs):
    username = credentials.get("username", "")
    user = get_user_model()._default_manager.filter(username=username).first()
    _record(LoginEvent.Kind.FAILURE, request, username, user)


@receiver(user_locked_out)
def record_lockout(sender, request, username, ip_address, **kwargs):
    user = get_user_model()._default_manager.filter(username=username).first()
    _record(LoginEvent.Kind.LOCKED_OUT, request, username, user)
