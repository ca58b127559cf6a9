"""The departments app's writes: the roster files (``roster``) and appointments to posts
(``appointments``)."""

from .appointments import appoint, appointment_remove, posts_end_on_leaving, posts_end_on_move
from .roster import roster_import_confirm, roster_import_upload

__all__ = [
    "appoint",
    "appointment_remove",
    "posts_end_on_leaving",
    "posts_end_on_move",
    "roster_import_confirm",
    "roster_import_upload",
]
