"""The publicity (院内公示) of a fixed list: opened by the party office, closed by the sweep.

The period is counted in working days on the statutory calendar
(``workcalendar.workdays``: weekends and holidays skipped, adjusted working
weekends counted); a period reaching into a year nobody has confirmed is
refused with the calendar's own message. The deadline is a row
(``Publicity.ends_at``): the beat sweep ``close_due_publicities`` closes what
is due with a conditional update and acts only when it changed exactly one
row, so running it twice, or two workers at once, closes once and notifies
once, and a worker that was down at the deadline closes it at its next run.
"""

import logging

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.roles import users_with_role
from appraisal.enums import ApplicationState, CampaignState
from appraisal.models import Application, CampaignEvent
from appraisal.services.evaluations import refuse_yearly
from core.errors import DomainError
from core.i18n import full_date, join_items, join_sentences, site_language
from core.permissions import require
from core.workflow import apply_transition
from departments.selectors import applicants_of
from documents.enums import DocumentKind
from documents.numbers import document_number_next
from documents.services import document_request
from hospital.enums import IssuerRole
from hospital.selectors import hospital_profile
from notifications.services import notify
from publicity.enums import OBJECTION_OPEN_STATES, PublicityState
from publicity.models import Objection, Publicity, PublicityEvent
from publicity.services.board import board_changed
from workcalendar.workdays import end_of_day, nth_working_day

# The publicity notice is the party committee's, numbered in its sequence.
PARTY_COMMITTEE = IssuerRole.PARTY_COMMITTEE

logger = logging.getLogger(__name__)

OPEN_PUBLICITY = "appraisal.open_publicity"


def publicity_period(starts_on, working_days):
    """``(last_day, ends_at)`` of a publicity of ``working_days`` starting on ``starts_on``.

    Raises ``UnconfirmedYearError`` (a ``DomainError`` naming the year and the
    calendar page) when the count reaches a year nobody has confirmed.
    """
    last_day = nth_working_day(starts_on, working_days)
    return last_day, end_of_day(last_day)


def default_start(today):
    """Today if it is a working day, else the next one; today when the calendar cannot say."""
    try:
        return nth_working_day(today, 1)
    except DomainError:
        return today


def period_preview(campaign, starts_on):
    """``(last_day, ends_at, error)`` of a publicity of ``campaign`` starting on
    ``starts_on``, for the opening form: the calendar's refusal is the error."""
    if starts_on is None:
        return None, None, ""
    try:
        last_day, ends_at = publicity_period(starts_on, campaign.publicity_working_days)
    except DomainError as error:
        return None, None, error.message
    return last_day, ends_at, ""


def _listed_applications(campaign):
    return (
        Application.objects.filter(campaign=campaign, state=ApplicationState.APPROVED)
        .select_related("unit")
        .order_by("unit__code")
    )


def _period_text(publicity):
    return _("%(start)s至%(end)s") % {
        "start": full_date(publicity.starts_on),
        "end": full_date(publicity.last_day),
    }


@transaction.atomic
def publicity_open(*, campaign, by, starts_on, contact="", now=None):
    """The party office puts the campaign's fixed list on the board (decided → publicity).

    ``starts_on`` is today or later (Asia/Shanghai); the period is
    ``campaign.publicity_working_days`` working days from it and ends at 24:00
    of the last one. Refused for anyone without ``appraisal.open_publicity``,
    for a campaign that is not ``decided`` and for a period that reaches a year
    the calendar has not confirmed.

    Side effects: a document number is taken; a Publicity and its ``open``
    PublicityEvent; the campaign moves decided → publicity with a
    CampaignEvent; the publicity notice is requested (rendered after commit);
    the board's cache is cleared on commit; the applicants of the listed
    units, the party office and the discipline office are notified.
    Returns the publicity.
    """
    refuse_yearly(campaign, _("院内公示"))
    now = now or timezone.now()
    require(by, OPEN_PUBLICITY, message=_("只有党办可以发布公示。"))
    if campaign.state != CampaignState.DECIDED:
        raise DomainError(
            _("评选批次当前状态为“%(state)s”，只有名单已审定的批次才能发布公示。")
            % {"state": campaign.get_state_display()}
        )
    if starts_on < timezone.localdate(now):
        raise DomainError(
            _("公示开始日期不能早于今天（%(today)s）。")
            % {"today": full_date(timezone.localdate(now))}
        )
    working_days = campaign.publicity_working_days
    last_day, ends_at = publicity_period(starts_on, working_days)
    listed = list(_listed_applications(campaign))
    if not listed:
        raise DomainError(_("审定名单中没有科室，不能发布公示。"))
    campaign = apply_transition(
        instance=campaign,
        transition="start_publicity",
        by=by,
        event_model=CampaignEvent,
    )
    publicity = Publicity.objects.create(
        campaign=campaign,
        starts_on=starts_on,
        last_day=last_day,
        ends_at=ends_at,
        working_days=working_days,
        contact=(contact or "").strip() or hospital_profile().objection_contact,
        document_number=document_number_next(year=campaign.year, issuer=PARTY_COMMITTEE),
        opened_by=by,
    )
    PublicityEvent.objects.create(
        subject=publicity,
        actor=by,
        transition="open",
        from_state="",
        to_state=publicity.state,
    )
    document_request(kind=DocumentKind.PUBLICITY, subject=publicity, campaign=campaign)
    board_changed()
    board = reverse("publicity:board")
    with site_language():
        subject = _("“%(campaign)s”拟表扬名单开始公示：%(period)s") % {
            "campaign": campaign.title,
            "period": _period_text(publicity),
        }
        body = _("公示名单：%(units)s。对公示名单有异议的，请在公示期内向%(contact)s反映。") % {
            "units": join_items(a.unit.name for a in listed),
            "contact": publicity.contact,
        }
        recipients = [
            *(user for a in listed for user in applicants_of(a.unit)),
            *users_with_role("party_office"),
            *users_with_role("discipline_office"),
        ]
        notify(recipients=recipients, subject=subject, body=body, url=board)
    return publicity


def close_due_publicities(*, now=None):
    """Close every open publicity whose deadline (``ends_at``) has passed.

    Each in its own transaction: the row is locked, the open objections are
    counted, and a conditional update moves it open → closed (none open) or
    open → closed_pending (some open); only a run that changed the row acts.

    Side effects per publicity closed: ``closed_at``; a PublicityEvent by the
    system with the reason; the party office is notified (and the discipline
    office, naming how many objections wait, when some are open); the board's
    cache is cleared on commit. Returns the publicities closed by this run.
    """
    now = now or timezone.now()
    closed = []
    due = Publicity.objects.filter(state=PublicityState.OPEN, ends_at__lte=now).values_list(
        "pk", flat=True
    )
    for pk in due:
        with transaction.atomic():
            publicity = (
                Publicity.objects.select_for_update()
                .filter(pk=pk, state=PublicityState.OPEN)
                .first()
            )
            if publicity is None:
                continue
            pending = Objection.objects.filter(
                publicity_id=pk, state__in=OBJECTION_OPEN_STATES
            ).count()
            target = PublicityState.CLOSED_PENDING if pending else PublicityState.CLOSED
            changed = Publicity.objects.filter(
                pk=pk, state=PublicityState.OPEN, ends_at__lte=now
            ).update(state=target, closed_at=now)
            if changed != 1:
                continue
            publicity.refresh_from_db()
            _record_close(publicity, pending)
            board_changed()
            closed.append(publicity)
    return closed


def _record_close(publicity, pending):
    campaign = publicity.campaign
    with site_language():
        period = _period_text(publicity)
        if pending:
            reason = ngettext(
                "公示期满（%(period)s），尚有 %(count)s 件异议未办结。",
                "公示期满（%(period)s），尚有 %(count)s 件异议未办结。",
                pending,
            ) % {"period": period, "count": pending}
        else:
            reason = _("公示期满（%(period)s），无未办结的异议，公示结束。") % {"period": period}
        PublicityEvent.objects.create(
            subject=publicity,
            actor=None,
            transition="close_pending" if pending else "close",
            from_state=PublicityState.OPEN,
            to_state=publicity.state,
            reason=reason,
        )
        url = reverse("publicity:detail", args=[publicity.pk])
        if pending:
            subject = ngettext(
                "“%(campaign)s”公示期满，尚有 %(count)s 件异议待办结",
                "“%(campaign)s”公示期满，尚有 %(count)s 件异议待办结",
                pending,
            ) % {"campaign": campaign.title, "count": pending}
            body = _("异议全部办结后公示方告结束，院党委方可确认名单。")
            recipients = [
                *users_with_role("party_office"),
                *users_with_role("discipline_office"),
            ]
        else:
            subject = _("“%(campaign)s”公示期满，无未办结的异议") % {"campaign": campaign.title}
            body = _("公示已结束，可提请院党委确认名单。")
            recipients = users_with_role("party_office")
        notify(recipients=recipients, subject=subject, body=join_sentences([reason, body]), url=url)
