"""What a confirmed veto event does to the unit, called by ``veto_event_confirm``
inside its transaction:

(a) the unit's application in every running campaign is disqualified; one on
    a publicity list leaves it (the board and the publicity notice follow);
(b) every title the unit holds is revoked, and one rectification of 3–6
    months starts, with its notice number and its notice.

Notifications are written here, in the same transaction (e-mailed after commit).
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.roles import users_with_role
from appraisal.enums import (
    ApplicationState,
    CampaignKind,
    CampaignState,
    ReviewState,
    TitleStatus,
)
from appraisal.models import Application, ApplicationEvent, Title, TitleEvent
from core.errors import DomainError
from core.i18n import full_date, join_items, site_language
from core.workflow import apply_transition
from departments.selectors import applicants_and_head, applicants_of
from documents.enums import DocumentKind
from documents.numbers import document_number_next
from documents.services import document_request
from hospital.enums import IssuerRole
from hospital.selectors import title_label
from notifications.services import notify
from publicity.models import Publicity
from publicity.services.board import board_changed
from veto.enums import RECTIFICATION_MAX_MONTHS, RECTIFICATION_MIN_MONTHS
from veto.models import Rectification, RectificationEvent
from veto.services.rectifications import rectification_last_day

# Applications a confirmed event no longer touches: already out, or already honoured.
UNTOUCHED_STATES = (
    ApplicationState.COMMENDED,
    ApplicationState.REMOVED,
    ApplicationState.DISQUALIFIED,
)
# A campaign is running from its opening until the party committee closed it.
NOT_RUNNING_STATES = (CampaignState.DRAFT, CampaignState.CLOSED)
# The leading group has the list in hand from its forwarding on.
LEADING_GROUP_STATES = (CampaignState.DECIDING, CampaignState.DECIDED, CampaignState.PUBLICITY)
REVIEW_LIVE = (ReviewState.ASSIGNED, ReviewState.SUBMITTED, ReviewState.EXCUSED)


def indicator_label(event):
    return _("第%(number)s项否决性指标“%(text)s”") % {
        "number": event.indicator_number,
        "text": event.indicator_text,
    }


def held_titles(unit):
    return Title.objects.filter(unit=unit, status=TitleStatus.HELD).order_by("-year", "pk")


def require_months(months):
    """The rectification period the party committee chose: 3 to 6 whole months."""
    try:
        months = int(months)
    except (TypeError, ValueError):
        months = None
    if months is None or not RECTIFICATION_MIN_MONTHS <= months <= RECTIFICATION_MAX_MONTHS:
        raise DomainError(
            _("该科室持有清廉科室称号，须选择 %(low)s 至 %(high)s 个月的整改期。")
            % {"low": RECTIFICATION_MIN_MONTHS, "high": RECTIFICATION_MAX_MONTHS}
        )
    return months


def running_applications(unit):
    """The unit's applications a confirmed veto disqualifies: those of running
    selections. A yearly evaluation keeps evaluating the unit (every unit is
    evaluated; the veto is in its records, docs/evaluation.md)."""
    return (
        Application.objects.filter(unit=unit)
        .exclude(campaign__kind=CampaignKind.YEARLY_EVALUATION)
        .exclude(campaign__state__in=NOT_RUNNING_STATES)
        .exclude(state__in=UNTOUCHED_STATES)
        .select_related("campaign")
        .order_by("pk")
    )


def disqualify_applications(*, event, by):
    """(a) Every application of the unit in a running campaign → disqualified.

    Returns the disqualified applications. Side effects: an ApplicationEvent
    each (its reason names the indicator and the event, never the reporter);
    an application on a publicity list leaves it: the board's cache is
    cleared and the publicity notice rendered again; notifications to the
    party office, the leading group (once it has the list), the reviewers of
    the application and the unit's applicants.
    """
    disqualified = []
    for application in running_applications(event.unit):
        campaign = application.campaign
        publicity = None
        if campaign.state == CampaignState.PUBLICITY:
            # Publicity first, as the objection services lock: they serialise on it.
            publicity = Publicity.objects.select_for_update().filter(campaign=campaign).first()
        was_listed = application.state == ApplicationState.APPROVED
        values = {
            "indicator": indicator_label(event),
            "number": event.pk,
            "unit": event.unit.name,
            "campaign": campaign.title,
        }
        application = apply_transition(
            instance=application,
            transition="disqualify",
            by=by,
            event_model=ApplicationEvent,
            reason=_("因否决性指标取消资格：%(indicator)s（否决事项 %(number)s，院党委已确认）")
            % values,
        )
        disqualified.append(application)
        if was_listed and publicity is not None:
            board_changed()
            document_request(kind=DocumentKind.PUBLICITY, subject=publicity, campaign=campaign)
        _notify_disqualified(application, values, listed=was_listed and publicity is not None)
    return disqualified


def _notify_disqualified(application, values, *, listed):
    campaign = application.campaign
    url = reverse("appraisal:application", args=[application.pk])
    reviewers = [
        review.reviewer
        for review in application.reviews.filter(state__in=REVIEW_LIVE).select_related("reviewer")
    ]
    with site_language():
        subject = (
            _("“%(unit)s”因否决性指标取消资格，已撤出公示名单")
            if listed
            else _("“%(unit)s”因否决性指标取消%(campaign)s资格")
        ) % values
        body = _("院党委已确认%(indicator)s，“%(unit)s”在%(campaign)s中的申报取消资格。") % values
        offices = list(users_with_role("party_office"))
        if campaign.state in LEADING_GROUP_STATES:
            offices += list(users_with_role("leading_group"))
        notify_all(recipients=offices, subject=subject, body=body, url=url)
        notify_all(recipients=reviewers, subject=subject, body=body, url=url)
        notify_all(recipients=applicants_of(application.unit), subject=subject, body=body, url=url)


def notify_all(**kwargs):
    return notify(**kwargs)


def revoke_titles(*, event, by, reason, months, today):
    """(b) Every title the unit holds → revoked, and one rectification starts.

    ``months`` (3–6) must be given when the unit holds a title; it is ignored
    otherwise. Returns the rectification, or None without a title.
    Side effects: each title revoked with ``revoked_on`` = ``today`` and the
    indicator and ``reason`` as its revocation reason (a TitleEvent); a
    Rectification from ``today`` to the day before the same day ``months``
    later, with the year's next document number and a ``start`` event; its
    notice requested (rendered after commit); notifications to the unit's
    applicants and head, the party office and the discipline office.
    """
    titles = list(held_titles(event.unit))
    if not titles:
        return None
    months = require_months(months)
    revocation_reason = _("%(indicator)s：%(reason)s") % {
        "indicator": indicator_label(event),
        "reason": reason,
    }
    revoked = [
        apply_transition(
            instance=title,
            transition="revoke",
            by=by,
            event_model=TitleEvent,
            reason=revocation_reason,
            state_field="status",
            update_fields=["revoked_on", "revocation_reason"],
            on=today,
            reason_text=revocation_reason,
        )
        for title in titles
    ]
    rectification = Rectification.objects.create(
        event=event,
        unit=event.unit,
        title=revoked[0],
        months=months,
        starts_on=today,
        ends_on=rectification_last_day(today, months),
        # The discipline commission's own sequence (院纪〔2026〕N号), not the party committee's.
        notice_number=document_number_next(
            year=today.year, issuer=IssuerRole.DISCIPLINE_COMMISSION
        ),
    )
    RectificationEvent.objects.create(
        subject=rectification,
        actor=by,
        transition="start",
        from_state="",
        to_state=rectification.state,
        reason=reason,
    )
    document_request(
        kind=DocumentKind.RECTIFICATION, subject=rectification, rectification=rectification
    )
    unit = event.unit
    values = {
        "unit": unit.name,
        "indicator": indicator_label(event),
        "months": months,
        "number": rectification.notice_number,
    }
    url = reverse("veto:event", args=[event.pk])
    with site_language():
        values["starts"] = full_date(rectification.starts_on)
        values["ends"] = full_date(rectification.ends_on)
        values["titles"] = join_items(title.year for title in revoked)
        values["title"] = title_label()
        subject = _("“%(unit)s”的%(title)s称号已撤销，整改 %(months)s 个月") % values
        body = (
            _(
                "院党委已确认%(indicator)s，撤销“%(unit)s”%(titles)s年度%(title)s称号。"
                "整改期 %(months)s 个月，自%(starts)s至%(ends)s，整改通知书 %(number)s。"
            )
            % values
        )
        notify_all(recipients=applicants_and_head(unit), subject=subject, body=body, url=url)
        notify_all(
            recipients=[*users_with_role("party_office"), *users_with_role("discipline_office")],
            subject=subject,
            body=body,
            url=url,
        )
    return rectification


def apply_effects(*, event, by, reason, months, today):
    """Both effects of a confirmed event, in the caller's transaction.

    Returns (disqualified applications, rectification or None).
    """
    disqualified = disqualify_applications(event=event, by=by)
    rectification = revoke_titles(event=event, by=by, reason=reason, months=months, today=today)
    if rectification is not None:
        board_changed()  # the honour roll and the board read the titles
    return disqualified, rectification
