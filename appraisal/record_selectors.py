"""Reads of the year-round records attached to an application as evidence
(docs/yearwork.md, "Records as evidence").

Readers (reviewers, the party office, the leading group, the 申报表) read the
attached rows' snapshots, never the live records. The applicant's panel
("本年度台账") also shows what each offered kind comes to now: one
``record_summaries_kept`` call for every kind of the page, however many criteria (kept
in the cache until the records change; attaching computes the summary afresh).
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from appraisal.models import AttachedRecord
from appraisal.records import record_kind, record_kinds, record_summaries_kept


@dataclass
class RecordOffer:
    """One kind a criterion offers: what the unit's records come to now, and the
    live attachment of it (None when not attached)."""

    key: str
    label: str
    registered: bool
    summary: object = None  # appraisal.records.RecordSummary, or None (no records, not registered)
    attached: object = None  # AttachedRecord, or None


def attached_by_criterion(application):
    """``{criterion pk: [AttachedRecord]}``: the live attachments, in the order attached."""
    attached = {}
    for record in AttachedRecord.objects.filter(
        application=application, detached_at__isnull=True
    ).order_by("attached_at", "pk"):
        attached.setdefault(record.criterion_id, []).append(record)
    return attached


def kind_label(key):
    """The kind's label, or what a reader is told of a key no app registers now."""
    kind = record_kind(key)
    if kind is not None:
        return str(kind.label)
    return _("%(key)s（未注册的台账类型）") % {"key": key}


def record_panels(application, criteria, *, attached=None):
    """Put on each of ``criteria`` its ``record_offers`` (a RecordOffer per kind it
    names) and its ``attached_records`` (live); returns the criteria that name kinds
    or carry attachments. ``attached`` (from ``attached_by_criterion``) saves its query
    when the caller read it already."""
    criteria = list(criteria)
    if attached is None:
        attached = attached_by_criterion(application)
    keys = {key for criterion in criteria for key in criterion.record_kinds}
    registered = {key for key in keys if record_kind(key) is not None}
    summaries = {}
    if registered:
        unit = application.unit
        found = record_summaries_kept([unit], application.campaign.year, keys=registered)
        summaries = {summary.kind: summary for summary in found[unit.pk]}
    shown = []
    for criterion in criteria:
        live = {record.kind: record for record in attached.get(criterion.pk, [])}
        criterion.attached_records = attached.get(criterion.pk, [])
        criterion.record_offers = [
            RecordOffer(
                key=key,
                label=kind_label(key),
                registered=key in registered,
                summary=summaries.get(key),
                attached=live.get(key),
            )
            for key in criterion.record_kinds
        ]
        if criterion.record_offers or criterion.attached_records:
            shown.append(criterion)
    return shown


def registered_kind_choices(current=()):
    """``[(key, label, registered)]`` for the rubric editor: every registered kind,
    then the keys in ``current`` no app registers now (shown as such, never dropped)."""
    choices = [(kind.key, str(kind.label), True) for kind in record_kinds()]
    known = {key for key, _label, _registered in choices}
    choices += [(key, kind_label(key), False) for key in current if key not in known]
    return choices
