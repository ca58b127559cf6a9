"""The honour roll (荣誉榜): every title by year, for everyone signed in."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from appraisal import honours
from appraisal.forms import HonourRollFilterForm


@login_required
def honour_roll(request):
    years = honours.honour_roll_years()
    form = HonourRollFilterForm(request.GET or None, years=years)
    year = form.cleaned_data["year"] if form.is_valid() else None
    return render(
        request,
        "appraisal/honour_roll.html",
        {"titles": list(honours.honour_roll(year=year)), "form": form, "year": year},
    )
