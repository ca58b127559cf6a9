"""The party office opens the publicity of a campaign's fixed list."""

from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from appraisal.enums import CampaignState
from appraisal.models import Campaign
from core.views import run_action
from hospital.selectors import hospital_profile
from publicity.forms import PublicityOpenForm
from publicity.services.publicities import (
    OPEN_PUBLICITY,
    default_start,
    period_preview,
    publicity_open,
)


@login_required
@permission_required(OPEN_PUBLICITY, raise_exception=True)
def publicity_open_view(request, campaign_pk):
    campaign = get_object_or_404(Campaign, pk=campaign_pk)
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
        return run_action(
            request,
            lambda: publicity_open(
                campaign=campaign,
                by=request.user,
                starts_on=form.cleaned_data["starts_on"],
                contact=form.cleaned_data["contact"],
            ),
            form=form,
            page=lambda: _open_page(request, campaign, form, form.cleaned_data.get("starts_on")),
            success_url=lambda publicity: reverse("publicity:detail", args=[publicity.pk]),
            success_message=_("公示已发布，公示栏已更新。"),
        )
    starts_on = default_start(timezone.localdate())
    form = PublicityOpenForm(
        initial={"starts_on": starts_on, "contact": hospital_profile().objection_contact}
    )
    return _open_page(request, campaign, form, starts_on)


def _open_page(request, campaign, form, starts_on):
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
