"""Objections (异议) during publicity: submitted by any staff member, taken up and
settled by the discipline office.

Objector privacy (DOMAIN.md) is kept here as much as in the pages: nothing
these services write where the department objected to can read it (its
application's events, its notifications, the publicity notice) names the
objector; the department is never notified at submission.

Locks are always taken in the same order, publicity first, so submissions,
settlements and the closing sweep serialise on the publicity row.
"""

import datetime
import hashlib

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import users_with_role
from appraisal.enums import ApplicationState
from appraisal.models import Application, ApplicationEvent
from core.errors import AlreadySubmittedError, DomainError
from core.i18n import site_language
from core.uploads import DOCX, JPEG, PDF, PNG, identify_upload
from core.workflow import apply_transition
from departments.selectors import applicants_and_head
from documents.enums import DocumentKind
from documents.models import DocumentNumber
from documents.services import document_request
from notifications.services import notify
from publicity.enums import OBJECTION_OPEN_STATES, OBJECTIONS_PER_PERSON_PER_DAY, PublicityState
from publicity.models import (
    Objection,
    ObjectionAttachment,
    ObjectionEvent,
    Publicity,
    PublicityEvent,
)
from publicity.permissions import is_of_objected_department, objection_readers
from publicity.services.board import board_changed

HANDLE = "publicity.handle_objection"
ATTACHMENT_KINDS = (PDF, JPEG, PNG, DOCX)
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS = 5
MAX_CONTENT_CHARS = 2000
MAX_FINDINGS_CHARS = 5000
# The receipt numbers' own sequence in the document-number table: YY2026-0007.
RECEIPT_PREFIX = "YY"


def _objection_url(objection):
    return reverse("publicity:objection", args=[objection.pk])


def _receipt_url(objection):
    return reverse("publicity:objection_receipt", args=[objection.pk])


def _application_url(application):
    return reverse("appraisal:application", args=[application.pk])


def day_bounds(moment):
    """The Asia/Shanghai calendar day of ``moment``: [00:00, next 00:00), aware."""
    day = timezone.localtime(moment).date()
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    return start, timezone.make_aware(
        datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
    )


def publicity_starts_at(publicity):
    """00:00 Asia/Shanghai of the publicity's first day."""
    return timezone.make_aware(datetime.datetime.combine(publicity.starts_on, datetime.time.min))


def accepts_objections(publicity, *, now=None):
    """True while staff may object: open, started and before its deadline."""
    now = now or timezone.now()
    return (
        publicity.state == PublicityState.OPEN
        and publicity_starts_at(publicity) <= now < publicity.ends_at
    )


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


def _identified(uploads):
    uploads = list(uploads)
    if len(uploads) > MAX_ATTACHMENTS:
        raise DomainError(
            _("每条异议最多附 %(limit)s 个文件，您选择了 %(count)s 个。")
            % {"limit": MAX_ATTACHMENTS, "count": len(uploads)}
        )
    checked = []
    for upload in uploads:
        kind = identify_upload(upload, kinds=ATTACHMENT_KINDS, max_bytes=MAX_ATTACHMENT_BYTES)
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
        checked.append((upload, kind, digest.hexdigest()))
    return checked


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
    office member who is of it (publicity.permissions.objection_readers).
    """
    now = now or timezone.now()
    if by is None or not by.is_authenticated or not by.is_active:
        raise DomainError(_("请先登录再提出异议。"))
    publicity = Publicity.objects.select_for_update().get(pk=publicity.pk)
    if not accepts_objections(publicity, now=now):
        raise DomainError(_("该公示当前不在公示期内，不能提出异议。"))
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
    checked = _identified(uploads)
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
    _store_attachments(objection, checked)
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
            url=_receipt_url(objection),
        )
        notify(
            recipients=objection_readers(
                objection,
                [*users_with_role("discipline_office"), *users_with_role("party_office")],
            ),
            subject=_("收到对“%(unit)s”的异议（%(number)s）") % values,
            body=_("公示期间收到对“%(unit)s”的异议，受理编号 %(number)s，请纪检监察室受理。")
            % values,
            url=_objection_url(objection),
        )
    return objection


def _store_attachments(objection, checked):
    """Write the files last, after every check; remove them again if a row fails."""
    written = []
    try:
        for upload, kind, sha256 in checked:
            attachment = ObjectionAttachment(
                objection=objection,
                original_name=upload.name[-200:],
                kind=kind.extension,
                size=upload.size,
                sha256=sha256,
            )
            attachment.file.save("upload", upload, save=False)
            written.append(attachment)
            with transaction.atomic():
                attachment.save()
    except Exception:
        for attachment in written:
            attachment.file.delete(save=False)
        raise


def _require_handler(by, objection):
    if not by.has_perm(HANDLE):
        raise DomainError(_("只有纪检监察室可以受理和办结异议。"))
    if is_of_objected_department(by, objection):
        raise DomainError(_("您是被异议科室的人员，须回避，不能处理针对本科室的异议。"))


@transaction.atomic
def objection_take_up(*, objection, by, now=None):
    """The discipline office takes an objection up (受理); the handler is recorded.

    Never by someone of the department objected to. Side effects: state →
    taken_up, handler and time; a ``take_up`` event.
    """
    _require_handler(by, objection)
    return apply_transition(
        instance=objection,
        transition="take_up",
        by=by,
        event_model=ObjectionEvent,
        update_fields=["handler", "taken_up_at"],
        handler=by,
        at=now or timezone.now(),
    )


@transaction.atomic
def objection_settle(*, objection, by, upheld, findings, now=None):
    """The discipline office settles a taken-up objection as upheld or dismissed.

    Findings are required; never by someone of the department objected to.
    The publicity row is locked first, so this serialises with the closing
    sweep and with the other settlements.

    Upheld: the department leaves the list (application → removed, with an
    event whose reason is the receipt number and the findings, never the
    objector); the board's cache is cleared and the publicity notice
    rendered again; the party office, the department's applicants and head
    and the objector are notified. Dismissed: the objector and the party
    office are notified. The party office's members who are of the department
    objected to are told only what the department is told. Either way, if the publicity closed with objections
    pending and none is left open, it is settled (→ closed, an event by
    ``by``) and the party office is told.
    """
    _require_handler(by, objection)
    findings = (findings or "").strip()
    if not findings:
        raise DomainError(_("请填写调查结论。"))
    if len(findings) > MAX_FINDINGS_CHARS:
        raise DomainError(
            _("调查结论最多 %(limit)s 字，现为 %(length)s 字。")
            % {"limit": MAX_FINDINGS_CHARS, "length": len(findings)}
        )
    now = now or timezone.now()
    publicity = Publicity.objects.select_for_update().get(pk=objection.publicity_id)
    objection = apply_transition(
        instance=objection,
        transition="uphold" if upheld else "dismiss",
        by=by,
        event_model=ObjectionEvent,
        reason=findings,
        update_fields=["settled_by", "settled_at", "findings"],
        settled_by=by,
        at=now,
        findings=findings,
    )
    application = objection.application
    unit = application.unit
    values = {"unit": unit.name, "number": objection.receipt_number, "findings": findings}
    if upheld:
        apply_transition(
            instance=application,
            transition="remove_from_list",
            by=by,
            event_model=ApplicationEvent,
            reason=_("异议 %(number)s 成立：%(findings)s") % values,
        )
        board_changed()
        document_request(
            kind=DocumentKind.PUBLICITY, subject=publicity, campaign=publicity.campaign
        )
        with site_language():
            notify(
                recipients=applicants_and_head(unit),
                subject=_("异议成立，“%(unit)s”撤出公示名单") % values,
                body=_("经纪检监察室调查，异议（受理编号 %(number)s）成立。调查结论：%(findings)s")
                % values,
                url=_application_url(application),
            )
            notify(
                recipients=objection_readers(objection, users_with_role("party_office")),
                subject=_("异议成立，“%(unit)s”撤出公示名单（%(number)s）") % values,
                body=_("调查结论：%(findings)s") % values,
                url=_objection_url(objection),
            )
            notify(
                recipients=[objection.objector],
                subject=_("您的异议 %(number)s 已办结：异议成立") % values,
                body=_("“%(unit)s”已撤出公示名单。调查结论：%(findings)s") % values,
                url=_receipt_url(objection),
            )
    else:
        with site_language():
            notify(
                recipients=objection_readers(objection, users_with_role("party_office")),
                subject=_("对“%(unit)s”的异议不成立（%(number)s）") % values,
                body=_("调查结论：%(findings)s") % values,
                url=_objection_url(objection),
            )
            notify(
                recipients=[objection.objector],
                subject=_("您的异议 %(number)s 已办结：异议不成立") % values,
                body=_("调查结论：%(findings)s") % values,
                url=_receipt_url(objection),
            )
    _settle_publicity_if_done(publicity, by=by)
    return objection


def _settle_publicity_if_done(publicity, *, by):
    """closed_pending → closed once no objection is open. Call under the publicity's lock."""
    if publicity.state != PublicityState.CLOSED_PENDING:
        return
    if publicity.objections.filter(state__in=OBJECTION_OPEN_STATES).exists():
        return
    apply_transition(instance=publicity, transition="settle", by=by, event_model=PublicityEvent)
    board_changed()
    with site_language():
        notify(
            recipients=users_with_role("party_office"),
            subject=_("%(campaign)s公示结束，异议均已办结")
            % {"campaign": publicity.campaign.title},
            body=_("公示期满时尚未办结的异议已全部办结，可报院党委确认。"),
            url=reverse("publicity:objections") + f"?publicity={publicity.pk}",
        )
