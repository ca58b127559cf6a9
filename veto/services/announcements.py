"""The announcement of a revocation at the mid-level cadre meeting (中层干部会议通报).

Seed 001 七.2: after the party committee revokes a title, the discipline office
issues the rectification notice and the revocation is announced at the
hospital's mid-level cadre meeting. The discipline office records when and at
which meeting; the event's page and the revocations list show it.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError
from core.history import changed_by
from core.i18n import full_date
from core.permissions import require
from veto.enums import VetoEventState
from veto.models import RevocationAnnouncement, VetoEvent
from veto.rules import ANNOUNCE_REVOCATION

MEETING_MAX_LENGTH = 200


@transaction.atomic
def revocation_announce(*, event, announced_on, meeting, by, now=None):
    """Record (or correct) that the revocation of ``event`` was announced on
    ``announced_on`` at ``meeting``.

    Only who holds ``veto.announce_revocation`` (the discipline office), never
    about their own unit; only for a confirmed event that revoked a title (it
    has a rectification); the date neither before the revocation nor in the
    future (Asia/Shanghai); the meeting named, at most 200 characters.
    Side effects: the RevocationAnnouncement row is written, or changed when
    one exists (``recorded_by``/``recorded_at`` are the latest recorder's; the
    history, credited to ``by``, keeps every earlier version). Returns it.
    """
    event = VetoEvent.objects.select_for_update().select_related("unit").get(pk=event.pk)
    require(
        by,
        ANNOUNCE_REVOCATION,
        event,
        message=_("只有纪检监察室可以记录撤销称号的通报（本科室人员须回避）。"),
    )
    rectification = getattr(event, "rectification", None)
    if event.state != VetoEventState.CONFIRMED or rectification is None:
        raise DomainError(_("该否决事项没有撤销称号，无需在中层干部会议上通报。"))
    if announced_on is None:
        raise DomainError(_("请填写通报日期。"), field="announced_on")
    now = now or timezone.now()
    today = timezone.localdate(now)
    if announced_on > today:
        raise DomainError(
            _("通报日期不能晚于今天（%(today)s）。") % {"today": full_date(today)},
            field="announced_on",
        )
    revoked_on = rectification.starts_on
    if announced_on < revoked_on:
        raise DomainError(
            _("通报日期不能早于撤销称号的日期（%(date)s）。") % {"date": full_date(revoked_on)},
            field="announced_on",
        )
    meeting = (meeting or "").strip()
    if not meeting:
        raise DomainError(_("请填写通报的会议，例如：2026年第9次中层干部会议。"), field="meeting")
    if len(meeting) > MEETING_MAX_LENGTH:
        raise DomainError(
            _("会议名称最多 %(limit)s 个字。") % {"limit": MEETING_MAX_LENGTH}, field="meeting"
        )
    announcement = RevocationAnnouncement.objects.select_for_update().filter(
        event=event
    ).first() or RevocationAnnouncement(event=event)
    announcement.announced_on = announced_on
    announcement.meeting = meeting
    announcement.recorded_by = by
    announcement.recorded_at = now
    changed_by(announcement, by=by, reason="announce")
    announcement.save()
    return announcement
