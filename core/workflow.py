"""One way to move a record through its state machine, with its event row.

A service calls ``apply_transition`` inside its own ``transaction.atomic``: the
record is locked, the django-fsm transition runs (django-fsm checks its source
state and conditions), the changed fields are saved by name and the decision
event is written. Side effects are the caller's, enqueued with
``transaction.on_commit``.

A condition of a ``@transition`` may carry a ``message`` attribute (a Chinese
sentence marked with ``gettext_lazy``, since it is set at import time); it is
what the person reads, in the language of their page, when that condition is
not met.
"""

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_fsm import can_proceed

from core.errors import DomainError, StaleStateError
from core.history import changed_by

UNMET_CONDITION = _("当前情况下不能执行该操作。")


def lock(instance):
    """Reload ``instance`` from the database under a row lock."""
    return type(instance)._default_manager.select_for_update().get(pk=instance.pk)


def _refuse(locked, method, state_field):
    """Raise the error that says why ``method`` cannot run on ``locked``."""
    if not can_proceed(method, check_conditions=False):
        display = getattr(locked, f"get_{state_field}_display", None)
        raise StaleStateError(current=display() if display else getattr(locked, state_field))
    meta = method._django_fsm
    for condition in meta.get_transition(meta.field.get_state(locked)).conditions:
        if not condition(locked):
            raise DomainError(getattr(condition, "message", UNMET_CONDITION))
    raise DomainError(UNMET_CONDITION)  # pragma: no cover - can_proceed said no for a reason


def apply_transition(
    *,
    instance,
    transition,
    by,
    event_model,
    reason="",
    state_field="state",
    update_fields=(),
    actor_argument=None,
    **transition_kwargs,
):
    """Run the transition method named ``transition`` on a locked copy of ``instance``.

    Returns the locked, saved copy (``instance`` itself is left as it was).
    Raises ``StaleStateError`` (message in Chinese, naming the current state)
    when the record is no longer in a state that allows the transition,
    typically because someone else acted first; ``DomainError`` when a
    condition of the transition is not met.

    ``actor_argument`` names the transition's own argument that records who
    acted (``Campaign.confirm(by=...)``): it receives ``by``, which cannot be
    passed among ``transition_kwargs`` since it is this function's own.

    Side effects: saves ``state_field`` plus ``update_fields`` (credited to
    ``by`` in the model's history, if it keeps one); writes one ``event_model``
    row (subject, actor, transition, from, to, reason).
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("apply_transition must run inside transaction.atomic")
    locked = lock(instance)
    method = getattr(locked, transition)
    if not can_proceed(method):
        _refuse(locked, method, state_field)
    from_state = getattr(locked, state_field)
    if actor_argument:
        transition_kwargs[actor_argument] = by
    method(**transition_kwargs)
    changed_by(locked, by=by, reason=transition)
    locked.save(update_fields=[state_field, *update_fields])
    event_model.objects.create(
        subject=locked,
        actor=by,
        transition=transition,
        from_state=from_state,
        to_state=getattr(locked, state_field),
        reason=reason,
    )
    return locked
