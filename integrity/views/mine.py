"""我的廉洁承诺: one's own commitment of the year, confirmed in one's own account."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.views import acts, run_action
from integrity import selectors
from integrity.enums import DEFAULT_COMMITMENT_TEXT
from integrity.forms import ConfirmForm
from integrity.services import commitments as commitment_services

# --- one's own commitment -------------------------------------------------------------------


@require_safe
@login_required
def mine(request):
    """我的廉洁承诺: this year's commitment to confirm, and those of earlier years."""
    person = commitment_services.own_person(request.user)
    year = timezone.localdate().year
    commitments = selectors.own_commitments(person) if person else []
    standing = next((c for c in commitments if c.year == year and c.withdrawn_at is None), None)
    return render(
        request,
        "integrity/mine.html",
        {
            "person": person,
            "year": year,
            "standing": standing,
            "commitments": commitments,
            "text": DEFAULT_COMMITMENT_TEXT,
            "form": ConfirmForm(),
        },
    )


@acts()
def mine_confirm(request):
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请勾选“我已阅读并承诺遵守以上内容”后再确认。"))
        return redirect("integrity:mine")
    return run_action(
        request,
        lambda: commitment_services.commitment_confirm(by=request.user),
        success_url=reverse("integrity:mine"),
        success_message=_("已签署本年度廉洁承诺书。"),
    )
