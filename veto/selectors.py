"""Reads of ongoing supervision: the submission block, the lists of the pages."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from appraisal.enums import TitleStatus
from core.i18n import full_date
from veto.enums import RectificationState, VetoEventState
from veto.models import Recheck, Rectification, VetoEvent

R = RectificationState


@dataclass(frozen=True)
class ApplicationBlock:
    """Why a unit may not apply, and until when (``until``: the last day it holds)."""

    message: str
    until: datetime.date


def lookback_from(campaign):
    """The first day whose confirmed veto events bar a unit from ``campaign``."""
    return campaign.veto_lookback_from or datetime.date(campaign.year, 1, 1)


def application_block(unit, campaign):
    """None when ``unit`` may apply in ``campaign``, else the ``ApplicationBlock`` that says why.

    (a) a confirmed veto event about the unit that occurred on or after the
    campaign's look-back start bars it from this campaign (until the window
    closes); (b) a rectification of the unit not yet accepted bars it until
    the party committee accepts it. Two queries at most.
    """
    event = (
        VetoEvent.objects.filter(
            unit=unit, state=VetoEventState.CONFIRMED, occurred_on__gte=lookback_from(campaign)
        )
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


def rectification_rows(*, state=""):
    """Every rectification for the offices' list, newest first, one query."""
    rows = Rectification.objects.select_related("unit", "title", "event").annotate(
        report_count=Count("reports")
    )
    if state:
        rows = rows.filter(state=state)
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
    """Every revoked title with its rectification (if one started), for the cadre
    meeting's list: by revocation date. One query."""
    from appraisal.models import Title

    titles = Title.objects.filter(status=TitleStatus.REVOKED).select_related("unit")
    if revoked_from:
        titles = titles.filter(revoked_on__gte=revoked_from)
    if revoked_to:
        titles = titles.filter(revoked_on__lte=revoked_to)
    titles = titles.order_by("revoked_on", "unit__code", "pk")
    rectifications = {
        r.title_id: r
        for r in Rectification.objects.filter(title__in=[t.pk for t in titles]).order_by("pk")
    }
    for title in titles:
        title.rectification = rectifications.get(title.pk)
    return list(titles)


def recheck_rows(*, result=""):
    rows = Recheck.objects.select_related("title__unit", "recorded_by")
    if result:
        rows = rows.filter(result=result)
    return rows.order_by("-checked_on", "-pk")


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
