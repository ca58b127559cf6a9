"""The discipline office takes an objection (异议) up and settles it; an upheld
objection takes the department off the publicity list.

Who may: ``publicity.handle_objection`` on the objection (publicity.rules): the
discipline office, never a member of the department objected to. Nothing written
where the department can read it (its application's events, its notifications,
the publicity notice) names the objector; an office member of the department is
told only what the department is told (publicity.rules.objection_readers).

The publicity row is locked first, as in publicity.services.objections, so
settlements, submissions and the closing sweep serialise on it.
"""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import users_with_role
from appraisal.models import ApplicationEvent
from core.errors import DomainError
from core.i18n import site_language
from core.permissions import require
from core.workflow import apply_transition
from departments.selectors import applicants_and_head
from documents.enums import DocumentKind
from documents.services import document_request
from notifications.services import notify
from publicity.enums import OBJECTION_OPEN_STATES, PublicityState
from publicity.models import ObjectionEvent, Publicity, PublicityEvent
from publicity.rules import HANDLE, objection_readers
from publicity.services.board import board_changed
from publicity.services.objections import objection_url, receipt_url

MAX_FINDINGS_CHARS = 5000


def _application_url(application):
    return reverse("appraisal:application", args=[application.pk])


def _require_handler(by, objection):
    """The discipline office's permission at all, then on this objection (recusal)."""
    require(by, HANDLE, message=_("只有纪检监察室可以受理和办结异议。"))
    require(
        by,
        HANDLE,
        objection,
        message=_("您是被异议科室的人员，须回避，不能处理针对本科室的异议。"),
    )


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
    objected to are told only what the department is told. Either way, if the
    publicity closed with objections pending and none is left open, it is
    settled (→ closed, an event by ``by``) and the party office is told.
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
                url=objection_url(objection),
            )
            notify(
                recipients=[objection.objector],
                subject=_("您的异议 %(number)s 已办结：异议成立") % values,
                body=_("“%(unit)s”已撤出公示名单。调查结论：%(findings)s") % values,
                url=receipt_url(objection),
            )
    else:
        with site_language():
            notify(
                recipients=objection_readers(objection, users_with_role("party_office")),
                subject=_("对“%(unit)s”的异议不成立（%(number)s）") % values,
                body=_("调查结论：%(findings)s") % values,
                url=objection_url(objection),
            )
            notify(
                recipients=[objection.objector],
                subject=_("您的异议 %(number)s 已办结：异议不成立") % values,
                body=_("调查结论：%(findings)s") % values,
                url=receipt_url(objection),
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
