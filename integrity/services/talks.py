"""Integrity talks (廉政约谈): the head talks with every member at least once a year."""

from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import DomainError
from integrity.models import Talk

from .common import require_day, require_keeper, require_member, require_new, require_text


@transaction.atomic
def talk_record(*, unit, talker, person, talked_on, note, by, submission_key=None):
    """Record that ``talker`` talked with ``person`` on ``talked_on``.

    Refused unless ``by`` keeps ``unit``'s records; the date is given and not in the
    future; ``person`` was a member of ``unit`` on that day (a person of another
    department is refused, naming them); the talker was a member too (the head talks
    with the members), except for a talk with the unit's head, whom a hospital leader
    talks with; the talker is not the person; a note is given. The same form
    sent twice gives ``AlreadySubmittedError`` with the first record. Side effects: one
    Talk and a history row.
    """
    require_keeper(by, unit)
    require_day(talked_on, field="talked_on")
    if talker.pk == person.pk:
        raise DomainError(_("约谈人和约谈对象不能是同一人。"), field="person")
    require_member(person, unit, talked_on, field="person")
    if person.pk != unit.head_id:
        require_member(talker, unit, talked_on, field="talker")
    note = require_text(note, field="note", message=_("请填写约谈情况。"))
    require_new(Talk, by, submission_key, message=_("该约谈已经记录过，没有重复登记。"))
    talk = Talk(
        unit=unit,
        talker=talker,
        person=person,
        talked_on=talked_on,
        note=note,
        recorded_by=by,
        submission_key=submission_key,
    )
    talk._history_user = by
    talk.save()
    return talk
