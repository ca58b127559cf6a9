"""Reads of the publicity board: plain data, so the board can keep it in the cache.

Each entry is a dict of simple values (no model instances), built with a
fixed number of queries however many publicities and departments there are.
What depends on the moment of the request (the time left) is not in it.
"""

from appraisal.enums import ApplicationState
from appraisal.models import Application
from documents.enums import DocumentKind
from documents.models import OfficialDocument
from publicity.enums import PublicityState
from publicity.models import Publicity

CURRENT_STATES = (PublicityState.OPEN, PublicityState.CLOSED_PENDING)
# On the list: approved during publicity, commended once the party committee confirmed.
LISTED_STATES = (ApplicationState.APPROVED, ApplicationState.COMMENDED)
# How many past publicities the board's archive shows (one a year).
ARCHIVE_SIZE = 20


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
