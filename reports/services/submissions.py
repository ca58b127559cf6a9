"""A report's cycle: the office submits (each submission a new row), the discipline
office comments, accepts or returns it with a reason, the office resubmits.
See reports/enums.py.

Who may act is checked here, whatever the caller (reports/rules.py).
"""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import users_with_role
from core.errors import AlreadySubmittedError, DomainError
from core.files import check_upload
from core.i18n import site_language
from core.permissions import require
from core.uploads import EVIDENCE_KINDS, JPEG, PDF, PNG
from core.workflow import apply_transition, lock
from notifications.services import notify
from reports.enums import ReportState
from reports.models import ReportComment, ReportEvent, ReportFile, ReportSubmission
from reports.rules import REVIEW, SUBMIT
from reports.selectors import authors_of

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_FILES = 5
MAX_TEXT_CHARS = 10000
SCAN_KINDS = (PDF, JPEG, PNG)


def report_url(report):
    return reverse("reports:report", args=[report.pk])


def _text(value, *, empty, field="text"):
    value = (value or "").strip()
    if not value:
        raise DomainError(empty, field=field)
    if len(value) > MAX_TEXT_CHARS:
        raise DomainError(
            _("最多 %(limit)s 字，现为 %(length)s 字。")
            % {"limit": MAX_TEXT_CHARS, "length": len(value)},
            field=field,
        )
    return value


def _checked_files(report, uploads, scan):
    uploads = [upload for upload in uploads if upload]
    if len(uploads) > MAX_FILES:
        raise DomainError(
            _("每次报送最多附 %(limit)s 个附件，您选择了 %(count)s 个。")
            % {"limit": MAX_FILES, "count": len(uploads)},
            field="attachments",
        )
    checked_scan = None
    if report.is_summary:
        if not scan:
            raise DomainError(
                _("工作总结须附负责人签字并加盖公章的扫描件（PDF、JPG 或 PNG）。"), field="scan"
            )
        try:
            checked_scan = check_upload(scan, kinds=SCAN_KINDS, max_bytes=MAX_FILE_BYTES)
        except DomainError as error:
            raise DomainError(error.message, field="scan") from None
    try:
        checked = [
            check_upload(upload, kinds=EVIDENCE_KINDS, max_bytes=MAX_FILE_BYTES)
            for upload in uploads
        ]
    except DomainError as error:
        raise DomainError(error.message, field="attachments") from None
    return checked_scan, checked


def _require_new_submission(by, submission_key):
    """Refuse a second submission from the same form; the submitter's row is locked
    first, so a second click waits for the first and then finds its submission."""
    if not submission_key:
        return
    User.objects.select_for_update(no_key=True).filter(pk=by.pk).first()
    earlier = (
        ReportSubmission.objects.select_related("report")
        .filter(submission_key=submission_key)
        .first()
    )
    if earlier is None:
        return
    if earlier.submitted_by_id != by.pk:
        raise DomainError(_("表单已失效，请重新打开页面后再提交。"))
    raise AlreadySubmittedError(_("该报告已经报送，没有重复报送。"), existing=earlier.report)


@transaction.atomic
def report_submit(*, report, by, text, uploads=(), scan=None, submission_key=None, now=None):
    """The office (its head or contact; a branch's secretary) submits ``report``,
    or resubmits it after it was returned.

    Refused: a report of another office (or branch); a report not due or returned
    (already submitted or accepted: ``StaleStateError``); no text; a summary without
    its signed and stamped scan, or a scan that is not a PDF, JPG or PNG; an
    attachment not PDF, JPG, PNG, Word or Excel (by content, 20 MB, 5 files).
    ``submission_key``: the same form sent twice makes one submission
    (``AlreadySubmittedError`` carries the report).

    Side effects: a new ``ReportSubmission`` (numbered, late when after the due
    date) with its files; state → submitted (a ``submit`` or ``resubmit`` event; the
    first submission's moment and lateness on the report); the discipline office is
    notified.
    """
    require(
        by,
        SUBMIT,
        report,
        message=_("“%(report)s”不是您科室（党支部）的报告，您不能报送。") % {"report": report},
    )
    text = _text(text, empty=_("请填写报告内容。"))
    checked_scan, checked = _checked_files(report, uploads, scan)
    _require_new_submission(by, submission_key)
    now = now or timezone.now()
    late = timezone.localdate(now) > report.due_on
    current = lock(report)
    if current.state == ReportState.RETURNED:
        report = apply_transition(
            instance=current, transition="resubmit", by=by, event_model=ReportEvent
        )
    else:
        report = apply_transition(
            instance=current,
            transition="submit",
            by=by,
            event_model=ReportEvent,
            update_fields=["first_submitted_at", "late"],
            at=now,
            late=late,
        )
    submission = ReportSubmission.objects.create(
        report=report,
        number=report.submissions.count() + 1,
        text=text,
        submitted_by=by,
        submitted_at=now,
        late=late,
        submission_key=submission_key,
    )
    if checked_scan is not None:
        ReportFile.create_from(checked_scan, submission=submission, is_scan=True, uploaded_by=by)
    ReportFile.create_all(checked, submission=submission, uploaded_by=by)
    values = {"report": str(report)}
    with site_language():
        notify(
            recipients=users_with_role("discipline_office"),
            subject=_("收到工作报告：%(report)s") % values,
            body=_("请审阅后通过或退回。"),
            url=report_url(report),
        )
    return submission


@transaction.atomic
def report_comment(*, report, by, text):
    """The discipline office comments on a report, in any state; the comment is kept.

    Side effects: one ``ReportComment``; the office is notified.
    """
    require(by, REVIEW, report, message=_("只有纪检监察室可以批注工作报告。"))
    text = _text(text, empty=_("请填写批注内容。"))
    comment = ReportComment.objects.create(report=report, author=by, text=text)
    with site_language():
        notify(
            recipients=authors_of(report),
            subject=_("纪检监察室批注了您的报告：%(report)s") % {"report": report},
            body=text,
            url=report_url(report),
        )
    return comment


@transaction.atomic
def report_accept(*, report, by, note="", now=None):
    """The discipline office accepts a submitted report.

    Side effects: state → accepted, who and when, an ``accept`` event with the
    note; the office is notified.
    """
    require(by, REVIEW, report, message=_("只有纪检监察室可以审阅工作报告。"))
    report = apply_transition(
        instance=report,
        transition="accept",
        by=by,
        event_model=ReportEvent,
        reason=(note or "").strip(),
        update_fields=["decided_by", "decided_at"],
        decided_by=by,
        at=now or timezone.now(),
    )
    with site_language():
        notify(
            recipients=authors_of(report),
            subject=_("您的报告已通过：%(report)s") % {"report": report},
            url=report_url(report),
        )
    return report


@transaction.atomic
def report_return(*, report, by, reason, now=None):
    """The discipline office returns a submitted report, with a reason (required).

    Side effects: state → returned, who, when and why, a ``return_report`` event;
    the office is notified to resubmit.
    """
    require(by, REVIEW, report, message=_("只有纪检监察室可以审阅工作报告。"))
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("退回须说明理由。"), field="reason")
    report = apply_transition(
        instance=report,
        transition="return_report",
        by=by,
        event_model=ReportEvent,
        reason=reason,
        update_fields=["decided_by", "decided_at", "return_reason"],
        decided_by=by,
        at=now or timezone.now(),
        return_reason=reason,
    )
    with site_language():
        notify(
            recipients=authors_of(report),
            subject=_("您的报告被退回，请修改后重新报送：%(report)s") % {"report": report},
            body=_("退回理由：%(reason)s") % {"reason": reason},
            url=report_url(report),
        )
    return report
