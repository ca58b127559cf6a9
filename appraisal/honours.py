"""Reads of the titles: a campaign's titles and the honour roll (荣誉榜).

The final list the party committee confirms, and the campaigns waiting for it,
are read with the publicity (publicity/selectors.py)."""

from appraisal.models import Title


def campaign_titles(campaign):
    return Title.objects.filter(campaign=campaign).select_related("unit").order_by("unit__code")


def honour_roll():
    """Every title, newest year first, units in code order (appraisal/lists.py filters,
    sorts and pages it)."""
    return Title.objects.select_related("unit", "campaign").order_by("-year", "unit__code", "pk")


def honour_roll_years():
    """The years that have titles, newest first (the honour roll's filter)."""
    return list(Title.objects.order_by("-year").values_list("year", flat=True).distinct())
