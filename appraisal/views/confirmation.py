"""The staff bonus list after the party committee's confirmation.

The confirmation page itself is read with the publicity: publicity/views/confirmation.py.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from appraisal import bonus
from appraisal.enums import CampaignState
from appraisal.models import Campaign
from appraisal.services.evaluations import refuse_yearly
from core.errors import DomainError

EXPORT_BONUS = "appraisal.export_bonus_list"


def _campaign(pk):
    return get_object_or_404(Campaign.objects.select_related("confirmed_by"), pk=pk)


@login_required
@permission_required(EXPORT_BONUS, raise_exception=True)
def bonus_list(request, pk):
    """医德考评加分名单: the preview of the export."""
    campaign = _campaign(pk)
    try:
        refuse_yearly(campaign, _("医德考评加分名单"))
        rows, refusal = bonus.bonus_list(campaign), ""
    except bonus.RosterHistoryTooShortError as error:
        # Never an empty list that looks like a real one: the page says why.
        rows, refusal = [], error.message
    except DomainError as error:
        rows, refusal = [], error.message
    return render(
        request,
        "appraisal/bonus_list.html",
        {
            "campaign": campaign,
            "confirmed": campaign.state == CampaignState.CLOSED,
            "rows": rows,
            "refusal": refusal,
            "excluded": list(bonus.excluded_titles(campaign)),
            "points": bonus.BONUS_POINTS,
        },
    )


@login_required
@permission_required(EXPORT_BONUS, raise_exception=True)
def bonus_export(request, pk):
    """The bonus list as Excel, for a confirmed campaign only."""
    campaign = _campaign(pk)
    if campaign.state != CampaignState.CLOSED or campaign.is_yearly_evaluation:
        messages.error(request, _("名单经党委确认后才能导出医德考评加分名单。"))
        return redirect("appraisal:bonus_list", pk=campaign.pk)
    try:
        workbook = bonus.bonus_workbook(campaign)
    except bonus.RosterHistoryTooShortError as error:
        messages.error(request, error.message)
        return redirect("appraisal:bonus_list", pk=campaign.pk)
    response = HttpResponse(
        workbook,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="{campaign.year}-bonus-{stamp}.xlsx"'
    response["Cache-Control"] = "private, no-store"
    return response
