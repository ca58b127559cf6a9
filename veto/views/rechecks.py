"""Re-checks (复核) of titled departments: the list, a new one, one re-check."""

from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from core.lists import list_page
from core.permissions import get_object_for_user_or_404
from core.views import run_action
from veto import selectors
from veto.enums import RecheckResult
from veto.forms import RecheckForm
from veto.lists import RecheckFilter, RecheckTable
from veto.models import Recheck
from veto.rules import ADD_RECHECK, VIEW, VIEW_RECHECK
from veto.services.rechecks import recheck_record


@login_required
@permission_required(VIEW_RECHECK, raise_exception=True)
def recheck_list(request):
    return list_page(
        request,
        rows=selectors.recheck_rows(),
        table_class=RecheckTable,
        filterset_class=RecheckFilter,
        template="veto/recheck_list.html",
        title=_("复核"),
        export_name=_("复核"),
        table_kwargs={} if request.GET else {"empty_text": _("没有复核记录。")},
    )


@login_required
@permission_required(ADD_RECHECK, raise_exception=True)
def recheck_new(request):
    form = RecheckForm(request.POST or None)

    def page():
        return render(request, "veto/recheck_form.html", {"form": form})

    if request.method != "POST":
        return page()
    return run_action(
        request,
        lambda: recheck_record(by=request.user, **form.cleaned_data),
        form=form,
        page=page,
        success_url=lambda recheck: reverse("veto:recheck", args=[recheck.pk]),
        success_message=_("已记录复核，纪检监察室已收到通知。"),
    )


def event_report_url(recheck):
    """The form that reports a veto event found by ``recheck`` (the event workflow's page)."""
    try:
        url = reverse("veto:event_report")
    except NoReverseMatch:  # the event workflow's pages are not installed
        return ""
    return f"{url}?unit={recheck.title.unit_id}&recheck={recheck.pk}"


@login_required
def recheck_detail(request, pk):
    recheck = get_object_for_user_or_404(
        Recheck.objects.select_related("title__unit", "recorded_by"),
        request.user,
        perms=[VIEW_RECHECK],
        pk=pk,
    )
    # The report form says who may report under which indicator.
    report_url = event_report_url(recheck) if recheck.result == RecheckResult.PROBLEM else ""
    return render(
        request,
        "veto/recheck_detail.html",
        {
            "recheck": recheck,
            "report_url": report_url,
            "events": recheck.veto_events.order_by("pk") if request.user.has_perm(VIEW) else [],
        },
    )
