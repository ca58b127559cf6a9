"""The party committee's confirmation page (党委确认) and the staff bonus list."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from appraisal import bonus, honours
from appraisal.enums import CampaignState
from appraisal.forms import ConfirmationForm
from appraisal.models import Campaign
from appraisal.services import confirmation as services
from core.errors import DomainError

CONFIRM = services.CONFIRM
# The party office follows the confirmation, read-only.
READ = "appraisal.open_publicity"
EXPORT_BONUS = "appraisal.export_bonus_list"


def _campaign(pk):
    return get_object_or_404(Campaign.objects.select_related("confirmed_by"), pk=pk)


@login_required
def campaign_confirm(request, pk):
    """The final list after the publicity; the party committee records the
    meeting's date and name, the party office reads it."""
    may_confirm = request.user.has_perm(CONFIRM)
    if not (may_confirm or request.user.has_perm(READ)):
        raise PermissionDenied
    if request.method == "POST" and not may_confirm:
        raise PermissionDenied
    campaign = _campaign(pk)
    form = ConfirmationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.campaign_confirm(
                campaign=campaign,
                by=request.user,
                confirmed_on=form.cleaned_data["confirmed_on"],
                reference=form.cleaned_data["reference"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("名单已确认，各科室予以表扬；表扬通报和荣誉证书正在生成。"))
            return redirect("appraisal:campaign", pk=campaign.pk)
    final = honours.final_list(campaign)
    return render(
        request,
        "appraisal/confirmation.html",
        {
            "campaign": campaign,
            "final": final,
            "form": form,
            "may_confirm": may_confirm,
            "refusal": services.confirmation_refusal(campaign, final.publicity),
            "titles": honours.campaign_titles(campaign)
            if campaign.state == CampaignState.CLOSED
            else [],
        },
    )


@login_required
@permission_required(EXPORT_BONUS, raise_exception=True)
def bonus_list(request, pk):
    """医德考评加分名单: the preview of the export."""
    campaign = _campaign(pk)
    return render(
        request,
        "appraisal/bonus_list.html",
        {
            "campaign": campaign,
            "confirmed": campaign.state == CampaignState.CLOSED,
            "rows": bonus.bonus_list(campaign),
            "excluded": list(bonus.excluded_titles(campaign)),
            "points": bonus.BONUS_POINTS,
        },
    )


@login_required
@permission_required(EXPORT_BONUS, raise_exception=True)
def bonus_export(request, pk):
    """The bonus list as Excel, for a confirmed campaign only."""
    campaign = _campaign(pk)
    if campaign.state != CampaignState.CLOSED:
        messages.error(request, _("名单经党委确认后才能导出医德考评加分名单。"))
        return redirect("appraisal:bonus_list", pk=campaign.pk)
    response = HttpResponse(
        bonus.bonus_workbook(campaign),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="{campaign.year}-bonus-{stamp}.xlsx"'
    response["Cache-Control"] = "private, no-store"
    return response
