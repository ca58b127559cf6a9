"""What every integrity record's service checks: who keeps the unit's records, the
record's date, the person's membership on that date, the form's one-time key, and the
withdrawal of a wrong record (nothing is deleted)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import AlreadySubmittedError, DomainError
from core.files import check_upload
from core.i18n import full_date
from core.permissions import require
from core.uploads import JPEG, PDF, PNG
from integrity.membership import is_member_on
from integrity.rules import WITHDRAW, keeps_records_of

# A scan of a commitment, a photo or scan of a session's minutes.
SCAN_KINDS = (PDF, JPEG, PNG)
MAX_SCAN_BYTES = 20 * 1024 * 1024
MAX_NOTE_CHARS = 5000


def checked_scan(upload, *, field):
    """``core.files.check_upload`` for a scan or photo, its refusal shown under ``field``."""
    try:
        return check_upload(upload, kinds=SCAN_KINDS, max_bytes=MAX_SCAN_BYTES)
    except DomainError as refusal:
        raise DomainError(refusal.message, field=field) from refusal


def require_keeper(by, unit):
    if by is None or not by.is_authenticated or not keeps_records_of(by, unit):
        raise DomainError(
            _("只有“%(unit)s”的科室负责人或联络员可以记录该科室的清廉台账。") % {"unit": unit.name}
        )


def require_day(day, *, field):
    if day is None:
        raise DomainError(_("请填写日期。"), field=field)
    if day > timezone.localdate():
        raise DomainError(_("日期不能晚于今天。"), field=field)


def require_member(person, unit, day, *, field):
    """Refuse a record about someone who was not a member of ``unit`` on ``day``."""
    if not is_member_on(person, unit, day):
        raise DomainError(
            _(
                "%(person)s在%(date)s不是“%(unit)s”的人员，不能记入该科室的台账；"
                "请由其所在科室记录。"
            )
            % {"person": person, "date": full_date(day), "unit": unit.name},
            field=field,
        )


def require_text(value, *, field, message, limit=MAX_NOTE_CHARS):
    value = (value or "").strip()
    if not value:
        raise DomainError(message, field=field)
    if len(value) > limit:
        raise DomainError(
            _("最多 %(limit)s 字，现为 %(length)s 字。") % {"limit": limit, "length": len(value)},
            field=field,
        )
    return value


def require_new(model, by, submission_key, *, message):
    """Refuse a second record from the same form: the recorder's row is locked first,
    so a second click waits for the first and then finds its record."""
    if not submission_key:
        return
    User.objects.select_for_update(no_key=True).filter(pk=by.pk).first()
    earlier = model.objects.filter(submission_key=submission_key).first()
    if earlier is None:
        return
    if earlier.recorded_by_id != by.pk:
        raise DomainError(_("表单已失效，请重新打开页面后再提交。"))
    raise AlreadySubmittedError(message, existing=earlier)


@transaction.atomic
def record_withdraw(*, record, by, reason):
    """Withdraw a wrong record (a commitment, a talk or a study session) with a reason.

    Refused unless ``by`` keeps the record's unit; the reason is required; a record is
    withdrawn once. The record stays (shown struck through) and no longer counts; a
    correct one is made anew. Side effects: the row's withdrawal columns and a history
    row."""
    require(
        by,
        WITHDRAW,
        record,
        message=_("只有该科室的科室负责人或联络员可以撤回其台账记录。"),
    )
    reason = require_text(reason, field="reason", message=_("请填写撤回理由。"), limit=500)
    locked = type(record).objects.select_for_update().get(pk=record.pk)
    if locked.withdrawn_at is not None:
        raise DomainError(_("该记录已于%(date)s撤回。") % {"date": full_date(locked.withdrawn_at)})
    locked.withdrawn_at = timezone.now()
    locked.withdrawn_by = by
    locked.withdrawal_reason = reason
    locked._history_user = by
    locked.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
    return locked
