"""The party committee's confirmation page (党委确认): the final list after the publicity."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from appraisal import honours
from appraisal.enums import CampaignState
from appraisal.forms import ConfirmationForm
from appraisal.models import Campaign
from core.views import run_action
from publicity import selectors
from publicity.services import confirmation as services

CONFIRM = services.CONFIRM
# The party office follows the confirmation, read-only.
READ = "appraisal.open_publicity"


@login_required
def campaign_confirm(request, pk):
    """The final list after the publicity; the party committee records the
    meeting's date and name, the party office reads it."""
    may_confirm = request.user.has_perm(CONFIRM)
    if not (may_confirm or request.user.has_perm(READ)):
        raise PermissionDenied
    if request.method == "POST" and not may_confirm:
        raise PermissionDenied
    campaign = get_object_or_404(Campaign.objects.select_related("confirmed_by"), pk=pk)
    # The meeting is usually recorded on its day: today (Asia/Shanghai) is proposed.
    form = ConfirmationForm(request.POST or None, initial={"confirmed_on": timezone.localdate()})
    if request.method != "POST":
        return _confirmation_page(request, campaign, form, may_confirm)

    def page():
        campaign.refresh_from_db()
        return _confirmation_page(request, campaign, form, may_confirm)

    return run_action(
        request,
        lambda: services.campaign_confirm(
            campaign=campaign,
            by=request.user,
            confirmed_on=form.cleaned_data["confirmed_on"],
            reference=form.cleaned_data["reference"],
        ),
        form=form,
        page=page,
        success_url=reverse("appraisal:campaign", args=[campaign.pk]),
        success_message=_("名单已确认，各科室予以表扬；表扬通报和荣誉证书正在生成。"),
    )


def confirmation_status(campaign, refusal):
    """The page's one status, said the same in its heading and its sections:
    confirmed, waiting for the party committee, or not yet confirmable."""
    if campaign.state == CampaignState.CLOSED:
        return "confirmed", _("已确认")
    if refusal:
        return "not_ready", _("尚不能确认")
    return "ready", _("待党委确认")


def _confirmation_page(request, campaign, form, may_confirm):
    final = selectors.final_list(campaign)
    refusal = services.confirmation_refusal(campaign, final.publicity)
    status, status_label = confirmation_status(campaign, refusal)
    return render(
        request,
        "publicity/confirmation.html",
        {
            "campaign": campaign,
            "final": final,
            "form": form,
            "may_confirm": may_confirm,
            "refusal": refusal,
            "status": status,
            "status_label": status_label,
            "titles": honours.campaign_titles(campaign)
            if campaign.state == CampaignState.CLOSED
            else [],
        },
    )
