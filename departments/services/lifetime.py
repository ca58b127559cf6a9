"""A unit's lifetime: when it was set up (设立), and when it ended, closed (撤销) or
merged into another unit (并入). The yearly evaluation and the coverage toward the
target read them (docs/coverage.md, "Units that open, close or merge").

The dates and the unit merged into are fields of ``Department``; who recorded them,
when and why is its history (django-simple-history: the user, the time and the change
reason of the historical row), written in the same save. Nothing is deleted: a
closed unit stays, inactive, with its titles and records.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError
from core.history import CHANGE_REASON_MAX_LENGTH, changed_by
from core.i18n import full_date
from core.permissions import require
from departments.models import Department
from departments.rules import CHANGE_LIFETIME


def _refuse_unless_may(by):
    require(by, CHANGE_LIFETIME, message=_("只有党办和系统管理员可以登记科室的设立、撤销或合并。"))


def _reason(reason):
    reason = " ".join((reason or "").split())
    if not reason:
        raise DomainError(_("请填写依据或原因（如院党委会议纪要、文件号）。"), field="reason")
    if len(reason) > CHANGE_REASON_MAX_LENGTH:
        raise DomainError(
            _("依据或原因不能超过 %(n)s 个字。") % {"n": CHANGE_REASON_MAX_LENGTH},
            field="reason",
        )
    return reason


def ended_message(unit):
    """How a unit ended, in a sentence (it has ``closed_on``)."""
    if unit.merged_into_id:
        return _("%(unit)s已于%(date)s并入%(into)s。") % {
            "unit": unit.name,
            "date": full_date(unit.closed_on),
            "into": unit.merged_into.name,
        }
    return _("%(unit)s已于%(date)s撤销。") % {
        "unit": unit.name,
        "date": full_date(unit.closed_on),
    }


def unit_opened_on_set(*, unit, by, opened_on, reason):
    """Record the day ``unit`` was set up, as ``by``, saying ``reason``.

    Refused with a ``DomainError``, nothing written: not the party office or an
    administrator; no date, or a date after today (Asia/Shanghai) or after the day
    the unit ended; no reason, or one over 100 characters; the same date again.

    Side effects: ``Department.opened_on`` saved, with a historical row naming
    ``by`` and the reason.
    """
    _refuse_unless_may(by)
    if opened_on is None:
        raise DomainError(_("请填写设立日期。"), field="opened_on")
    if opened_on > timezone.localdate():
        raise DomainError(_("设立日期不能晚于今天。"), field="opened_on")
    reason = _reason(reason)
    with transaction.atomic():
        unit = Department.objects.select_for_update().get(pk=unit.pk)
        if unit.closed_on is not None and opened_on > unit.closed_on:
            raise DomainError(
                _("设立日期不能晚于撤销日期（%(date)s）。") % {"date": full_date(unit.closed_on)},
                field="opened_on",
            )
        if unit.opened_on == opened_on:
            raise DomainError(_("设立日期没有改变。"), field="opened_on")
        unit.opened_on = opened_on
        changed_by(unit, by=by, reason=reason).save(update_fields=["opened_on"])
    return unit


def unit_close(*, unit, by, closed_on, reason, merged_into=None):
    """Record that ``unit`` was closed on ``closed_on`` or, with ``merged_into``, merged
    into that unit; as ``by``, saying ``reason``.

    The unit leaves the coverage's base from that day; once merged, its titles count
    for the unit it was merged into (docs/coverage.md).

    Refused with a ``DomainError``, nothing written: not the party office or an
    administrator; the unit already ended; no date, a date after today (Asia/Shanghai)
    or before the unit was set up; no reason, or one over 100 characters; a unit
    merged into itself, one of its own clean teams, a unit that has ended, or a
    department merged into a clean team; a department whose clean teams are still
    open (their closing or merging is recorded first).

    Side effects: ``closed_on``, ``merged_into`` and ``active`` (False: the unit is no
    longer in use) saved, with a historical row naming ``by`` and the reason.
    """
    _refuse_unless_may(by)
    if closed_on is None:
        raise DomainError(_("请填写撤销或并入的日期。"), field="closed_on")
    if closed_on > timezone.localdate():
        raise DomainError(_("撤销或并入的日期不能晚于今天。"), field="closed_on")
    reason = _reason(reason)
    with transaction.atomic():
        locked = [unit.pk] + ([merged_into.pk] if merged_into is not None else [])
        rows = {
            row.pk: row
            for row in Department.objects.select_for_update().filter(pk__in=locked).order_by("pk")
        }
        unit = rows[unit.pk]
        if unit.closed_on is not None:
            raise DomainError(ended_message(unit))
        if unit.opened_on is not None and closed_on < unit.opened_on:
            raise DomainError(
                _("撤销或并入的日期不能早于设立日期（%(date)s）。")
                % {"date": full_date(unit.opened_on)},
                field="closed_on",
            )
        if merged_into is not None:
            target = rows[merged_into.pk]
            if target.pk == unit.pk:
                raise DomainError(_("科室不能并入自己。"), field="merged_into")
            if target.parent_id == unit.pk:
                raise DomainError(_("科室不能并入自己的清廉团队。"), field="merged_into")
            if target.closed_on is not None:
                raise DomainError(ended_message(target), field="merged_into")
            if not target.active:
                raise DomainError(
                    _("%(unit)s已停用，不能并入。") % {"unit": target.name}, field="merged_into"
                )
            if unit.parent_id is None and target.parent_id is not None:
                raise DomainError(_("科室只能并入科室，不能并入清廉团队。"), field="merged_into")
        open_teams = list(
            unit.clean_teams.filter(closed_on__isnull=True, active=True)
            .order_by("code")
            .values_list("name", flat=True)
        )
        if open_teams:
            raise DomainError(
                _("请先登记本科室清廉团队的撤销或并入：%(teams)s。")
                % {"teams": "、".join(open_teams)}
            )
        unit.closed_on = closed_on
        unit.merged_into = merged_into and rows[merged_into.pk]
        unit.active = False
        changed_by(unit, by=by, reason=reason).save(
            update_fields=["closed_on", "merged_into", "active"]
        )
    return unit
