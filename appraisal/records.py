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

Pages read the summaries through ``record_summaries_kept``: each kind's answer is kept in
the cache under a *fingerprint* of the tables it reads (``RecordKind.reads``), so a page
asked again with nothing changed computes nothing (docs/yearwork.md, "Summaries kept in
the cache"). An attachment's snapshot is always computed afresh (``record_summaries``).
"""

import functools
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.core.cache import cache
from django.db import connection
from django.utils import timezone, translation
from simple_history.exceptions import NotHistoricalModelError
from simple_history.utils import get_history_model_for_model

_kinds = {}

# A change the fingerprint sees is seen at once; this only bounds how long unused answers stay.
KEPT_SECONDS = 60 * 60

_MISSING = object()


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

    ``reads`` names (``"app_label.Model"``) every model whose rows ``summarize`` reads,
    each one either kept with django-simple-history (every change writes a history row)
    or only ever added to; ``reads_settings`` returns what else it reads that can change
    (a hospital setting), as a value that joins the cache key. A kind that names no
    ``reads`` is never kept: it is computed on every read.
    """

    key: str
    label: str
    summarize: Callable[[Iterable, int], dict]
    figures: dict = field(default_factory=dict)
    order: int = 100
    reads: tuple[str, ...] = ()
    reads_settings: Callable[[], object] | None = None


def register_record_kind(kind):
    """Called from the recording app's ``ready()``; registering a key twice replaces it."""
    _kinds[kind.key] = kind


def record_kinds():
    """The registered kinds, in their order (then by key)."""
    return sorted(_kinds.values(), key=lambda kind: (kind.order, kind.key))


def record_kind(key):
    """The kind registered under ``key``, or None."""
    return _kinds.get(key)


def _chosen_kinds(keys):
    return [kind for kind in record_kinds() if keys is None or kind.key in keys]


def _by_unit(units, kinds, summaries_of):
    answer = {unit.pk: [] for unit in units}
    for kind in kinds:
        summaries = summaries_of[kind.key]
        for unit in units:
            summary = summaries.get(unit.pk)
            if summary is not None:
                answer[unit.pk].append(summary)
    return answer


def record_summaries(units, year, *, keys=None):
    """``{unit pk: [RecordSummary]}`` of the registered kinds (only ``keys`` when
    given), in the kinds' order: what each unit's records of ``year`` come to, computed
    from the records now (what an attachment's snapshot holds)."""
    units = list(units)
    kinds = _chosen_kinds(keys)
    return _by_unit(units, kinds, {kind.key: kind.summarize(units, year) for kind in kinds})


# --- kept in the cache ------------------------------------------------------------------------


@functools.cache
def _newest_row_source(label):
    """The table and column whose largest value grows with every change of ``label``'s
    rows: its history table's ``history_id``, or its own primary key (added to only)."""
    model = apps.get_model(label)
    try:
        source = get_history_model_for_model(model)
    except NotHistoricalModelError:
        source = model
    return source._meta.db_table, source._meta.pk.column


# How far below the newest row the fingerprint counts rows (see records_fingerprint).
RECENT_ROWS = 10_000


def records_fingerprint(labels):
    """``{label: "newest:recent"}`` for the models ``labels`` name, in one query: the
    newest row's id, and how many rows have an id within ``RECENT_ROWS`` of it.

    Every change of a kept model writes a history row (and an append-only model gains a
    row), so a change changes the newest id or the count. The count is there for
    PostgreSQL: transactions may commit in another order than they took their ids, so a
    row committed late can have an id below the newest one, which then stays the same.
    Such a row is one of the recent ones unless more than ``RECENT_ROWS`` ids of that
    table were taken while its transaction was open; counting only the recent rows keeps
    the count an index range of bounded size however long the table grows."""
    labels = sorted(set(labels))
    if not labels:
        return {}
    quote = connection.ops.quote_name
    parts = []
    for label in labels:
        table, column = (quote(name) for name in _newest_row_source(label))
        newest = f"(SELECT MAX({column}) FROM {table})"  # noqa: S608 - names from the models
        parts.append(newest)
        parts.append(
            f"(SELECT COUNT(*) FROM {table} WHERE {column} > {newest} - {RECENT_ROWS})"  # noqa: S608
        )
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        values = cursor.fetchone()
    return {label: f"{values[2 * n]}:{values[2 * n + 1]}" for n, label in enumerate(labels)}


def _units_digest(units):
    return hashlib.sha256(",".join(str(unit.pk) for unit in units).encode()).hexdigest()


def _kinds_parts(kinds, year):
    """What a kept answer about ``kinds`` depends on besides their tables: the year,
    today's date, the language, and each kind's key and the value of its settings."""
    parts = [str(year), timezone.localdate().isoformat(), translation.get_language() or ""]
    for kind in kinds:
        parts.append(kind.key)
        if kind.reads_settings is not None:
            parts.append(repr(kind.reads_settings()))
    return parts


def _kept_key(name, units_digest, parts, fingerprint):
    text = "|".join(
        [
            name,
            units_digest,
            *parts,
            *(f"{label}={value}" for label, value in sorted(fingerprint.items())),
        ]
    )
    return "records:" + hashlib.sha256(text.encode()).hexdigest()


def kept_answer(name, labels, units, parts, compute):
    """``compute()``, an answer about ``units``, kept in the cache under ``name``, the
    units, ``parts`` (strings: everything else the answer depends on, the day and the
    language among them when it does) and the fingerprint of the models ``labels`` name
    (``records_fingerprint``). Asked again with none of them changed: one query and one
    read of the cache. The fingerprint is read before computing, so an answer computed
    while a change commits is stored under the fingerprint before it, which nobody asks
    for again."""
    fingerprint = records_fingerprint(labels)
    cache_key = _kept_key(name, _units_digest(units), parts, fingerprint)
    found = cache.get(cache_key, _MISSING)
    if found is not _MISSING:
        return found
    answer = compute()
    cache.set(cache_key, answer, KEPT_SECONDS)
    return answer


def record_summaries_kept(units, year, *, keys=None):
    """``record_summaries``, each kind's answer kept in the cache under the fingerprint of
    the models it reads, the settings it reads, the units, ``year``, today's date and the
    language. Asked again with nothing changed: one query (the fingerprint) and one read
    of the cache, whatever the number of kinds and units. A kind naming no ``reads`` is
    computed each time."""
    units = list(units)
    kinds = _chosen_kinds(keys)
    kept = [kind for kind in kinds if kind.reads]
    # Read before computing: an answer computed after a change committed is then stored
    # under the fingerprint before it, which nobody asks for again.
    fingerprint = records_fingerprint(label for kind in kept for label in kind.reads)
    digest = _units_digest(units)
    cache_keys = {
        kind.key: _kept_key(
            "summaries",
            digest,
            _kinds_parts([kind], year),
            {label: fingerprint[label] for label in kind.reads},
        )
        for kind in kept
    }
    found = cache.get_many(list(cache_keys.values())) if cache_keys else {}
    summaries_of = {}
    fresh = {}
    for kind in kinds:
        cache_key = cache_keys.get(kind.key)
        if cache_key in found:
            summaries_of[kind.key] = found[cache_key]
            continue
        summaries_of[kind.key] = kind.summarize(units, year)
        if cache_key is not None:
            fresh[cache_key] = summaries_of[kind.key]
    if fresh:
        cache.set_many(fresh, KEPT_SECONDS)
    return _by_unit(units, kinds, summaries_of)


def records_kept(name, units, year, compute, *, keys=None):
    """``compute(units, year)`` kept in the cache as the summaries are: under the
    fingerprint of every model the kinds read (every registered kind, or those of
    ``keys``), their settings, ``year``, the units, today's date and the language.

    For a page's own answer built from the kinds' summaries, so that asked again with
    nothing changed it reads one query and one small entry of the cache instead of every
    kind's summaries with their items (the coverage page's figures: about 150 units by 10
    kinds). ``compute`` may read nothing else that changes; ``name`` keeps the answers of
    different pages apart. ``units`` are read for their ``pk`` (the key) and handed to
    ``compute`` as given. Computed every time when a chosen kind names no ``reads``."""
    units = list(units)
    kinds = _chosen_kinds(keys)
    if any(not kind.reads for kind in kinds):
        return compute(units, year)
    return kept_answer(
        name,
        [label for kind in kinds for label in kind.reads],
        units,
        _kinds_parts(kinds, year),
        lambda: compute(units, year),
    )
