"""Objections (异议) during publicity: a staff member submits one and receives
a receipt. Taking them up and settling them is publicity.services.objection_handling.

Objector privacy is kept here as much as in the pages: nothing these services
write where the department objected to can read it (its application's events,
its notifications, the publicity notice) names the objector, and the
department is never notified at submission; neither is an office member who
works in it (publicity.rules.objection_readers).

Locks are always taken in the same order, publicity first, so submissions,
settlements and the closing sweep serialise on the publicity row.
"""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import users_with_role
from appraisal.enums import ApplicationState
from appraisal.models import Application
from core.errors import AlreadySubmittedError, DomainError
from core.files import check_upload
from core.i18n import full_date, site_language
from core.permissions import require
from core.uploads import DOCX, JPEG, PDF, PNG
from documents.models import DocumentNumber
from notifications.services import notify
from publicity.enums import OBJECTIONS_PER_PERSON_PER_DAY, PublicityState
from publicity.models import Objection, ObjectionAttachment, ObjectionEvent, Publicity
from publicity.rules import RAISE, objection_readers

ATTACHMENT_KINDS = (PDF, JPEG, PNG, DOCX)
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS = 5
MAX_CONTENT_CHARS = 2000
# The receipt numbers' own sequence in the document-number table: YY2026-0007.
RECEIPT_PREFIX = "YY"


def objection_url(objection):
    return reverse("publicity:objection", args=[objection.pk])


def receipt_url(objection):
    return reverse("publicity:objection_receipt", args=[objection.pk])


def day_bounds(moment):
    """The Asia/Shanghai calendar day of ``moment``: [00:00, next 00:00), aware."""
    day = timezone.localtime(moment).date()
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    return start, timezone.make_aware(
        datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
    )


def publicity_starts_at(publicity):
    """00:00 Asia/Shanghai of the day the list is posted (``starts_on``): objections
    are taken from then, even when the period's count starts on the next working day."""
    return timezone.make_aware(datetime.datetime.combine(publicity.starts_on, datetime.time.min))


def accepts_objections(publicity, *, now=None):
    """True while staff may object: open, started and before its deadline."""
    now = now or timezone.now()
    return (
        publicity.state == PublicityState.OPEN
        and publicity_starts_at(publicity) <= now < publicity.ends_at
    )


def not_accepting_message(publicity, *, now=None):
    """Why ``publicity`` takes no objection now: not started yet (and when it
    starts, 2026年9月18日), or not in its period any more."""
    now = now or timezone.now()
    if publicity.state == PublicityState.OPEN and now < publicity_starts_at(publicity):
        return _("公示将于%(date)s开始，开始后方可提出异议。") % {
            "date": full_date(publicity.starts_on)
        }
    return _("该公示当前不在公示期内，不能提出异议。")


def listed_applications(publicity):
    """The departments on the publicity's list: the campaign's approved applications."""
    return (
        Application.objects.filter(campaign=publicity.campaign_id, state=ApplicationState.APPROVED)
        .select_related("unit")
        .order_by("unit__code")
    )


def receipt_number_next(*, year):
    """The next receipt number of ``year`` (YY2026-0007), under a row lock.

    Must run inside the caller's transaction, so a rollback gives it back.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("receipt_number_next must run inside transaction.atomic")
    DocumentNumber.objects.get_or_create(prefix=RECEIPT_PREFIX, year=year)
    sequence = DocumentNumber.objects.select_for_update().get(prefix=RECEIPT_PREFIX, year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return f"{RECEIPT_PREFIX}{year}-{sequence.last:04d}"


def _checked(uploads):
    """Every upload checked (kind by content, size) and hashed; nothing stored yet."""
    uploads = list(uploads)
    if len(uploads) > MAX_ATTACHMENTS:
        raise DomainError(
            _("每条异议最多附 %(limit)s 个文件，您选择了 %(count)s 个。")
            % {"limit": MAX_ATTACHMENTS, "count": len(uploads)}
        )
    return [
        check_upload(upload, kinds=ATTACHMENT_KINDS, max_bytes=MAX_ATTACHMENT_BYTES)
        for upload in uploads
    ]


def _require_daily_room(by, now):
    """Refuse the sixth objection of ``by``'s Asia/Shanghai day. Call under the user's lock."""
    start, end = day_bounds(now)
    today = Objection.objects.filter(
        objector=by, submitted_at__gte=start, submitted_at__lt=end
    ).count()
    if today >= OBJECTIONS_PER_PERSON_PER_DAY:
        raise DomainError(
            _("每人每天最多提出 %(limit)s 条异议，您今天已提出 %(count)s 条。请明天再提。")
            % {"limit": OBJECTIONS_PER_PERSON_PER_DAY, "count": today}
        )


def _require_new_submission(by, submission_key):
    """Refuse a second objection from the same form. Call under the user's lock, so a
    second click waits for the first and then finds its row."""
    if not submission_key:
        return
    earlier = Objection.objects.filter(submission_key=submission_key).first()
    if earlier is None:
        return
    if earlier.objector_id != by.pk:  # a key nobody but its author's page ever held
        raise DomainError(_("表单已失效，请重新打开页面后再提交。"))
    raise AlreadySubmittedError(
        _("这条异议已经提交过，受理编号 %(number)s，没有重复登记。")
        % {"number": earlier.receipt_number},
        existing=earlier,
    )


@transaction.atomic
def objection_submit(
    *, publicity, application, by, content, uploads=(), now=None, submission_key=None
):
    """A staff member objects to one department on the publicity list.

    Refused unless ``by`` is an active, signed-in user; the publicity is open,
    started and before its deadline; ``application`` is on its list; the
    content is given (at most ``MAX_CONTENT_CHARS``); every attachment is a
    PDF, JPG, PNG or Word file (judged by content, at most
    ``MAX_ATTACHMENT_BYTES`` each, ``MAX_ATTACHMENTS`` in all); ``by`` has
    raised fewer than ``OBJECTIONS_PER_PERSON_PER_DAY`` objections this
    Asia/Shanghai day (counted under a lock on their user row).
    ``submission_key`` is the form's random key: when an objection was already
    made from the same form (a double click, a resend), ``AlreadySubmittedError``
    carries that one and nothing new is written.

    Side effects: one Objection with the year's next receipt number, its
    attachments stored privately under random names, a ``submit`` event;
    notifications to the objector (their receipt), the discipline office and
    the party office. The department objected to is NOT notified, nor is an
    office member who is of it (publicity.rules.objection_readers).
    """
    now = now or timezone.now()
    require(by, RAISE, message=_("请先登录再提出异议。"))
    publicity = Publicity.objects.select_for_update().get(pk=publicity.pk)
    if not accepts_objections(publicity, now=now):
        raise DomainError(not_accepting_message(publicity, now=now))
    if not listed_applications(publicity).filter(pk=application.pk).exists():
        raise DomainError(_("该科室不在本次公示名单上，不能对其提出异议。"))
    content = (content or "").strip()
    if not content:
        raise DomainError(_("请填写异议内容。"))
    if len(content) > MAX_CONTENT_CHARS:
        raise DomainError(
            _("异议内容最多 %(limit)s 字，现为 %(length)s 字。")
            % {"limit": MAX_CONTENT_CHARS, "length": len(content)}
        )
    checked = _checked(uploads)
    # The limit holds across two submissions at once: the second waits here.
    User.objects.select_for_update(no_key=True).filter(pk=by.pk).first()
    _require_new_submission(by, submission_key)
    _require_daily_room(by, now)
    objection = Objection.objects.create(
        publicity=publicity,
        application=application,
        objector=by,
        receipt_number=receipt_number_next(year=timezone.localtime(now).year),
        submission_key=submission_key,
        content=content,
    )
    ObjectionEvent.objects.create(
        subject=objection,
        actor=by,
        transition="submit",
        from_state="",
        to_state=objection.state,
    )
    # The files last, after every check; none is left behind if a row fails.
    ObjectionAttachment.create_all(checked, objection=objection)
    unit = application.unit
    values = {"unit": unit.name, "number": objection.receipt_number}
    with site_language():
        notify(
            recipients=[by],
            subject=_("您的异议已登记，受理编号 %(number)s") % values,
            body=_(
                "您对“%(unit)s”提出的异议已登记，受理编号 %(number)s。"
                "纪检监察室将调查处理并告知结果；您的身份只有纪检监察室和党办知悉。"
            )
            % values,
            url=receipt_url(objection),
        )
        notify(
            recipients=objection_readers(
                objection,
                [*users_with_role("discipline_office"), *users_with_role("party_office")],
            ),
            subject=_("收到对“%(unit)s”的异议（%(number)s）") % values,
            body=_("公示期间收到对“%(unit)s”的异议，受理编号 %(number)s，请纪检监察室受理。")
            % values,
            url=objection_url(objection),
        )
    return objection
