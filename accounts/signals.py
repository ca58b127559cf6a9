"""Login audit: every success, failure, logout and lockout becomes a LoginEvent; and the
receivers that tell the permissions cache (``accounts.backends``) of a change."""

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from core.middleware import mark_session_refreshed

from .backends import permissions_changed, user_permissions_changed
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


# --- the permissions kept in the cache (accounts.backends) ------------------------


def _grants_changed(sender, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        permissions_changed()


def _group_or_permission_changed(sender, **kwargs):
    permissions_changed()


def _user_changed(sender, instance, **kwargs):
    user_permissions_changed(instance.pk)


def connect_permission_signals():
    from django.contrib.auth.models import Group, Permission

    user_model = get_user_model()
    for through in (
        user_model.groups.through,
        user_model.user_permissions.through,
        Group.permissions.through,
    ):
        m2m_changed.connect(_grants_changed, sender=through, dispatch_uid=f"grants-{through}")
    for model in (Group, Permission):
        post_save.connect(_group_or_permission_changed, sender=model, dispatch_uid=f"perm-{model}")
        post_delete.connect(
            _group_or_permission_changed, sender=model, dispatch_uid=f"perm-del-{model}"
        )
    post_save.connect(_user_changed, sender=user_model, dispatch_uid="perm-user")
    post_delete.connect(_user_changed, sender=user_model, dispatch_uid="perm-user-del")
