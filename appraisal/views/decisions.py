"""The leading group's decision page (领导小组审核): the ranked recommended list,
a decision with its reason per department, and fixing the list (审定名单).

The leading group acts; the party office and the party committee read it;
everyone else is refused (403), as on the other campaign pages.
"""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from appraisal import decision_selectors
from appraisal.conflicts import is_recused
from appraisal.enums import ApplicationState, CampaignState
from appraisal.forms import DecisionForm
from appraisal.models import Application, Campaign
from appraisal.services import decisions as services
from core.errors import DomainError
from core.i18n import join_items
from core.views import acts, run_action

DECIDE = services.DECIDE
# Who reads the decision page besides the leading group: the party office (it
# opens the publicity next) and the party committee (it confirms at the end).
READ_PERMISSIONS = (DECIDE, "appraisal.open_publicity", "appraisal.confirm_campaign")


def may_view_decisions(user):
    return any(user.has_perm(permission) for permission in READ_PERMISSIONS)


def _campaign(pk):
    campaign = get_object_or_404(Campaign.objects.select_related("list_fixed_by"), pk=pk)
    if campaign.state not in decision_selectors.DECISION_CAMPAIGN_STATES:
        raise Http404  # not forwarded to the leading group yet: there is no decision page
    return campaign


def _context(
    request,
    campaign,
    *,
    error=None,
    error_pk=None,
    reason="",
    bulk_error=None,
    bulk=None,
    bulk_done="",
):
    table = decision_selectors.decision_rows(campaign)
    deciding = campaign.state == CampaignState.DECIDING
    may_decide = deciding and request.user.has_perm(DECIDE)
    for row in table.rows:
        # Recused: the same predicate as the rule decision_record requires (appraisal.conflicts).
        row.own = may_decide and is_recused(request.user, row.application)
    return {
        "campaign": campaign,
        "table": table,
        "deciding": deciding,
        "may_decide": may_decide,
        "approved": [r for r in table.rows if r.application.state == ApplicationState.APPROVED],
        "fixed_at": services.fixed_at_text(campaign) if campaign.list_fixed_at else "",
        "error": error,
        "error_pk": error_pk,
        "reason": reason,
        # The bulk decision's form after a refusal: its message, reason and ticked rows kept.
        "bulk_error": bulk_error,
        "bulk_reason": bulk.reason if bulk else "",
        "bulk_selected": bulk.selected if bulk else (),
        "bulk_done": bulk_done,
    }


@login_required
def decision(request, pk):
    """The ranked list with totals, subtotals, review opinions and decisions."""
    if not may_view_decisions(request.user):
        raise PermissionDenied
    campaign = _campaign(pk)
    return render(request, "appraisal/decision.html", _context(request, campaign))


@acts(DECIDE)
def decision_record(request, pk):
    """Approve or reject one application, with a reason. htmx gets the list back
    (the row and the counter changed); a plain form post goes back to the page."""
    application = get_object_or_404(
        Application.objects.select_related("campaign", "unit"),
        pk=pk,
        campaign__state__in=decision_selectors.DECISION_CAMPAIGN_STATES,
    )
    campaign = application.campaign
    form = DecisionForm(request.POST)

    def decide():
        if not form.is_valid():
            raise DomainError(_("请选择通过或不通过，并填写审定理由。"))
        return services.decision_record(
            application=application,
            by=request.user,
            approve=form.cleaned_data["decision"],
            reason=form.cleaned_data["reason"],
            seen_state=form.cleaned_data["seen_state"],
        )

    def decided(result):
        template = (
            _("已审定通过“%(unit)s”。")
            if result.state == ApplicationState.APPROVED
            else _("已审定“%(unit)s”不通过。")
        )
        return template % {"unit": application.unit.name}

    url = reverse("appraisal:decision", args=[campaign.pk])
    return run_action(
        request,
        decide,
        success_url=f"{url}#decision-{application.pk}",
        success_message=decided,
        partial="appraisal/partials/decision_list.html",
        context=lambda error, result: _context(
            request,
            campaign,
            error=error,
            error_pk=application.pk,
            reason=request.POST.get("reason", "") if error else "",
        ),
    )


@acts(DECIDE)
def fix_list(request, pk):
    """Fix the list (审定名单): every decision is locked from then on."""
    campaign = _campaign(pk)
    return run_action(
        request,
        lambda: services.campaign_fix_list(campaign=campaign, by=request.user),
        success_url=reverse("appraisal:decision", args=[campaign.pk]),
        success_message=_("名单已审定，已通知党办发布公示。"),
    )


class _BulkChoice(forms.Form):
    """What the member sent from the bulk decision form: the ticked rows, the state
    each showed, the decision and the reason. A form (with no fields of its own) so that
    run_action can put a refusal on it and answer a plain post with the page again."""

    def __init__(self, data):
        super().__init__(data)
        self.selected = [int(v) for v in data.getlist("applications") if v.isdigit()]
        self.seen_states = {pk: data.get(f"seen-{pk}", "") for pk in self.selected}
        self.decision = data.get("decision", "")
        self.reason = data.get("reason", "")


@acts(DECIDE)
def decision_record_many(request, pk):
    """Approve or reject the ticked departments with one reason: all or none
    (services.decisions_record_many). A refusal shows above the bulk form with the ticks
    and the reason kept: htmx gets the list back, a plain post the whole page (200)."""
    campaign = get_object_or_404(Campaign, pk=pk, state=CampaignState.DECIDING)
    bulk = _BulkChoice(request.POST)

    def decide():
        if bulk.decision not in ("approve", "reject"):
            raise DomainError(_("请选择通过或不通过。"))
        return services.decisions_record_many(
            campaign=campaign,
            applications=list(Application.objects.filter(pk__in=bulk.selected)),
            by=request.user,
            approve=bulk.decision == "approve",
            reason=bulk.reason,
            seen_states=bulk.seen_states,
        )

    def decided(result):
        names = join_items(application.unit.name for application in result)
        if result and result[0].state == ApplicationState.APPROVED:
            return _("已审定通过 %(count)s 个科室：%(units)s。") % {
                "count": len(result),
                "units": names,
            }
        return _("已审定 %(count)s 个科室不通过：%(units)s。") % {
            "count": len(result),
            "units": names,
        }

    url = reverse("appraisal:decision", args=[campaign.pk])
    return run_action(
        request,
        decide,
        success_url=f"{url}#decision-list",
        success_message=decided,
        form=bulk,
        page=lambda: render(
            request,
            "appraisal/decision.html",
            _context(request, campaign, bulk_error=bulk.non_field_errors()[0], bulk=bulk),
        ),
        partial="appraisal/partials/decision_list.html",
        context=lambda error, result: _context(
            request,
            campaign,
            bulk_error=error,
            bulk=bulk if error else None,
            bulk_done=decided(result) if result else "",
        ),
    )
