from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from . import services
from .models import Proposal


@login_required
def proposal_detail(request, pk):
    proposal = get_object_or_404(Proposal, pk=pk)
    return render(request, "workflow_app/proposal_detail.html", {"proposal": proposal})


@login_required
@require_POST
def proposal_return(request, pk):
    proposal = get_object_or_404(Proposal, pk=pk)
    services.proposal_return(proposal=proposal, by=request.user, reason=request.POST["reason"])
    messages.success(request, "已退回修改。")
    return redirect("proposal_detail", pk=proposal.pk)
