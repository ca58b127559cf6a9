"""Writes of the quarterly situation analysis (docs/analysis.md). Each service takes
keyword-only arguments, runs in one transaction, asks the permission itself (a view, the
admin or a script alike) and writes a ``QuarterlyReportEvent`` for every decision.

The rules:

* a report is drafted for a quarter that has begun, never for one to come;
* one draft at a time per quarter; a quarter already issued may be drafted again only
  with a reason (a reissue), and the version in force stays in force until the new one
  is issued;
* a draft is issued once its quarter has ended (a quarter's figures are whole only then)
  and once the party office has written its commentary; the figures are frozen into the
  version (``snapshot``) and the version in force before it is superseded, kept as it
  was issued;
* the committee's conclusions are recorded once, on the issued version in force, with
  the meeting's date (not in the future, not before the version was issued); a
  correction is a reissue.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from analysis import figures
from analysis.enums import QUARTERS, VersionState
from analysis.models import QuarterlyReport, QuarterlyReportEvent, QuarterlyReportVersion
from analysis.rules import DRAFT, EDIT_VERSION, RECORD_CONCLUSIONS
from core.errors import DomainError
from core.templatetags.qinglian import cn_date
from core.workflow import apply_transition, lock
from documents.enums import DocumentKind
from documents.services import document_request

TEXT_LIMIT = 20_000


def _require(user, permission, obj=None):
    if not user.has_perm(permission, obj):
        raise DomainError(_("您没有权限进行此操作。"))


def _clean_text(text, *, field, label):
    text = (text or "").strip()
    if not text:
        raise DomainError(_("请填写%(label)s。") % {"label": label}, field=field)
    if len(text) > TEXT_LIMIT:
        raise DomainError(
            _("%(label)s不能超过 %(limit)s 字。") % {"label": label, "limit": TEXT_LIMIT},
            field=field,
        )
    return text


def report_draft(*, year, quarter, by, reason="", today=None):
    """Start a draft of the report of ``quarter`` of ``year``; returns the new version.

    Side effects: the ``QuarterlyReport`` row when it is the quarter's first; a draft
    version numbered after the quarter's last; a ``draft`` event with the reason.
    Refused: not the party office, a quarter out of 1–4 or not yet begun, a draft
    already open for the quarter, a quarter issued before and no reason given.
    """
    _require(by, DRAFT)
    today = today or timezone.localdate()
    if quarter not in QUARTERS:
        raise DomainError(_("季度应为 1 至 4。"), field="quarter")
    if not 2000 <= year <= 2100:
        raise DomainError(_("年度应在 2000 至 2100 之间。"), field="year")
    if figures.quarter_first_day(year, quarter) > today:
        raise DomainError(
            _("%(year)s年第%(quarter)s季度尚未开始，不能起草。")
            % {"year": year, "quarter": quarter},
            field="quarter",
        )
    reason = (reason or "").strip()
    with transaction.atomic():
        report, _created = QuarterlyReport.objects.get_or_create(year=year, quarter=quarter)
        report = QuarterlyReport.objects.select_for_update().get(pk=report.pk)
        versions = list(report.versions.order_by("number"))
        draft = next((v for v in versions if v.state == VersionState.DRAFT), None)
        if draft is not None:
            raise DomainError(
                _("%(report)s已有草稿（第%(number)s版），请在草稿上修改。")
                % {"report": report, "number": draft.number}
            )
        if versions and not reason:
            raise DomainError(
                _("%(report)s已印发，重新起草须说明理由。") % {"report": report}, field="reason"
            )
        version = QuarterlyReportVersion.objects.create(
            report=report,
            number=len(versions) + 1,
            reason=reason,
            commentary=versions[-1].commentary if versions else "",
            created_by=by,
        )
        QuarterlyReportEvent.objects.create(
            subject=version,
            actor=by,
            transition="draft",
            from_state="",
            to_state=VersionState.DRAFT,
            reason=reason,
        )
    return version


def commentary_save(*, version, commentary, by):
    """Keep the party office's commentary (党办分析意见) on a draft.

    Side effects: the version's ``commentary``; a ``commentary`` event.
    Refused: not the party office, the version no longer a draft, an empty or too long text.
    """
    commentary = _clean_text(commentary, field="commentary", label=_("党办分析意见"))
    with transaction.atomic():
        locked = lock(version)
        _require(by, EDIT_VERSION, locked)
        locked.commentary = commentary
        locked.save(update_fields=["commentary"])
        QuarterlyReportEvent.objects.create(
            subject=locked,
            actor=by,
            transition="commentary",
            from_state=locked.state,
            to_state=locked.state,
        )
    return locked


def report_issue(*, version, by, now=None):
    """Issue a draft: its figures are assembled now and frozen into the version.

    Side effects: the version issued (snapshot, who, when) with an ``issue`` event; the
    version in force before it superseded, with a ``supersede`` event; the report's PDF
    asked for (``documents.services.document_request``, rendered after commit).
    Refused: not the party office, not a draft, the quarter not ended, no commentary.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    with transaction.atomic():
        locked = lock(version)
        _require(by, EDIT_VERSION, locked)
        report = QuarterlyReport.objects.select_for_update().get(pk=locked.report_id)
        last_day = figures.quarter_last_day(report.year, report.quarter)
        if last_day >= today:
            raise DomainError(
                _("%(report)s尚未结束（至%(day)s），季度结束后方可印发；草稿可以先行起草和修改。")
                % {"report": report, "day": cn_date(last_day)}
            )
        if not locked.commentary.strip():
            raise DomainError(_("请先填写党办分析意见，再印发。"), field="commentary")
        in_force = report.versions.filter(state=VersionState.ISSUED).first()
        if in_force is not None:
            apply_transition(
                instance=in_force,
                transition="supersede",
                by=by,
                event_model=QuarterlyReportEvent,
                reason=_("第%(number)s版印发") % {"number": locked.number},
            )
        snapshot = figures.assemble(report.year, report.quarter, today=today)
        issued = apply_transition(
            instance=locked,
            transition="issue",
            by=by,
            event_model=QuarterlyReportEvent,
            reason=locked.reason,
            update_fields=["snapshot", "issued_at", "issued_by"],
            snapshot=snapshot,
            at=now,
            actor_argument="by",
        )
        document_request(kind=DocumentKind.QUARTERLY_REPORT, subject=issued)
    return issued


def conclusions_record(*, version, conclusions, meeting_on, by, today=None):
    """Record the party committee's conclusions (党委研判意见) on the issued version in force.

    Side effects: the version's conclusions, meeting date, who and when; a
    ``conclusions`` event; the PDF asked for again, now with the conclusions.
    Refused: not the party committee, a draft or a superseded version, conclusions
    recorded already, an empty text, no meeting date, a date in the future or before
    the version was issued.
    """
    today = today or timezone.localdate()
    conclusions = _clean_text(conclusions, field="conclusions", label=_("党委研判意见"))
    if not isinstance(meeting_on, datetime.date):
        raise DomainError(_("请填写党委会议日期。"), field="meeting_on")
    with transaction.atomic():
        locked = lock(version)
        if locked.state != VersionState.ISSUED:
            raise DomainError(
                _("只能在现行的已印发版本上记录研判意见（本版本：%(state)s）。")
                % {"state": locked.get_state_display()}
            )
        _require(by, RECORD_CONCLUSIONS, locked)
        if locked.has_conclusions:
            raise DomainError(
                _("本版本已于%(day)s记录党委研判意见；如需更正，请党办重新印发新版本。")
                % {"day": cn_date(timezone.localdate(locked.conclusions_at))}
            )
        if meeting_on > today:
            raise DomainError(_("党委会议日期不能晚于今天。"), field="meeting_on")
        issued_on = timezone.localdate(locked.issued_at)
        if meeting_on < issued_on:
            raise DomainError(
                _("党委会议日期不能早于本版本的印发日期（%(day)s）。")
                % {"day": cn_date(issued_on)},
                field="meeting_on",
            )
        locked.conclusions = conclusions
        locked.meeting_on = meeting_on
        locked.conclusions_by = by
        locked.conclusions_at = timezone.now()
        locked.save(update_fields=["conclusions", "meeting_on", "conclusions_by", "conclusions_at"])
        QuarterlyReportEvent.objects.create(
            subject=locked,
            actor=by,
            transition="conclusions",
            from_state=locked.state,
            to_state=locked.state,
            reason=_("党委会议日期：%(day)s") % {"day": cn_date(meeting_on)},
        )
        document_request(kind=DocumentKind.QUARTERLY_REPORT, subject=locked)
    return locked
