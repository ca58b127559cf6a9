"""The publicity board's cache: the page is cached, and cleared when its list changes.

Two layers: the board's data (``BOARD_CACHE_KEY``) and its rendered content,
one copy per language and for readers signed in or not
(``board_html_key``), kept at most a minute so the time left stays true to
the minute. ``board_changed`` clears both, and renews ``BOARD_VERSION_KEY``,
under which the whole page is kept for readers who see it alike
(``qinglian.pages.shared_page``).
"""

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from core.cache import renew_now

BOARD_CACHE_KEY = "publicity:board"
BOARD_VERSION_KEY = "publicity:board-version"


def board_html_key(language, signed_in):
    return f"{BOARD_CACHE_KEY}:html:{language}:{int(bool(signed_in))}"


def board_cache_keys():
    return [
        BOARD_CACHE_KEY,
        *(
            board_html_key(code, signed_in)
            for code, _ in settings.LANGUAGES
            for signed_in in (0, 1)
        ),
    ]


def board_changed():
    """Clear the board's cache once the caller's transaction commits.

    Every service that changes what the board shows (a publicity opened or
    closed, a department taken off the list, its notice rendered) calls this.
    """
    transaction.on_commit(board_cache_clear)


def board_cache_clear():
    """Forget every kept copy of the board now: its data, its content and its pages."""
    cache.delete_many(board_cache_keys())
    renew_now(BOARD_VERSION_KEY)
