"""A veto event (否决事项): reported, verified or dismissed by the discipline
office, confirmed or dismissed by the party committee. See veto/enums.py.

Who may do what is checked here, whatever the caller. Nobody decides on an
event about their own department. The department learns of an event only
once it is confirmed (never of a report being verified).
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
from core.uploads import EVIDENCE_KINDS
from core.workflow import apply_transition, lock
from departments.rules import own_department_id
from departments.selectors import applicants_and_head
from notifications.services import notify
from veto.enums import VetoEventState
from veto.models import VetoEvent, VetoEventEvent, VetoEvidence, VetoIndicator
from veto.rules import (
    CONFIRM,
    DISMISS,
    REPORT,
    VERIFY,
    confirms,
    dismisses_in_state,
    verifies,
)

from .effects import apply_effects, held_titles, indicator_label, require_months

MAX_EVIDENCE_BYTES = 20 * 1024 * 1024
MAX_EVIDENCE_FILES = 10
MAX_DESCRIPTION_CHARS = 5000


def _event_url(event):
    return reverse("veto:event", args=[event.pk])


def reportable_indicators(user):
    """The active indicators ``user`` may report under (one query)."""
    indicators = VetoIndicator.objects.filter(retired_at__isnull=True).order_by("number")
    if user.has_perm(REPORT):
        return indicators
    department_id = own_department_id(user)
    if department_id is None:
        return indicators.none()
    return indicators.filter(responsible_departments=department_id).distinct()


def _checked_uploads(uploads):
    uploads = list(uploads)
    if len(uploads) > MAX_EVIDENCE_FILES:
        raise DomainError(
            _("每个否决事项最多附 %(limit)s 个证据文件，您选择了 %(count)s 个。")
            % {"limit": MAX_EVIDENCE_FILES, "count": len(uploads)}
        )
    return [
        check_upload(upload, kinds=EVIDENCE_KINDS, max_bytes=MAX_EVIDENCE_BYTES)
        for upload in uploads
    ]


def _store_evidence(event, by, checked):
    """Write the files last, after every check; none stays on disk if a row fails."""
    VetoEvidence.create_all(checked, event=event, uploaded_by=by)


def _require_new_report(by, submission_key):
    """Refuse a second event from the same form; the reporter's row is locked first,
    so a second click waits for the first and then finds its event."""
    if not submission_key:
        return
    User.objects.select_for_update(no_key=True).filter(pk=by.pk).first()
    earlier = VetoEvent.objects.filter(submission_key=submission_key).first()
    if earlier is None:
        return
    if earlier.reported_by_id != by.pk:  # a key nobody but its author's page ever held
        raise DomainError(_("表单已失效，请重新打开页面后再提交。"))
    raise AlreadySubmittedError(_("该否决事项已经报告过，没有重复登记。"), existing=earlier)


@transaction.atomic
def veto_event_report(
    *,
    indicator,
    unit,
    by,
    occurred_on,
    description,
    person=None,
    uploads=(),
    recheck=None,
    submission_key=None,
):
    """Report that ``unit`` (or ``person`` of it) met ``indicator`` on ``occurred_on``.

    Refused unless ``by`` may report under the indicator (the discipline office,
    or a person of a department the indicator names); the indicator is not
    retired; the date is not in the future; a description is given; the
    person, if any, is on the unit's roster; the re-check, if any, is of the
    unit's title; every file is a PDF, JPG, PNG, Word or Excel file (by
    content, at most 20 MB, 10 files).

    ``submission_key`` is the form's random key: when an event was already
    reported from the same form (a double click, a resend),
    ``AlreadySubmittedError`` carries that one and nothing new is written.

    Side effects: one VetoEvent with the indicator's wording as it is now, its
    evidence stored privately under random names, a ``report`` event; the
    discipline office is notified (the department is not).
    """
    require(
        by,
        REPORT,
        indicator,
        message=_("您不能报告第%(number)s项否决性指标：只有纪检监察室和该指标的责任部门可以报告。")
        % {"number": indicator.number},
    )
    if indicator.is_retired:
        raise DomainError(_("该否决性指标已停用，不能再报告。"))
    if occurred_on is None or occurred_on > timezone.localdate():
        raise DomainError(_("发生日期不能晚于今天。"))
    description = (description or "").strip()
    if not description:
        raise DomainError(_("请填写事实描述。"))
    if len(description) > MAX_DESCRIPTION_CHARS:
        raise DomainError(
            _("事实描述最多 %(limit)s 字，现为 %(length)s 字。")
            % {"limit": MAX_DESCRIPTION_CHARS, "length": len(description)}
        )
    if person is not None and unit.pk not in (person.department_id, person.department.parent_id):
        raise DomainError(
            _("%(person)s不在“%(unit)s”的人员名单上。") % {"person": person.name, "unit": unit.name}
        )
    if recheck is not None and recheck.title.unit_id != unit.pk:
        raise DomainError(_("该复核不是对“%(unit)s”的复核。") % {"unit": unit.name})
    checked = _checked_uploads(uploads)
    _require_new_report(by, submission_key)
    event = VetoEvent.objects.create(
        indicator=indicator,
        indicator_number=indicator.number,
        indicator_text=indicator.text,
        indicator_evidence_basis=indicator.evidence_basis,
        unit=unit,
        person=person,
        occurred_on=occurred_on,
        description=description,
        reported_by=by,
        recheck=recheck,
        submission_key=submission_key,
    )
    VetoEventEvent.objects.create(
        subject=event, actor=by, transition="report", from_state="", to_state=event.state
    )
    _store_evidence(event, by, checked)
    values = {"unit": unit.name, "indicator": indicator_label(event)}
    with site_language():
        notify(
            recipients=users_with_role("discipline_office"),
            subject=_("收到对“%(unit)s”的否决事项报告，请核实") % values,
            body=_("报告涉及%(indicator)s。") % values,
            url=_event_url(event),
        )
    return event


def _own_unit():
    return _("您是该科室人员，须回避，不能处理涉及本科室的否决事项。")


def _dismiss_refusal(by, event):
    """Why ``by`` may not dismiss ``event`` as it stands: the step is another office's,
    or they work in the unit."""
    if not dismisses_in_state(by, event):
        if event.state == VetoEventState.VERIFIED:
            return _("已核实的否决事项只能由院党委不予认定。")
        return _("待核实的否决事项只能由纪检监察室不予认定。")
    return _own_unit()


@transaction.atomic
def veto_event_verify(*, event, by, note="", now=None):
    """The discipline office verifies a reported event (核实).

    Never by someone of the unit. Side effects: state → verified, who and when,
    a ``verify`` event with the note; the reporter and the party committee are
    notified.
    """
    require(
        by,
        VERIFY,
        event,
        message=_own_unit() if verifies(by) else _("只有纪检监察室可以核实否决事项。"),
    )
    event = apply_transition(
        instance=event,
        transition="verify",
        by=by,
        event_model=VetoEventEvent,
        reason=(note or "").strip(),
        update_fields=["verified_by", "verified_at"],
        verified_by=by,
        at=now or timezone.now(),
    )
    values = {"unit": event.unit.name, "indicator": indicator_label(event)}
    with site_language():
        notify(
            recipients=[event.reported_by],
            subject=_("您报告的否决事项（%(unit)s）已经纪检监察室核实") % values,
            url=_event_url(event),
        )
        notify(
            recipients=users_with_role("party_committee"),
            subject=_("否决事项待院党委确认：%(unit)s") % values,
            body=_("纪检监察室已核实%(indicator)s，请院党委确认或不予认定。") % values,
            url=_event_url(event),
        )
    return event


@transaction.atomic
def veto_event_dismiss(*, event, by, reason, now=None):
    """Dismiss an event (不予认定), with a reason: the discipline office while it is
    reported, the party committee once it is verified.

    Never by someone of the unit. Side effects: state → dismissed, who and when,
    a ``dismiss`` event with the reason; the reporter is notified (and the
    discipline office, when the committee dismissed it).
    """
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("不予认定须说明理由。"))
    current = lock(event)
    require(by, DISMISS, current, message=_dismiss_refusal(by, current))
    by_committee = current.state == VetoEventState.VERIFIED
    event = apply_transition(
        instance=current,
        transition="dismiss",
        by=by,
        event_model=VetoEventEvent,
        reason=reason,
        update_fields=["decided_by", "decided_at"],
        decided_by=by,
        at=now or timezone.now(),
    )
    values = {"unit": event.unit.name, "reason": reason}
    recipients = [event.reported_by]
    if by_committee:
        recipients += list(users_with_role("discipline_office"))
    with site_language():
        notify(
            recipients=recipients,
            subject=_("否决事项（%(unit)s）不予认定") % values,
            body=_("理由：%(reason)s") % values,
            url=_event_url(event),
        )
    return event


@transaction.atomic
def veto_event_confirm(*, event, by, reason, rectification_months=None, today=None, now=None):
    """The party committee confirms a verified event (认定), with a reason.

    Never by someone of the unit. When the unit holds a title, a rectification
    period of 3 to 6 months must be chosen. In this one transaction: state →
    confirmed (who, when, a ``confirm`` event); the effects of
    ``veto.services.effects.apply_effects`` (disqualification in running
    campaigns, the publicity list and board, revocation of titles, the
    rectification with its number and notice); notifications to the reporter,
    the discipline office and the department (e-mailed after commit).
    Returns the event.
    """
    require(
        by,
        CONFIRM,
        event,
        message=_own_unit() if confirms(by) else _("只有院党委可以确认否决事项。"),
    )
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("请填写确认意见。"))
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    if held_titles(event.unit).exists():
        rectification_months = require_months(rectification_months)
    event = apply_transition(
        instance=event,
        transition="confirm",
        by=by,
        event_model=VetoEventEvent,
        reason=reason,
        update_fields=["decided_by", "decided_at"],
        decided_by=by,
        at=now,
    )
    disqualified, rectification = apply_effects(
        event=event, by=by, reason=reason, months=rectification_months, today=today
    )
    unit = event.unit
    values = {"unit": unit.name, "indicator": indicator_label(event), "reason": reason}
    with site_language():
        notify(
            recipients=[event.reported_by, *users_with_role("discipline_office")],
            subject=_("否决事项（%(unit)s）已经院党委确认") % values,
            body=_("确认意见：%(reason)s") % values,
            url=_event_url(event),
        )
        if not disqualified and rectification is None:
            notify(
                recipients=applicants_and_head(unit),
                subject=_("院党委确认了涉及“%(unit)s”的否决事项") % values,
                body=_("院党委已确认%(indicator)s。") % values,
                url=_event_url(event),
            )
    return event
