"""The publicity board's cache: the page is cached, and cleared when its list changes."""

from django.core.cache import cache
from django.db import transaction

BOARD_CACHE_KEY = "publicity:board"


def board_changed():
    """Clear the board's cache once the caller's transaction commits.

    Every service that changes what the board shows (a publicity opened or
    closed, a department taken off the list) calls this.
    """
    transaction.on_commit(lambda: cache.delete_many([BOARD_CACHE_KEY]))
