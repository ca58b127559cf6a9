"""A page the whole hospital reads at once, rendered once for all who see it alike.

The publicity board is read by everyone in the first hour of a publicity.
Rendering base.html's navigation for every request costs far more than the
board itself, and it is the same for every reader with the same
permissions. So such a page is rendered once per language and navigation
(signed out, or the digest of the permissions that decide the links:
``navigation_key``) and kept in the cache under the page's versions
(``core.cache.kept``). What differs between two readers with the same
navigation is written into the copy as slots and filled in per request: the
CSRF token, the reader's name and the unread badge.

A request with a query string or with messages to show is rendered as usual.
"""

import functools
import hashlib

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.html import conditional_escape
from django.utils.translation import get_language

from accounts.context_processors import navigation_key
from core.cache import kept
from notifications.selectors import unread_count

BADGE_TEMPLATE = "notifications/partials/nav_badge.html"


@functools.lru_cache(maxsize=256)
def _badge(language, count):
    """The unread badge: one rendering per language and count, per process."""
    return render_to_string(BADGE_TEMPLATE, {"unread_notifications": count})


def _slot(name):
    """A placeholder no reader can type into a page: derived from the secret key,
    the same in every process that shares the cache."""
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:page-slot:{name}".encode()).hexdigest()
    return f"qlslot{name}{digest[:24]}"


class _ReaderSlot:
    """The signed-in reader as the shared copy sees them: all but the name."""

    def __init__(self, user):
        self._user = user

    def __getattr__(self, name):
        return getattr(self._user, name)

    def __str__(self):
        return _slot("name")


def shared_page(request, template, build, *, name, version_keys):
    """``template`` for ``request`` from the copy shared by readers with its navigation.

    ``build()`` returns the page's own context and how many seconds a copy may
    be kept; renewing any of ``version_keys`` (``core.cache.renew``) makes
    every copy stale.
    """
    if request.GET or len(messages.get_messages(request)):
        context, _seconds = build()
        return render(request, template, context)
    user = request.user
    signed_in = user.is_authenticated

    def render_copy():
        context, seconds = build()
        slots = {"csrf_token": _slot("csrf")}
        if signed_in:
            slots |= {"user": _ReaderSlot(user), "nav_badge_slot": _slot("badge")}
        return render_to_string(template, {**context, **slots}, request=request), seconds

    html, _seconds = kept(
        f"page:{name}:{get_language()}:{navigation_key(user)}",
        version_keys,
        render_copy,
        lambda copy: copy[1],
    )
    html = html.replace(_slot("csrf"), get_token(request))
    if signed_in:
        badge = _badge(get_language(), unread_count(user))
        html = html.replace(_slot("name"), conditional_escape(str(user))).replace(
            _slot("badge"), badge
        )
    return HttpResponse(html)
