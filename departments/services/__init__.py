"""The departments app's writes: the roster files (``roster``) and appointments to posts
(``appointments``) and a unit's lifetime: set up, closed or merged (``lifetime``)."""

from .appointments import appoint, appointment_remove, posts_end_on_leaving, posts_end_on_move
from .lifetime import unit_close, unit_opened_on_set
from .roster import roster_import_confirm, roster_import_upload

__all__ = [
    "appoint",
    "appointment_remove",
    "posts_end_on_leaving",
    "posts_end_on_move",
    "roster_import_confirm",
    "roster_import_upload",
    "unit_close",
    "unit_opened_on_set",
]
