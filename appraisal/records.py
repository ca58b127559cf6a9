"""What appraisal learns from the year-round records, which sit above it.

A department's records of the year (commitments, talks, study sessions, risk
points, closed ledger items …, docs/yearwork.md) are the evidence its
application draws on. The apps that keep them (integrity, risks, supervision,
reports) sit above appraisal, so each hands appraisal its *record kinds* once,
from its ``AppConfig.ready()``, with ``register_record_kind``: appraisal never
imports them.

A record kind answers, for many units and a year at once, one
``RecordSummary`` per unit: a line a reviewer reads, the figures behind it (JSON,
what a computed criterion reads) and where the records are. An application
attaches a summary as it is at that moment: the snapshot is kept in appraisal,
so a record changed afterwards does not change what was submitted.

Until an app registers its kinds (not installed), there is nothing to attach.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

_kinds = {}


@dataclass(frozen=True)
class RecordItem:
    """One record listed under a summary (a session, a risk point …)."""

    label: str
    date: str = ""  # ISO date, or "" when the record has none
    url: str = ""


@dataclass(frozen=True)
class RecordSummary:
    """What a unit's records of one kind in one year come to.

    ``text`` is the line a reviewer reads (e.g. "已签 42/42 人（100%）");
    ``figures`` the numbers behind it, JSON-serialisable, named as the kind's
    ``figures`` name them; ``url`` the page of these records (readable by whom the
    recording app's rules allow); ``items`` at most a few rows to show beneath.
    """

    kind: str
    text: str
    figures: dict = field(default_factory=dict)
    url: str = ""
    items: tuple[RecordItem, ...] = ()

    def as_snapshot(self):
        """The JSON appraisal keeps when the summary is attached."""
        return {
            "kind": self.kind,
            "text": self.text,
            "figures": dict(self.figures),
            "url": self.url,
            "items": [
                {"label": item.label, "date": item.date, "url": item.url} for item in self.items
            ],
        }


@dataclass(frozen=True)
class RecordKind:
    """A kind of record an app keeps through the year.

    ``key`` is stable ("integrity.commitments"): criteria name the kinds they accept
    by it. ``summarize(units, year)`` returns ``{unit pk: RecordSummary}`` for every
    unit given, in a number of queries that does not grow with the units.
    ``figures`` maps each figure's name to its label, for the pages that explain
    what a figure is.
    """

    key: str
    label: str
    summarize: Callable[[Iterable, int], dict]
    figures: dict = field(default_factory=dict)
    order: int = 100


def register_record_kind(kind):
    """Called from the recording app's ``ready()``; registering a key twice replaces it."""
    _kinds[kind.key] = kind


def record_kinds():
    """The registered kinds, in their order (then by key)."""
    return sorted(_kinds.values(), key=lambda kind: (kind.order, kind.key))


def record_kind(key):
    """The kind registered under ``key``, or None."""
    return _kinds.get(key)


def record_summaries(units, year, *, keys=None):
    """``{unit pk: [RecordSummary]}`` of the registered kinds (only ``keys`` when
    given), in the kinds' order: what each unit's records of ``year`` come to."""
    units = list(units)
    answer = {unit.pk: [] for unit in units}
    for kind in record_kinds():
        if keys is not None and kind.key not in keys:
            continue
        summaries = kind.summarize(units, year)
        for unit in units:
            summary = summaries.get(unit.pk)
            if summary is not None:
                answer[unit.pk].append(summary)
    return answer
