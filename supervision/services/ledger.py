"""The rectification ledger (整改台账, seed 002 四(四)): the findings of a done visit,
each about one department, with its responsible person and due date; the
department's rectification with evidence; the office's check (supervision/enums.py).
"""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import users_with_role
from core.errors import AlreadySubmittedError, DomainError
from core.files import check_upload
from core.i18n import full_date, site_language
from core.permissions import require
from core.uploads import EVIDENCE_KINDS
from core.workflow import apply_transition, lock
from departments.selectors import applicants_and_head
from hospital.selectors import hospital_profile
from notifications.services import notify
from supervision.enums import AWAITING_DEPARTMENT, ReminderKind, VisitState
from supervision.models import (
    LedgerEvidence,
    LedgerItem,
    LedgerItemEvent,
    LedgerRectification,
    LedgerReminder,
)
from supervision.rules import CHECK_ITEM, MANAGE_VISITS, RECTIFY_ITEM, checks
from workcalendar.workdays import SHANGHAI, WorkCalendar, end_of_day

from .visits import MAX_TEXT_CHARS, _text

MAX_EVIDENCE_BYTES = 20 * 1024 * 1024
MAX_EVIDENCE_FILES = 10
# Reminders before the due date go out at the start of the working day.
REMIND_AT = datetime.time(8, 0)


def item_url(item):
    return reverse("supervision:item", args=[item.pk])


def _offices():
    return [*users_with_role("party_office"), *users_with_role("discipline_office")]


def _department(item):
    """Who is told about an item: the unit's applicants and head, and its responsible
    person when they have an account."""
    recipients = applicants_and_head(item.unit)
    if item.responsible.user_id is not None:
        recipients.append(item.responsible.user)
    return list({user.pk: user for user in recipients}.values())


def _require_new(model, submission_key, by, author_field, message):
    """Refuse a second row from the same form (``by``'s row locked first, so a second
    click waits for the first and then finds its row)."""
    if not submission_key:
        return
    User.objects.select_for_update(no_key=True).filter(pk=by.pk).first()
    earlier = model.objects.filter(submission_key=submission_key).first()
    if earlier is None:
        return
    if getattr(earlier, author_field) != by.pk:
        raise DomainError(_("表单已失效，请重新打开页面后再提交。"))
    raise AlreadySubmittedError(message, existing=getattr(earlier, "item", earlier))


def is_of_the_units_family(person, unit):
    """``person`` is on ``unit``'s roster: in it, or in one of its clean teams."""
    return unit.pk in (person.department_id, person.department.parent_id)


# --- the deadlines as rows ---------------------------------------------------------------


def reminder_moments(due_on, calendar=None):
    """``{kind: due_at}``: 08:00 of the working day N working days before ``due_on``
    (N = the hospital's ``report_reminder_working_days``; none when N is 0) and the
    end of ``due_on`` (24:00, when the item becomes overdue). Raises
    ``UnconfirmedYearError`` when the count reaches a year nobody entered."""
    calendar = calendar or WorkCalendar()
    moments = {ReminderKind.OVERDUE: end_of_day(due_on)}
    lead = hospital_profile().report_reminder_working_days
    if lead:
        day = calendar.working_days_before(due_on, lead)
        moments[ReminderKind.BEFORE_DUE] = datetime.datetime.combine(day, REMIND_AT, SHANGHAI)
    return moments


# --- recording a finding -----------------------------------------------------------------


@transaction.atomic
def finding_record(
    *, visit, by, unit, finding, responsible, due_on, submission_key=None, today=None
):
    """Record a finding of a done visit about ``unit``: it becomes a ledger item (整改台账)
    with ``responsible`` (a person of the unit) and ``due_on``.

    Refused unless ``by`` manages visits; the visit is done; ``unit`` is one of the
    visited departments; the finding is described; ``responsible`` is an active person
    of the unit (or of one of its clean teams), never of another department; ``due_on``
    is after the visit and not before ``today``, and a working day (a year nobody entered
    in the calendar is refused with the calendar's message). ``submission_key``: a second
    post of the same form gets ``AlreadySubmittedError`` with the first item.

    Side effects: one LedgerItem (open), a ``record`` LedgerItemEvent, its reminder rows
    (before the due date and overdue, swept by supervision.services.reminders); the
    unit's applicants, head and the responsible person are notified.
    """
    require(
        by, MANAGE_VISITS, visit, message=_("只有党委办公室和纪检监察室可以记录调研发现的问题。")
    )
    today = today or timezone.localdate()
    visit = lock(visit)
    if visit.state != VisitState.DONE:
        raise DomainError(
            _("调研指导当前为“%(state)s”，完成调研后才能记录发现的问题。")
            % {"state": visit.get_state_display()}
        )
    if unit is None or not visit.departments.filter(pk=unit.pk).exists():
        raise DomainError(_("该科室不在本次调研指导的科室中。"), field="unit")
    finding = _text(finding, missing=_("请填写发现的问题。"))
    if responsible is None:
        raise DomainError(_("请填写整改责任人。"), field="responsible")
    if not responsible.active or not is_of_the_units_family(responsible, unit):
        raise DomainError(
            _("%(person)s不是“%(unit)s”的在职人员，整改责任人须是该科室的人员。")
            % {"person": responsible.name, "unit": unit.name},
            field="responsible",
        )
    if due_on is None or due_on <= visit.visited_on or due_on < today:
        raise DomainError(
            _("整改期限须晚于调研日期（%(visited)s），且不早于今天。")
            % {"visited": full_date(visit.visited_on)},
            field="due_on",
        )
    calendar = WorkCalendar()
    if not calendar.is_working_day(due_on):
        raise DomainError(
            _("%(date)s不是工作日，整改期限须是工作日。") % {"date": full_date(due_on)},
            field="due_on",
        )
    moments = reminder_moments(due_on, calendar)
    _require_new(
        LedgerItem, submission_key, by, "recorded_by_id", _("该问题已经记录过，没有重复登记。")
    )
    item = LedgerItem.objects.create(
        visit=visit,
        unit=unit,
        finding=finding,
        responsible=responsible,
        due_on=due_on,
        recorded_by=by,
        submission_key=submission_key,
    )
    LedgerItemEvent.objects.create(
        subject=item, actor=by, transition="record", from_state="", to_state=item.state
    )
    LedgerReminder.objects.bulk_create(
        [LedgerReminder(item=item, kind=kind, due_at=at) for kind, at in moments.items()]
    )
    with site_language():
        notify(
            recipients=_department(item),
            subject=_("调研指导发现%(unit)s的问题，请于%(date)s前整改")
            % {"unit": unit.name, "date": full_date(due_on)},
            body=_("问题：%(finding)s。整改责任人：%(person)s。")
            % {"finding": finding, "person": responsible.name},
            url=item_url(item),
        )
    return item


# --- the department's rectification ------------------------------------------------------


def _checked_uploads(uploads):
    uploads = list(uploads)
    if not uploads:
        raise DomainError(_("请上传整改佐证材料（至少一个文件）。"), field="evidence")
    if len(uploads) > MAX_EVIDENCE_FILES:
        raise DomainError(
            _("每次最多上传 %(limit)s 个佐证文件，您选择了 %(count)s 个。")
            % {"limit": MAX_EVIDENCE_FILES, "count": len(uploads)},
            field="evidence",
        )
    return [
        check_upload(upload, kinds=EVIDENCE_KINDS, max_bytes=MAX_EVIDENCE_BYTES)
        for upload in uploads
    ]


def takes_rectification(item):
    """The item waits for the department: open, or sent back."""
    return item.state in AWAITING_DEPARTMENT


@transaction.atomic
def ledger_rectify(*, item, by, text, uploads=(), submission_key=None):
    """The department's head or contact submits what was done about ``item``, with
    evidence files, while it is open or sent back.

    Refused unless ``by`` is an applicant or the head of the item's unit; the item waits
    for the department; the rectification is described; one to ten files, each a PDF,
    JPG, PNG, Word or Excel file by content (at most 20 MB). ``submission_key``: a second
    post of the same form gets ``AlreadySubmittedError`` and writes nothing.

    Side effects: one LedgerRectification with its files stored privately under random
    names; state → rectified with a ``rectify`` LedgerItemEvent; the party office and
    the discipline office are notified to check it.
    """
    unit = item.unit
    require(
        by,
        RECTIFY_ITEM,
        item,
        message=_("只有“%(unit)s”的科室负责人或联络员可以提交整改情况。") % {"unit": unit.name},
    )
    text = _text(text, missing=_("请填写整改情况。"))
    checked = _checked_uploads(uploads)
    _require_new(
        LedgerRectification,
        submission_key,
        by,
        "submitted_by_id",
        _("该整改情况已经提交过，没有重复提交。"),
    )
    item = apply_transition(
        instance=item, transition="rectify", by=by, event_model=LedgerItemEvent, reason=text
    )
    rectification = LedgerRectification.objects.create(
        item=item, text=text, submitted_by=by, submission_key=submission_key
    )
    # The files last, after every check; none stays on disk if a row fails.
    LedgerEvidence.create_all(checked, rectification=rectification, uploaded_by=by)
    with site_language():
        notify(
            recipients=_offices(),
            subject=_("%(unit)s提交了整改情况，请核查") % {"unit": unit.name},
            body=_("问题：%(finding)s") % {"finding": item.finding},
            url=item_url(item),
        )
    return item


# --- the office's check ------------------------------------------------------------------


def _check_refusal(by, item):
    if checks(by):
        return _("您是该科室人员，须回避，不能核查本科室的整改台账。")
    return _("只有党委办公室和纪检监察室可以核查整改情况。")


@transaction.atomic
def ledger_close(*, item, by, note="", now=None):
    """The office accepts the rectification: the item is closed (销号), on time when
    today (Asia/Shanghai) is on or before its due date.

    Never by someone of the unit. Side effects: state rectified → closed with who,
    when and the day; a ``close`` LedgerItemEvent with the note; the department is
    notified.
    """
    require(by, CHECK_ITEM, item, message=_check_refusal(by, item))
    now = now or timezone.now()
    item = apply_transition(
        instance=item,
        transition="close",
        by=by,
        event_model=LedgerItemEvent,
        reason=(note or "").strip(),
        update_fields=["closed_by", "closed_at", "closed_on"],
        closed_by=by,
        at=now,
        on=timezone.localdate(now, SHANGHAI),
    )
    with site_language():
        notify(
            recipients=_department(item),
            subject=_("%(unit)s的整改事项已销号") % {"unit": item.unit.name},
            body=_("问题：%(finding)s") % {"finding": item.finding},
            url=item_url(item),
        )
    return item


@transaction.atomic
def ledger_send_back(*, item, by, reason):
    """The office finds the rectification not done and sends it back, with a reason;
    the department rectifies again (the due date stays).

    Never by someone of the unit. Side effects: state rectified → sent_back, a
    ``send_back`` LedgerItemEvent with the reason; the department is notified.
    """
    require(by, CHECK_ITEM, item, message=_check_refusal(by, item))
    reason = _text(reason, missing=_("退回须说明理由。"), limit=MAX_TEXT_CHARS)
    item = apply_transition(
        instance=item, transition="send_back", by=by, event_model=LedgerItemEvent, reason=reason
    )
    with site_language():
        notify(
            recipients=_department(item),
            subject=_("%(unit)s的整改情况被退回，请重新整改") % {"unit": item.unit.name},
            body=_("退回理由：%(reason)s。整改期限：%(date)s。")
            % {"reason": reason, "date": full_date(item.due_on)},
            url=item_url(item),
        )
    return item
