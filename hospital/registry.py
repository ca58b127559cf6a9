"""Two hooks for the apps above this one (docs/architecture.md, "Layers").

* ``register_numbering``: the documents app keeps the running numbers
  (``documents.DocumentNumber``) and tells this app how to read and move the
  next number of a prefix and year, so the settings page shows and edits it
  in the same form, and the same transaction, as the prefix.
* ``on_change``: a callback run inside the transaction that changes the
  settings (publicity clears the board's cache with it, on commit).
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Numbering:
    """``last_issued(prefix=, year=)``: the last number taken (0: none yet).
    ``set_next(prefix=, year=, next_number=)``: the next number to take, refused
    with a ``DomainError`` if a number at or above it was taken already. Both run
    inside the caller's transaction. ``spell(prefix=, year=, number=)``: the
    number as printed, 院党〔2026〕12号."""

    last_issued: Callable[..., int]
    set_next: Callable[..., None]
    spell: Callable[..., str]


_numbering: list[Numbering] = []
_listeners: list[Callable[[], None]] = []


def register_numbering(*, last_issued, set_next, spell):
    """Register the document numbers (``DocumentsConfig.ready``); once."""
    _numbering[:] = [Numbering(last_issued=last_issued, set_next=set_next, spell=spell)]


def numbering():
    """The registered document numbers, or None (then the page shows no next number)."""
    return _numbering[0] if _numbering else None


def on_change(callback):
    """Call ``callback()`` inside every transaction that changes the settings."""
    if callback not in _listeners:
        _listeners.append(callback)


def settings_changed():
    for callback in _listeners:
        callback()
