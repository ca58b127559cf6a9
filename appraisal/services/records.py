"""The unit's year-round records as evidence of its application: attach a
kind's summary to a criterion, take it off (docs/yearwork.md, "Records as evidence").

What is attached is the summary as it is at that moment (a snapshot, from the
kinds registered in appraisal/records.py), so a record changed afterwards does
not change the application. Only the unit's applicants, while the application is
editable (draft or returned), and only the kinds the criterion names; every
change clears the head's confirmation, as a file would (applications.py).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from appraisal.models import AttachedRecord
from appraisal.records import record_kind, record_summaries
from core.errors import DomainError
from core.workflow import lock

from .applications import clear_confirmation, require_applicant, require_editable

# ``shown`` not given: the caller does not know what the page showed (a script, the demo).
UNCHECKED = object()


def _stale():
    return DomainError(
        _("页面已过期：该评分项附上的台账已被更新或移除。请刷新页面，看清现状后再操作。")
    )


def live_attachment(application, criterion, kind):
    return AttachedRecord.objects.filter(
        application=application, criterion=criterion, kind=kind, detached_at__isnull=True
    ).first()


@transaction.atomic
def records_attach(*, application, criterion, kind, by, shown=UNCHECKED, now=None):
    """Attach what the unit's records of ``kind`` come to in the campaign's year,
    as they are now, to ``criterion`` of ``application``.

    ``shown`` is the pk of the live attachment the page showed (None: none); when it
    is not the live one any more the page was stale and nothing is done. Side
    effects: one AttachedRecord with the summary's snapshot; the kind's earlier live
    attachment to this criterion is marked replaced (detached, pointing to the new
    one); the head's confirmation is cleared.
    """
    application = lock(application)
    require_applicant(by, application)
    require_editable(application)
    campaign = application.campaign
    if criterion.standard.rubric_id != campaign.rubric_id:
        raise DomainError(_("该评分项不属于本批次的考评细则。"))
    registered = record_kind(kind)
    if kind not in criterion.record_kinds:
        label = registered.label if registered else kind
        raise DomainError(
            _("评分项“%(criterion)s”不以“%(kind)s”台账作佐证，不能附上。")
            % {"criterion": criterion.text, "kind": label}
        )
    if registered is None:
        raise DomainError(
            _("台账类型“%(kind)s”现未启用，无法取得台账摘要，不能附上。") % {"kind": kind}
        )
    live = live_attachment(application, criterion, kind)
    if shown is not UNCHECKED and (live.pk if live else None) != shown:
        raise _stale()
    unit = application.unit
    summary = next(
        (
            s
            for s in record_summaries([unit], campaign.year, keys=[kind])[unit.pk]
            if s.kind == kind
        ),
        None,
    )
    if summary is None:
        raise DomainError(
            _("“%(unit)s”%(year)s年还没有%(kind)s台账，无可附上。")
            % {"unit": unit.name, "year": campaign.year, "kind": registered.label}
        )
    now = now or timezone.now()
    if live is not None:
        AttachedRecord.objects.filter(pk=live.pk).update(
            detached_at=now, detached_by=by, detach_reason=_("重新附上，已更新为当前台账")
        )
    attached = AttachedRecord.objects.create(
        application=application,
        criterion=criterion,
        kind=kind,
        year=campaign.year,
        snapshot={**summary.as_snapshot(), "label": str(registered.label)},
        attached_by=by,
        attached_at=now,
    )
    if live is not None:
        AttachedRecord.objects.filter(pk=live.pk).update(replaced_by=attached)
    clear_confirmation(application)
    return attached


@transaction.atomic
def records_detach(*, attached, by, reason="", now=None):
    """Take an attached summary off an editable application. The row stays, marked
    detached (who, when, why); a row no longer live means the page was stale.
    Side effects: the row's detached_*; the head's confirmation is cleared."""
    application = lock(attached.application)
    require_applicant(by, application)
    require_editable(application)
    updated = AttachedRecord.objects.filter(pk=attached.pk, detached_at__isnull=True).update(
        detached_at=now or timezone.now(), detached_by=by, detach_reason=reason.strip()
    )
    if not updated:
        raise _stale()
    clear_confirmation(application)
