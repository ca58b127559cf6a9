"""Rectification (整改): the department's reports, the end of the period, the
party committee's acceptance or extension (veto/enums.py has the states).

The rectification itself starts with the confirmed veto event that revoked
the title (veto.services of the event workflow); from there this module runs
it. A period is counted as the Civil Code counts months (民法典第二百零二条):
its last day is the corresponding day of the last month, or that month's
last day when it has none, so a period from 30 November for 3 months ends on
28 February.
"""

import calendar
import datetime
import logging

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import users_with_role
from core.errors import DomainError
from core.files import check_upload
from core.i18n import full_date, site_language
from core.permissions import require
from core.uploads import EVIDENCE_KINDS
from core.workflow import apply_transition, lock
from departments.selectors import applicants_and_head
from documents.enums import DocumentKind
from documents.services import document_request
from notifications.services import notify
from veto.enums import RECTIFICATION_MAX_MONTHS, RectificationState
from veto.models import Rectification, RectificationEvent, RectificationReport
from veto.rules import DECIDE_RECTIFICATION, REPORT_RECTIFICATION

logger = logging.getLogger(__name__)

MAX_REPORT_BYTES = 20 * 1024 * 1024
R = RectificationState


def months_later(day, months):
    """The corresponding day ``months`` later, or that month's last day when it has none."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def rectification_last_day(starts_on, months):
    """The last day of a rectification period of ``months`` months from ``starts_on``."""
    return months_later(starts_on, months)


def latest_end(rectification):
    """The latest last day an extension may set: 6 months from the start (seed 001: 3–6 months)."""
    return rectification_last_day(rectification.starts_on, RECTIFICATION_MAX_MONTHS)


# --- who is told --------------------------------------------------------------------------


def _recipients_offices():
    return [*users_with_role("party_office"), *users_with_role("discipline_office")]


def _url(rectification):
    return reverse("veto:rectification", args=[rectification.pk])


def takes_reports(rectification):
    """Reports are taken until the rectification is accepted (while it runs or awaits acceptance)."""
    return rectification.state != R.ACCEPTED


def _notice_request(rectification):
    """Ask for the rectification notice as the period now stands (rendered after commit)."""
    return document_request(
        kind=DocumentKind.RECTIFICATION, subject=rectification, rectification=rectification
    )


# --- the department's report --------------------------------------------------------------


@transaction.atomic
def rectification_report_add(*, rectification, by, upload, note=""):
    """The department uploads its rectification report (整改报告), while the period
    runs or awaits acceptance; a new upload is a new report, none is ever removed.

    Only the unit's applicants or its head. The type is judged by content (PDF,
    JPG, PNG, Word, Excel), at most 20 MB. Side effects: the file in private
    storage under a random name; one RectificationReport row; a ``report``
    RectificationEvent; the party office and the discipline office are notified.
    """
    rectification = lock(rectification)
    unit = rectification.unit
    require(
        by,
        REPORT_RECTIFICATION,
        rectification,
        message=_("只有“%(unit)s”的申报人或科室负责人可以提交整改报告。") % {"unit": unit.name},
    )
    if not takes_reports(rectification):
        raise DomainError(_("整改已验收通过，不能再提交整改报告。"))
    checked = check_upload(upload, kinds=EVIDENCE_KINDS, max_bytes=MAX_REPORT_BYTES)
    # The file is written after every check and removed again if the rows
    # cannot be written, so a refusal leaves nothing behind.
    report = RectificationReport.create_from(
        checked, rectification=rectification, note=note, uploaded_by=by
    )
    try:
        with transaction.atomic():
            RectificationEvent.objects.create(
                subject=rectification,
                actor=by,
                transition="report",
                from_state=rectification.state,
                to_state=rectification.state,
                reason=note,
            )
            with site_language():
                notify(
                    recipients=_recipients_offices(),
                    subject=_("%(unit)s提交了整改报告") % {"unit": unit.name},
                    body=_("文件：%(name)s。整改期至%(date)s。")
                    % {"name": report.original_name, "date": full_date(rectification.ends_on)},
                    url=_url(rectification),
                )
    except Exception:
        report.file.delete(save=False)
        raise
    return report


# --- the end of the period (beat sweep) -----------------------------------------------------


def end_due_rectifications(*, today=None):
    """The beat sweep: each active rectification whose last day has passed becomes due.

    Claimed with a conditional update that acts only when it changed exactly
    one row, so two runs (or two workers) act once; a worker that was down
    acts at its next run. Side effects per rectification: state active → due;
    an ``end`` RectificationEvent by the system; the party office, the
    discipline office and the department are notified. Returns the
    rectifications ended by this run.
    """
    today = today or timezone.localdate()
    ended = []
    due = Rectification.objects.filter(state=R.ACTIVE, ends_on__lt=today).order_by("ends_on", "pk")
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            changed = Rectification.objects.filter(pk=pk, state=R.ACTIVE, ends_on__lt=today).update(
                state=R.DUE
            )
            if changed != 1:
                continue
            rectification = Rectification.objects.select_related("unit__head").get(pk=pk)
            RectificationEvent.objects.create(
                subject=rectification,
                actor=None,
                transition="end",
                from_state=R.ACTIVE,
                to_state=R.DUE,
                reason=_("整改期已满，系统自动转为待验收。"),
            )
            unit = rectification.unit
            with site_language():
                notify(
                    recipients=_recipients_offices(),
                    subject=_("%(unit)s整改期已满，待院党委验收") % {"unit": unit.name},
                    body=_("整改期至%(date)s，已提交整改报告 %(count)s 份。")
                    % {
                        "date": full_date(rectification.ends_on),
                        "count": rectification.reports.count(),
                    },
                    url=_url(rectification),
                )
                notify(
                    recipients=applicants_and_head(unit),
                    subject=_("%(unit)s整改期已满") % {"unit": unit.name},
                    body=_("整改期至%(date)s已满，待院党委验收。如尚未提交整改报告，请尽快提交。")
                    % {"date": full_date(rectification.ends_on)},
                    url=_url(rectification),
                )
            ended.append(rectification)
    return ended


# --- the party committee's decision ----------------------------------------------------------


def _require_due(rectification):
    if rectification.state == R.ACTIVE:
        raise DomainError(
            _("整改期至%(date)s，期满后方可验收或延长。")
            % {"date": full_date(rectification.ends_on)}
        )


@transaction.atomic
def rectification_accept(*, rectification, by, note):
    """The party committee accepts the rectification after its period (验收通过).

    ``note`` is the committee's opinion (e.g. the meeting), required. From
    then on the department may apply again. Side effects: state due →
    accepted with who and when; an ``accept`` RectificationEvent with the
    note; the department and the offices are notified.
    """
    require(by, DECIDE_RECTIFICATION, rectification, message=_("只有院党委可以验收或延长整改。"))
    note = note.strip()
    if not note:
        raise DomainError(_("请填写验收意见。"))
    _require_due(lock(rectification))
    rectification = apply_transition(
        instance=rectification,
        transition="accept",
        by=by,
        event_model=RectificationEvent,
        reason=note,
        update_fields=["accepted_by", "accepted_at"],
        accepted_by=by,
        at=timezone.now(),
    )
    unit = rectification.unit
    with site_language():
        notify(
            recipients=[*applicants_and_head(unit), *_recipients_offices()],
            subject=_("%(unit)s整改已验收通过") % {"unit": unit.name},
            body=_("经院党委验收，整改通过，可按程序重新申报清廉科室。"),
            url=_url(rectification),
        )
    return rectification


@transaction.atomic
def rectification_extend(*, rectification, by, reason, ends_on):
    """The party committee extends the period after it ended, with a reason.

    The new last day is later than the current one and at most 6 months
    from the start. Side effects: state due → active with the new
    ``ends_on``; an ``extend`` RectificationEvent with the reason; the
    rectification notice is requested again (it prints the new period); the
    department and the offices are notified.
    """
    require(by, DECIDE_RECTIFICATION, rectification, message=_("只有院党委可以验收或延长整改。"))
    reason = reason.strip()
    if not reason:
        raise DomainError(_("请填写延长整改期的理由。"))
    locked = lock(rectification)
    _require_due(locked)
    if ends_on <= locked.ends_on:
        raise DomainError(
            _("新的整改截止日期须晚于原截止日期（%(date)s）。")
            % {"date": full_date(locked.ends_on)}
        )
    limit = latest_end(locked)
    if ends_on > limit:
        raise DomainError(
            _("整改期最长 %(months)s 个月：自%(start)s起，截止日期不能晚于%(limit)s。")
            % {
                "months": RECTIFICATION_MAX_MONTHS,
                "start": full_date(locked.starts_on),
                "limit": full_date(limit),
            }
        )
    rectification = apply_transition(
        instance=locked,
        transition="extend",
        by=by,
        event_model=RectificationEvent,
        reason=reason,
        update_fields=["ends_on"],
        ends_on=ends_on,
    )
    _notice_request(rectification)
    unit = rectification.unit
    with site_language():
        notify(
            recipients=[*applicants_and_head(unit), *_recipients_offices()],
            subject=_("%(unit)s整改期延长至%(date)s")
            % {"unit": unit.name, "date": full_date(ends_on)},
            body=_("延长理由：%(reason)s") % {"reason": reason},
            url=_url(rectification),
        )
    return rectification
