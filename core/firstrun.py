"""The steps of a new installation (首次使用向导), registered by the apps that own them.

A fresh installation leads its administrator through the hospital's settings,
the roster, accounts, appointments, the calendar and the first campaign. Each
step belongs to the app whose pages do the work, and that app registers it in
its ``AppConfig.ready()``; the first-run page (in ``home``, the top floor)
lists them in order. Core knows nothing of any of them, so the floors stay as
they are (docs/architecture.md).

A step answers two questions from the database: is it done, and what is done
and what is left, in a sentence the administrator reads.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class FirstRunStep:
    key: str
    order: int  # the steps are shown by this number, lowest first
    title: str  # a lazy translation: 医院设置, 导入名册…
    url_name: str  # the page where the step is done
    perm: str  # what a user needs to do it; the page shows the step's link only to them
    is_done: Callable[[], bool]
    progress: Callable[[], str]  # what is done and what is left, one or two sentences


_STEPS: dict[str, FirstRunStep] = {}


def register_step(step: FirstRunStep) -> None:
    """Register (or replace, by key) a first-run step; called from ``AppConfig.ready()``."""
    _STEPS[step.key] = step


def first_run_steps() -> list[FirstRunStep]:
    """The registered steps in their order."""
    return sorted(_STEPS.values(), key=lambda step: (step.order, step.key))
