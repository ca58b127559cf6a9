"""The model backend, with each user's permissions kept in the cache between requests.

Every page's navigation asks what the signed-in user may do; Django's model
backend answers with two queries per request (the user's own grants and
their groups'). The answer changes only when an administrator changes a
role, a membership or a grant, or a user row, so it is kept in the cache
(``core.cache.kept``): under one version for all users, renewed by any change
of groups, memberships or grants, and one per user, renewed when that user
row changes (``accounts.signals``). ``PERMISSIONS_CACHE_SECONDS`` is the
longest a change can go unseen when the cache could not be told.

Object permissions (django-guardian) and inactive or anonymous users are not
cached here: the model backend grants them nothing.
"""

import hashlib

from django.contrib.auth.backends import ModelBackend

from core.cache import kept, renew

PERMISSIONS_VERSION_KEY = "accounts:permissions-version"
PERMISSIONS_CACHE_SECONDS = 60


def _user_version_key(user_pk):
    return f"accounts:permissions-version:{user_pk}"


def permissions_changed():
    """Every user's kept permissions are stale once the current transaction commits."""
    renew(PERMISSIONS_VERSION_KEY)


def user_permissions_changed(user_pk):
    """One user's kept permissions are stale once the current transaction commits."""
    renew(_user_version_key(user_pk))


def permissions_digest(user_obj, permissions):
    """What the navigation's links depend on, as a short key: the staff flag and
    the permissions (``accounts.context_processors.navigation_key``)."""
    text = "\n".join((str(user_obj.is_staff), *sorted(permissions)))
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


class CachedPermissionsBackend(ModelBackend):
    def get_all_permissions(self, user_obj, obj=None):
        if obj is not None or not user_obj.is_active or user_obj.is_anonymous:
            return super().get_all_permissions(user_obj, obj)
        if not hasattr(user_obj, "_perm_cache"):
            user_obj._perm_cache = self._kept_permissions(user_obj)
        return user_obj._perm_cache

    def _kept_permissions(self, user_obj):
        compute = super().get_all_permissions

        def read():
            permissions = frozenset(compute(user_obj))
            return permissions, permissions_digest(user_obj, permissions)

        # The digest is kept beside them: every page's navigation asks for it.
        permissions, user_obj._permissions_digest = kept(
            f"accounts:permissions:{user_obj.pk}",
            (PERMISSIONS_VERSION_KEY, _user_version_key(user_obj.pk)),
            read,
            PERMISSIONS_CACHE_SECONDS,
        )
        return permissions
