"""Study sessions (科内学习): at least one a quarter (seed 000 四(四))."""

from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import DomainError
from core.i18n import full_date, join_items
from integrity.membership import members_on
from integrity.models import StudySession, StudySessionFile

from .common import (
    checked_scan,
    require_day,
    require_keeper,
    require_new,
    require_text,
)

MAX_TOPIC_CHARS = 200
MAX_MINUTES_CHARS = 10000


@transaction.atomic
def session_record(
    *, unit, held_on, topic, attendees, by, minutes="", upload=None, submission_key=None
):
    """Record a study session of ``unit`` on ``held_on``.

    Refused unless ``by`` keeps ``unit``'s records; the date is given and not in the
    future; a topic is given; at least one attendee, every one a member of ``unit`` on
    that day (those who are not are named); the minutes are written or a photo or scan
    (PDF, JPG, PNG by content, at most 20 MB) is given. The same form sent twice gives
    ``AlreadySubmittedError`` with the first record. Side effects: one StudySession with
    its attendees, its file stored privately, history rows.
    """
    require_keeper(by, unit)
    require_day(held_on, field="held_on")
    topic = require_text(topic, field="topic", message=_("请填写学习主题。"), limit=MAX_TOPIC_CHARS)
    attendees = list(attendees)
    if not attendees:
        raise DomainError(_("请选择参加人员。"), field="attendees")
    members = members_on(unit, held_on)
    strangers = [person for person in attendees if person.pk not in members]
    if strangers:
        raise DomainError(
            _("%(people)s在%(date)s不是“%(unit)s”的人员，不能列为参加人员。")
            % {
                "people": join_items(str(person) for person in strangers),
                "date": full_date(held_on),
                "unit": unit.name,
            },
            field="attendees",
        )
    minutes = (minutes or "").strip()
    if len(minutes) > MAX_MINUTES_CHARS:
        raise DomainError(
            _("学习记录最多 %(limit)s 字。") % {"limit": MAX_MINUTES_CHARS}, field="minutes"
        )
    if not minutes and upload is None:
        raise DomainError(
            _("请填写学习记录，或上传学习记录的照片或扫描件（PDF、JPG 或 PNG）。"),
            field="minutes",
        )
    checked = checked_scan(upload, field="file") if upload is not None else None
    require_new(StudySession, by, submission_key, message=_("该次学习已经记录过，没有重复登记。"))
    session = StudySession(
        unit=unit,
        held_on=held_on,
        topic=topic,
        minutes=minutes,
        recorded_by=by,
        submission_key=submission_key,
    )
    session._history_user = by
    session.save()
    session.attendees.set(attendees)
    if checked is not None:
        StudySessionFile.create_from(checked, session=session, uploaded_by=by)
    return session
