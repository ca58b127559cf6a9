"""Reads of the publicity board: plain data, so the board can keep it in the cache.

Each entry is a dict of simple values (no model instances), built with a
fixed number of queries however many publicities and departments there are.
What depends on the moment of the request (the time left) is not in it.
"""

from dataclasses import dataclass

from appraisal.enums import ApplicationState, CampaignState
from appraisal.models import Application, Campaign
from core.errors import DomainError
from documents.enums import DocumentKind
from documents.models import OfficialDocument
from publicity.enums import OBJECTION_OPEN_STATES, PublicityState
from publicity.models import Publicity
from workcalendar.workdays import WorkCalendar

CURRENT_STATES = (PublicityState.OPEN, PublicityState.CLOSED_PENDING)
# On the list: approved during publicity, commended once the party committee confirmed.
LISTED_STATES = (ApplicationState.APPROVED, ApplicationState.COMMENDED)
# How many past publicities the board's archive shows (one a year).
ARCHIVE_SIZE = 20


def period_first_day(starts_on, calendar=None):
    """Day 1 of a publicity posted on ``starts_on``: that day if it is a working day,
    else the next working day, as the period is counted (workcalendar). The
    period was counted when it opened, so the calendar can say; ``starts_on``
    itself when it cannot."""
    try:
        return (calendar or WorkCalendar()).nth_working_day(starts_on, 1)
    except DomainError:
        return starts_on


def _entries(publicities):
    publicities = list(publicities)
    units = {p.campaign_id: {"listed": [], "removed": []} for p in publicities}
    rows = (
        Application.objects.filter(
            campaign_id__in=units, state__in=[*LISTED_STATES, ApplicationState.REMOVED]
        )
        .order_by("unit__code", "pk")
        .values_list("campaign_id", "state", "unit__code", "unit__name")
    )
    # Only an open publicity may not have started: the calendar is read for those
    # (one WorkCalendar, each year once), never for the archive.
    calendar = WorkCalendar()
    first_days = {
        p.pk: period_first_day(p.starts_on, calendar) if p.state == PublicityState.OPEN else None
        for p in publicities
    }
    for campaign_id, state, code, name in rows:
        bucket = "removed" if state == ApplicationState.REMOVED else "listed"
        units[campaign_id][bucket].append({"code": code, "name": name})
    return [
        {
            "pk": p.pk,
            "campaign_pk": p.campaign_id,
            "campaign_title": p.campaign.title,
            "year": p.campaign.year,
            "document_number": p.document_number,
            "starts_on": p.starts_on,
            "first_day": first_days[p.pk] or p.starts_on,
            "last_day": p.last_day,
            "ends_at": p.ends_at,
            "closed_at": p.closed_at,
            "working_days": p.working_days,
            "contact": p.contact,
            "state": p.state,
            **units[p.campaign_id],
        }
        for p in publicities
    ]


def board_data():
    """What the board shows: ``{"current": [...], "archive": [...]}``, most recent first.

    Current: open, or closed with objections pending. Archive: closed. Two
    queries in all.
    """
    publicities = list(
        Publicity.objects.filter(state__in=[*CURRENT_STATES, PublicityState.CLOSED]).select_related(
            "campaign"
        )
    )
    current = [p for p in publicities if p.state in CURRENT_STATES]
    archive = [p for p in publicities if p.state == PublicityState.CLOSED][:ARCHIVE_SIZE]
    entries = {e["pk"]: e for e in _entries([*current, *archive])}
    return {
        "current": [entries[p.pk] for p in current],
        "archive": [entries[p.pk] for p in archive],
    }


def publicity_entry(publicity):
    """One publicity as the board shows it (two queries)."""
    return _entries([publicity])[0]


def open_publicities():
    """The publicities open now, with their campaign (one query), for the home page."""
    return Publicity.objects.filter(state=PublicityState.OPEN).select_related("campaign")


def publicity_notices(publicity_pks):
    """The publicity notices of these publicities, by publicity pk (one query).

    Read per request, not cached with the board: a notice turns ready without
    the board's list changing.
    """
    keys = {f"{DocumentKind.PUBLICITY}:{pk}": pk for pk in publicity_pks}
    return {
        keys[document.key]: document for document in OfficialDocument.objects.filter(key__in=keys)
    }


# --- the confirmation after the publicity (党委确认) -----------------------------------


@dataclass(frozen=True)
class FinalList:
    """The list as it stands after the publicity: the departments to commend
    (or commended, once confirmed) and those an upheld objection removed."""

    listed: list
    removed: list
    publicity: Publicity | None
    unsettled_objections: int


def final_list(campaign):
    """The approved (or, after the confirmation, commended) applications of
    ``campaign`` in unit code order, the removed ones apart, and its publicity.

    Nothing about the objections but how many are still open: who objected is
    never part of it (objector privacy: publicity.rules).
    """
    listed_state = (
        ApplicationState.COMMENDED
        if campaign.state == CampaignState.CLOSED
        else ApplicationState.APPROVED
    )
    applications = list(
        Application.objects.filter(
            campaign=campaign, state__in=[listed_state, ApplicationState.REMOVED]
        )
        .select_related("unit")
        .order_by("unit__code")
    )
    publicity = Publicity.objects.filter(campaign=campaign).first()
    unsettled = 0
    if publicity is not None and publicity.state == PublicityState.CLOSED_PENDING:
        unsettled = publicity.objections.filter(state__in=OBJECTION_OPEN_STATES).count()
    return FinalList(
        listed=[a for a in applications if a.state == listed_state],
        removed=[a for a in applications if a.state == ApplicationState.REMOVED],
        publicity=publicity,
        unsettled_objections=unsettled,
    )


def awaiting_confirmation():
    """Campaigns whose publicity closed with every objection settled: the party
    committee's to-do."""
    return (
        Campaign.objects.filter(
            state=CampaignState.PUBLICITY, publicity__state=PublicityState.CLOSED
        )
        .select_related("publicity")
        .order_by("-year", "pk")
    )
