"""Reads of ongoing supervision. Lists load what their rows show in one query.

Who sees a veto event: the discipline office, the party office and the party
committee (``veto.view_vetoevent``) see every one; a reporter sees their own;
the department sees a confirmed event about itself (never the reporter, never
the evidence, never a report not yet confirmed). The submission block and the
lists of the rectification and re-check pages are here too.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from appraisal.enums import TitleStatus
from appraisal.models import Title
from core.i18n import full_date
from departments.models import Department
from veto.enums import RectificationState, VetoEventState
from veto.models import Recheck, Rectification, VetoEvent, VetoIndicator
from veto.rules import VIEW, is_office, is_reporter

V = VetoEventState


def may_see_all_events(user):
    return is_office(user)


def event_list(user):
    """The events ``user`` may list, newest first, with their unit and reporter (the
    list's filters are veto/lists.py's)."""
    events = VetoEvent.objects.select_related("unit", "reported_by", "person")
    if not may_see_all_events(user):
        events = events.filter(reported_by=user)
    return events.order_by("-reported_at", "-pk")


def units_with_events(user):
    events = event_list(user)
    return Department.objects.filter(pk__in=events.values("unit_id")).order_by("code")


def event_access(user, event):
    """What ``user`` may see of ``event`` (``veto.view_vetoevent`` says whether at all):
    ``"office"`` (everything), ``"reporter"`` (their own report, with its evidence),
    ``"department"`` (a confirmed event about their unit: no reporter, no evidence),
    or None."""
    if not user.has_perm(VIEW, event):
        return None
    if is_office(user):
        return "office"
    if is_reporter(user, event):
        return "reporter"
    return "department"


def event_for_user_or_404(user, pk):
    """The event and what ``user`` may see of it; 404 for events they may not see."""
    try:
        event = VetoEvent.objects.select_related(
            "unit__head",
            "person",
            "reported_by",
            "verified_by",
            "decided_by",
            "indicator",
            "recheck__title",
        ).get(pk=pk)
    except (VetoEvent.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    access = event_access(user, event)
    if access is None:
        raise Http404
    return event, access


def indicator_list():
    """Every indicator, active ones first, with its linked departments and its event count."""
    return (
        VetoIndicator.objects.annotate(event_count=Count("events"))
        .prefetch_related("responsible_departments")
        .order_by("retired_at", "number")
    )


def event_counts():
    """{"reported": n, "verified": m}: what waits for the discipline office and the committee."""
    return VetoEvent.objects.aggregate(
        reported=Count("pk", filter=Q(state=V.REPORTED)),
        verified=Count("pk", filter=Q(state=V.VERIFIED)),
    )


@dataclass(frozen=True)
class VetoReason:
    """Why an application is (or may be) out: the indicator of a confirmed or verified event."""

    event_pk: int
    number: int
    text: str
    state: str
    occurred_on: datetime.date

    @property
    def confirmed(self):
        return self.state == V.CONFIRMED

    @property
    def status_label(self):
        return _("已确认") if self.confirmed else _("待党委确认")

    def __str__(self):
        return _("%(status)s：第%(number)s项 %(text)s") % {
            "status": self.status_label,
            "number": self.number,
            "text": self.text,
        }


def lookback_start(campaign):
    """Events from this day on concern the campaign (``veto_lookback_from``, else 1 January)."""
    return campaign.veto_lookback_from or datetime.date(campaign.year, 1, 1)


def veto_reasons_for(applications, *, campaign=None):
    """``{application pk: [VetoReason]}``: the verified and confirmed veto events about
    each application's unit that happened since its campaign's look-back day
    (one query; pass ``campaign`` when all are of one campaign not loaded with
    them). Reports not verified yet are never shown."""
    applications = list(applications)
    if not applications:
        return {}

    def campaign_of(application):
        return campaign if campaign is not None else application.campaign

    units = {a.unit_id for a in applications}
    earliest = min(lookback_start(campaign_of(a)) for a in applications)
    events = VetoEvent.objects.filter(
        unit_id__in=units, state__in=(V.VERIFIED, V.CONFIRMED), occurred_on__gte=earliest
    ).order_by("occurred_on", "pk")
    reasons = {a.pk: [] for a in applications}
    by_unit = {}
    for event in events:
        by_unit.setdefault(event.unit_id, []).append(event)
    for application in applications:
        start = lookback_start(campaign_of(application))
        reasons[application.pk] = [
            VetoReason(e.pk, e.indicator_number, e.indicator_text, e.state, e.occurred_on)
            for e in by_unit.get(application.unit_id, ())
            if e.occurred_on >= start
        ]
    return reasons


R = RectificationState


@dataclass(frozen=True)
class ApplicationBlock:
    """Why a unit may not apply, and until when (``until``: the last day it holds)."""

    message: str
    until: datetime.date


def application_block(unit, campaign):
    """None when ``unit`` may apply in ``campaign``, else the ``ApplicationBlock`` that says why.

    (a) a confirmed veto event about the unit that occurred on or after the
    campaign's look-back start bars it from this campaign (until the window
    closes), unless the rectification it led to was accepted (验收通过): seed
    001 七.2 lets a department whose rectification was accepted apply again
    by the usual procedure, in a later campaign of the same year too; (b) a
    rectification of the unit not yet accepted bars it until the party
    committee accepts it. Two queries at most.
    """
    event = (
        VetoEvent.objects.filter(
            unit=unit, state=VetoEventState.CONFIRMED, occurred_on__gte=lookback_start(campaign)
        )
        .exclude(rectification__state=R.ACCEPTED)
        .order_by("occurred_on", "pk")
        .only("indicator_number", "occurred_on", "decided_at")
        .first()
    )
    if event is not None:
        confirmed_on = event.decided_at or event.occurred_on
        return ApplicationBlock(
            message=_("因否决性指标（第%(number)s项）于%(date)s被确认，本批次不能申报。")
            % {"number": event.indicator_number, "date": full_date(confirmed_on)},
            until=timezone.localdate(campaign.closes_at),
        )
    rectification = (
        Rectification.objects.filter(unit=unit)
        .exclude(state=R.ACCEPTED)
        .order_by("-ends_on", "-pk")
        .only("ends_on")
        .first()
    )
    if rectification is not None:
        return ApplicationBlock(
            message=_("整改期至%(date)s，验收通过后方可申报。")
            % {"date": full_date(rectification.ends_on)},
            until=rectification.ends_on,
        )
    return None


# --- the pages' lists -------------------------------------------------------------------------


def rectification_rows():
    """Every rectification for the offices' list, newest first, one query (veto/lists.py
    filters and sorts it)."""
    rows = Rectification.objects.select_related("unit", "title", "event").annotate(
        report_count=Count("reports")
    )
    return rows.order_by("-starts_on", "-pk")


def rectification_counts():
    """How many rectifications are running and how many await acceptance (one query)."""
    return Rectification.objects.aggregate(
        active=Count("pk", filter=Q(state=R.ACTIVE)), due=Count("pk", filter=Q(state=R.DUE))
    )


def rectifications_due():
    return Rectification.objects.filter(state=R.DUE).select_related("unit").order_by("ends_on")


def rectifications_of_units(units):
    """The rectifications of ``units`` not yet accepted (for the department's home)."""
    return (
        Rectification.objects.filter(unit__in=units)
        .exclude(state=R.ACCEPTED)
        .select_related("unit")
        .order_by("ends_on", "pk")
    )


def revoked_titles(*, revoked_from=None, revoked_to=None):
    """Every revoked title with its rectification (if one started) and the cadre
    meeting's announcement of it (if recorded), for the cadre meeting's list: by
    revocation date. Two queries."""
    titles = Title.objects.filter(status=TitleStatus.REVOKED).select_related("unit")
    if revoked_from:
        titles = titles.filter(revoked_on__gte=revoked_from)
    if revoked_to:
        titles = titles.filter(revoked_on__lte=revoked_to)
    titles = titles.order_by("revoked_on", "unit__code", "pk")
    rectifications = {
        r.title_id: r
        for r in Rectification.objects.filter(title__in=[t.pk for t in titles])
        .select_related("event__announcement")
        .order_by("pk")
    }
    for title in titles:
        title.rectification = rectifications.get(title.pk)
    return list(titles)


def recheck_rows():
    """Every re-check for the offices' list, newest first (veto/lists.py filters and sorts it)."""
    return Recheck.objects.select_related("title__unit", "recorded_by").order_by(
        "-checked_on", "-pk"
    )


def unit_supervision(unit):
    """A department's own view: its confirmed events (never the unverified ones)
    and its rectifications."""
    events = (
        VetoEvent.objects.filter(unit=unit, state=VetoEventState.CONFIRMED)
        .select_related("rectification")
        .order_by("-occurred_on", "-pk")
    )
    rectifications = Rectification.objects.filter(unit=unit).order_by("-starts_on", "-pk")
    return list(events), list(rectifications)
