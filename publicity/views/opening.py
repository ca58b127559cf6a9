"""The party office opens the publicity of a campaign's fixed list."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from appraisal.enums import CampaignState
from appraisal.models import Campaign
from core.errors import DomainError
from publicity.forms import PublicityOpenForm
from publicity.services.publicities import OPEN_PUBLICITY, publicity_open, publicity_period
from workcalendar.workdays import nth_working_day


def default_start(today):
    """Today if it is a working day, else the next one; today when the calendar cannot say."""
    try:
        return nth_working_day(today, 1)
    except DomainError:
        return today


def period_preview(campaign, starts_on):
    """``(last_day, ends_at, error)`` of a publicity starting on ``starts_on``."""
    if starts_on is None:
        return None, None, ""
    try:
        last_day, ends_at = publicity_period(starts_on, campaign.publicity_working_days)
    except DomainError as error:
        return None, None, error.message
    return last_day, ends_at, ""


@login_required
@permission_required(OPEN_PUBLICITY, raise_exception=True)
def publicity_open_view(request, campaign_pk):
    campaign = get_object_or_404(Campaign, pk=campaign_pk)
    today = timezone.localdate()
    if request.htmx and request.method == "GET":
        form = PublicityOpenForm(request.GET)
        starts_on = form.cleaned_data["starts_on"] if form.is_valid() else None
        return render(
            request,
            "publicity/partials/period_preview.html",
            _preview_context(campaign, starts_on),
        )
    if request.method == "POST":
        form = PublicityOpenForm(request.POST)
        if form.is_valid():
            try:
                publicity = publicity_open(
                    campaign=campaign,
                    by=request.user,
                    starts_on=form.cleaned_data["starts_on"],
                    contact=form.cleaned_data["contact"],
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("公示已发布，公示栏已更新。"))
                return redirect("publicity:detail", pk=publicity.pk)
        starts_on = form.cleaned_data.get("starts_on") if hasattr(form, "cleaned_data") else None
    else:
        starts_on = default_start(today)
        form = PublicityOpenForm(
            initial={"starts_on": starts_on, "contact": settings.PUBLICITY_CONTACT}
        )
    return render(
        request,
        "publicity/publicity_open.html",
        {
            "campaign": campaign,
            "form": form,
            "decided": campaign.state == CampaignState.DECIDED,
            **_preview_context(campaign, starts_on),
        },
    )


def _preview_context(campaign, starts_on):
    last_day, ends_at, error = period_preview(campaign, starts_on)
    return {
        "campaign": campaign,
        "preview_starts_on": starts_on,
        "preview_last_day": last_day,
        "preview_ends_at": ends_at,
        "preview_error": error,
    }
