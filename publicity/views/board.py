"""The publicity board (公示栏): the current publicity and the archive.

The list is read from the cache (``BOARD_CACHE_KEY``, cleared on commit by
every service that changes it), the content is rendered from it at most once
a minute per language and sign-in state (the time left is shown to the
minute and never past a deadline), and the page around it once per
navigation (``qinglian.pages.shared_page``). Every logged-in user may read it; with
``PUBLICITY_BOARD_PUBLIC`` (read per request) anyone on the intranet may.
"""

import datetime
from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from hospital.selectors import title_label
from publicity import selectors
from publicity.enums import PublicityState
from publicity.models import Publicity
from publicity.services.board import BOARD_CACHE_KEY, BOARD_VERSION_KEY, board_html_key
from qinglian.pages import shared_page

# A safety net: every change clears the cache on commit anyway.
BOARD_CACHE_SECONDS = 300
BOARD_HTML_SECONDS = 60


def board_reader(view):
    """Logged-in users; everyone when the board is public on the intranet."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not (settings.PUBLICITY_BOARD_PUBLIC or request.user.is_authenticated):
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapped


def time_left(ends_at, now):
    """What remains of a period, as a person reads it: 剩余 2 天 5 小时 / 已截止."""
    seconds = int((ends_at - now).total_seconds())
    if seconds <= 0:
        return _("已截止")
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = max(1, rest // 60) if not (days or hours) else rest // 60
    if days:
        return _("剩余 %(days)s 天 %(hours)s 小时") % {"days": days, "hours": hours}
    if hours:
        return _("剩余 %(hours)s 小时 %(minutes)s 分钟") % {"hours": hours, "minutes": minutes}
    return _("剩余 %(minutes)s 分钟") % {"minutes": minutes}


def objection_url(publicity_pk):
    return reverse("publicity:objection_new", args=[publicity_pk])


def starts_at(entry):
    """00:00 Asia/Shanghai of the day the list is posted (as accepts_objections)."""
    return timezone.make_aware(datetime.datetime.combine(entry["starts_on"], datetime.time.min))


def _for_request(entry, now):
    """The cached entry plus what depends on the moment and the language of the page.

    Before its first day the period has not started: the board says when it
    starts and offers no objection (the objection page refuses too)."""
    not_started = entry["state"] == PublicityState.OPEN and now < starts_at(entry)
    is_open = entry["state"] == PublicityState.OPEN and entry["ends_at"] > now and not not_started
    return {
        **entry,
        "state_label": _("尚未开始") if not_started else PublicityState(entry["state"]).label,
        "is_open": is_open,
        "not_started": not_started,
        "time_left": time_left(entry["ends_at"], now),
        "objection_url": objection_url(entry["pk"]) if is_open else "",
    }


def board_cached():
    data = cache.get(BOARD_CACHE_KEY)
    if data is None:
        data = selectors.board_data()
        cache.set(BOARD_CACHE_KEY, data, BOARD_CACHE_SECONDS)
    return data


def board_content(*, signed_in, now):
    """The board's content as HTML: the current publicities and the archive."""
    data = board_cached()
    current = [_for_request(entry, now) for entry in data["current"]]
    if signed_in and current:
        notices = selectors.publicity_notices([entry["pk"] for entry in current])
        for entry in current:
            entry["notice"] = notices.get(entry["pk"])
    return render_to_string(
        "publicity/partials/board_content.html",
        {
            "current": current,
            "archive": [_for_request(entry, now) for entry in data["archive"]],
            "title_wording": title_label(),
        },
    )


def board_seconds(now):
    """How long a rendered copy may be kept: a minute at most (the time left is
    shown to the minute), and never past the next deadline, so a period ends
    on the board when it ends."""
    seconds = BOARD_HTML_SECONDS
    for entry in board_cached()["current"]:
        for moment in (starts_at(entry), entry["ends_at"]):
            if moment > now:
                seconds = min(seconds, int((moment - now).total_seconds()) + 1)
    return seconds


@board_reader
def board(request):
    """The board holds a crowd: its content is rendered once a minute, not per
    reader, and the page around it once per navigation (qinglian.pages)."""
    signed_in = request.user.is_authenticated

    def build():
        # The page is kept no longer than the content it shows.
        now = timezone.now()
        key = board_html_key(get_language(), signed_in)
        html, expires = cache.get(key) or (None, None)
        if html is None:
            html = board_content(signed_in=signed_in, now=now)
            seconds = board_seconds(now)
            expires = now.timestamp() + seconds
            cache.set(key, (html, expires), seconds)
        seconds = max(1, int(expires - now.timestamp()))
        # Rendered by our own template (board_content).
        return {"board_content": mark_safe(html)}, seconds  # noqa: S308

    return shared_page(
        request, "publicity/board.html", build, name="board", version_keys=(BOARD_VERSION_KEY,)
    )


@board_reader
def publicity_detail(request, pk):
    publicity = get_object_or_404(Publicity.objects.select_related("campaign"), pk=pk)
    entry = _for_request(selectors.publicity_entry(publicity), timezone.now())
    if request.user.is_authenticated:
        entry["notice"] = selectors.publicity_notices([publicity.pk]).get(publicity.pk)
    return render(
        request,
        "publicity/publicity_detail.html",
        {
            "p": entry,
            "events": publicity.events.order_by("at", "pk"),
            "title_wording": title_label(),
        },
    )
