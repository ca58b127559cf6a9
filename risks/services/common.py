"""What the services of risk points and key posts share: who keeps a unit's records, the
one-time form keys, today."""

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import AlreadySubmittedError, DomainError
from risks.rules import keeps_records_of

MAX_TEXT_CHARS = 2000


def require_keeper(by, unit):
    """Refuse unless ``by`` is the unit's head or contact (``risks.rules.keeps_records_of``)."""
    if by is None or not by.is_authenticated or not keeps_records_of(by, unit):
        raise DomainError(
            _("只有“%(unit)s”的科室负责人或联络员可以登记本科室的廉政风险点和重点岗位。")
            % {"unit": unit.name}
        )


def require_new(model, *, by, submission_key, repeated, author="recorded_by_id"):
    """Refuse a second record from the same form (a double click, a resend): the author's
    row is locked first, so a second click waits for the first and then finds its record
    (``AlreadySubmittedError`` carrying it; ``repeated`` is its message)."""
    if not submission_key:
        return
    User.objects.select_for_update(no_key=True).filter(pk=by.pk).first()
    earlier = model.objects.filter(submission_key=submission_key).first()
    if earlier is None:
        return
    if getattr(earlier, author) != by.pk:  # a key nobody but its author's page ever held
        raise DomainError(_("表单已失效，请重新打开页面后再提交。"))
    raise AlreadySubmittedError(repeated, existing=earlier)


def required_text(value, label, *, field):
    """``value`` stripped; refused when empty or longer than ``MAX_TEXT_CHARS``."""
    value = (value or "").strip()
    if not value:
        raise DomainError(_("请填写%(label)s。") % {"label": label}, field=field)
    if len(value) > MAX_TEXT_CHARS:
        raise DomainError(
            _("%(label)s最多 %(limit)s 字，现为 %(length)s 字。")
            % {"label": label, "limit": MAX_TEXT_CHARS, "length": len(value)},
            field=field,
        )
    return value


def not_in_future(day, label, *, field, today=None):
    """Refuse a missing date or one after today (Asia/Shanghai)."""
    today = today or timezone.localdate()
    if day is None:
        raise DomainError(_("请填写%(label)s。") % {"label": label}, field=field)
    if day > today:
        raise DomainError(_("%(label)s不能晚于今天。") % {"label": label}, field=field)
    return day
