"""Reads of the confirmation and the titles: the final list the party committee
confirms, the campaigns waiting for it, and the honour roll (荣誉榜)."""

from dataclasses import dataclass

from appraisal.enums import ApplicationState, CampaignState
from appraisal.models import Application, Campaign, Title
from publicity.enums import OBJECTION_OPEN_STATES, PublicityState
from publicity.models import Publicity


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
    never part of it (DOMAIN.md, objector privacy).
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


def campaign_titles(campaign):
    return Title.objects.filter(campaign=campaign).select_related("unit").order_by("unit__code")


def honour_roll(*, year=None):
    """Every title, newest year first, units in code order; only ``year``'s if given."""
    titles = Title.objects.select_related("unit", "campaign").order_by("-year", "unit__code", "pk")
    if year is not None:
        titles = titles.filter(year=year)
    return titles


def honour_roll_years():
    """The years that have titles, newest first (the honour roll's filter)."""
    return list(Title.objects.order_by("-year").values_list("year", flat=True).distinct())
