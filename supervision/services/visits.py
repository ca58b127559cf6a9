"""Supervision visits (调研指导, seed 002 四): planned, then done or cancelled
(supervision/enums.py). The party office and the discipline office manage them.
"""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import AlreadySubmittedError, DomainError
from core.i18n import full_date, join_items, site_language
from core.permissions import require
from core.workflow import apply_transition, lock
from departments.selectors import applicants_and_head
from notifications.services import notify
from supervision.enums import VisitKind, VisitMethod, VisitOrganizer
from supervision.models import Visit, VisitEvent
from supervision.rules import MANAGE_VISITS

MAX_TEXT_CHARS = 5000


def _not_manager():
    return _("只有党委办公室和纪检监察室可以计划和记录调研指导。")


def _url(visit):
    return reverse("supervision:visit", args=[visit.pk])


def _half_of(day):
    return VisitKind.FIRST_HALF if day.month <= 6 else VisitKind.SECOND_HALF


def _text(value, *, missing, limit=MAX_TEXT_CHARS):
    value = (value or "").strip()
    if not value:
        raise DomainError(missing)
    if len(value) > limit:
        raise DomainError(
            _("内容最多 %(limit)s 字，现为 %(length)s 字。")
            % {"limit": limit, "length": len(value)}
        )
    return value


def _require_new_visit(by, submission_key):
    """Refuse a second visit from the same planning form (the planner's row locked first)."""
    if not submission_key:
        return
    User.objects.select_for_update(no_key=True).filter(pk=by.pk).first()
    earlier = Visit.objects.filter(submission_key=submission_key).first()
    if earlier is None:
        return
    if earlier.created_by_id != by.pk:
        raise DomainError(_("表单已失效，请重新打开页面后再提交。"))
    raise AlreadySubmittedError(_("该调研指导已经计划过，没有重复登记。"), existing=earlier)


@transaction.atomic
def visit_plan(
    *,
    by,
    year,
    kind,
    organizer,
    departments,
    planned_on,
    members,
    lead_office=None,
    submission_key=None,
):
    """Plan a visit (调研指导) of ``year`` to ``departments`` on ``planned_on``.

    Refused unless ``by`` manages visits (the party office, the discipline office); at
    least one active department; the half-year visits (上半年 / 下半年) are the working
    group's (seed 002 四(三)) and fall in their half of ``year``; an ad hoc visit falls in
    ``year``; a visit by a lead office names that office; the members are given.
    ``submission_key`` is the form's random key: a second post of the same form gets
    ``AlreadySubmittedError`` carrying the first visit.

    Side effects: one Visit, a ``plan`` VisitEvent; the visited departments' applicants
    and heads are notified.
    """
    require(by, MANAGE_VISITS, message=_not_manager())
    departments = list(departments)
    if not departments:
        raise DomainError(_("请至少选择一个调研科室。"), field="departments")
    retired = [unit.name for unit in departments if not unit.active]
    if retired:
        raise DomainError(
            _("科室已停用，不能调研：%(units)s。") % {"units": join_items(retired)},
            field="departments",
        )
    if kind not in VisitKind.values:
        raise DomainError(_("请选择调研指导的类别。"), field="kind")
    if organizer not in VisitOrganizer.values:
        raise DomainError(_("请选择组织方。"), field="organizer")
    if organizer == VisitOrganizer.LEAD_OFFICE:
        if lead_office is None:
            raise DomainError(_("由牵头部门组织的调研指导须写明牵头部门。"), field="lead_office")
        if kind != VisitKind.AD_HOC:
            raise DomainError(
                _(
                    "上半年、下半年的定期调研指导由工作专班统一组织；牵头部门组织的是不定期调研指导。"
                ),
                field="kind",
            )
    else:
        lead_office = None
    if planned_on is None or planned_on.year != year:
        raise DomainError(_("计划日期须在 %(year)s 年内。") % {"year": year}, field="planned_on")
    if kind != VisitKind.AD_HOC and _half_of(planned_on) != kind:
        raise DomainError(
            _("%(kind)s的计划日期须在该半年内（%(date)s不在其中）。")
            % {"kind": VisitKind(kind).label, "date": full_date(planned_on)},
            field="planned_on",
        )
    members = _text(members, missing=_("请填写调研人员。"), limit=300)
    _require_new_visit(by, submission_key)
    visit = Visit.objects.create(
        year=year,
        kind=kind,
        organizer=organizer,
        lead_office=lead_office,
        planned_on=planned_on,
        members=members,
        created_by=by,
        submission_key=submission_key,
    )
    visit.departments.set(departments)
    VisitEvent.objects.create(
        subject=visit, actor=by, transition="plan", from_state="", to_state=visit.state
    )
    with site_language():
        for unit in departments:
            notify(
                recipients=applicants_and_head(unit),
                subject=_("%(date)s将对%(unit)s开展调研指导")
                % {"date": full_date(planned_on), "unit": unit.name},
                body=_("%(kind)s，调研人员：%(members)s。")
                % {"kind": VisitKind(kind).label, "members": members},
                url=_url(visit),
            )
    return visit


@transaction.atomic
def visit_complete(*, visit, by, visited_on, members, methods, summary="", today=None):
    """Record that the visit took place: on ``visited_on`` (not in the future), who went,
    what was done (``methods``: hear reports, visit, read records, discussion; at least
    one) and a summary. Then its findings may be recorded.

    Side effects: state planned → done with those fields, a ``complete`` VisitEvent.
    """
    require(by, MANAGE_VISITS, visit, message=_not_manager())
    today = today or timezone.localdate()
    if visited_on is None or visited_on > today:
        raise DomainError(_("调研日期不能晚于今天。"), field="visited_on")
    current = lock(visit)
    if visited_on.year != current.year:
        raise DomainError(
            _("调研日期须在 %(year)s 年内。") % {"year": current.year}, field="visited_on"
        )
    members = _text(members, missing=_("请填写调研人员。"), limit=300)
    methods = list(dict.fromkeys(methods or ()))
    if not methods:
        raise DomainError(
            _("请至少选择一种调研方式（听取汇报、实地走访、查阅资料等）。"), field="methods"
        )
    unknown = [value for value in methods if value not in VisitMethod.values]
    if unknown:
        raise DomainError(_("调研方式不正确：%(values)s。") % {"values": "、".join(unknown)})
    summary = (summary or "").strip()
    if len(summary) > MAX_TEXT_CHARS:
        raise DomainError(
            _("内容最多 %(limit)s 字，现为 %(length)s 字。")
            % {"limit": MAX_TEXT_CHARS, "length": len(summary)},
            field="summary",
        )
    return apply_transition(
        instance=current,
        transition="complete",
        by=by,
        event_model=VisitEvent,
        update_fields=["visited_on", "members", "methods", "summary"],
        visited_on=visited_on,
        members=members,
        methods=methods,
        summary=summary,
    )


@transaction.atomic
def visit_cancel(*, visit, by, reason):
    """Cancel a planned visit, with a reason.

    Side effects: state planned → cancelled, a ``cancel`` VisitEvent with the reason;
    the visited departments' applicants and heads are notified.
    """
    require(by, MANAGE_VISITS, visit, message=_not_manager())
    reason = _text(reason, missing=_("取消调研指导须说明理由。"), limit=1000)
    visit = apply_transition(
        instance=visit, transition="cancel", by=by, event_model=VisitEvent, reason=reason
    )
    with site_language():
        for unit in visit.departments.all():
            notify(
                recipients=applicants_and_head(unit),
                subject=_("原定%(date)s对%(unit)s的调研指导已取消")
                % {"date": full_date(visit.planned_on), "unit": unit.name},
                body=_("理由：%(reason)s") % {"reason": reason},
                url=_url(visit),
            )
    return visit
