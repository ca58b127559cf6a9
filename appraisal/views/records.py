"""The unit's year-round records as evidence of its application: the panel
"本年度台账" (each criterion's offered kinds, what they come to now, what is
attached), attaching with one click and taking off. htmx swaps one criterion's
panel; without JavaScript the forms post and come back to the edit page.

Who may: the unit's applicants (``appraisal.edit_application``); everyone else
gets 404, as on the edit page. The rules of attaching are the services'
(appraisal/services/records.py).
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from appraisal import record_selectors, selectors
from appraisal.forms import RecordAttachForm, RecordDetachForm
from appraisal.models import AttachedRecord, Criterion
from appraisal.selectors import application_for_user_or_404
from appraisal.services import records as services
from core.errors import DomainError
from core.views import acts, run_action

PANEL = "appraisal/partials/record_panel.html"


def _application_for_applicant_or_404(user, pk):
    application = application_for_user_or_404(user, pk)
    if not user.has_perm("appraisal.edit_application", application):
        raise Http404
    return application


def _criteria(application):
    standards, _total = selectors.rubric_with_totals(application.campaign.rubric)
    return standards, [c for s in standards for c in s.ordered_criteria]


@login_required
def application_records(request, pk):
    """Every criterion's panel of an application on one page (an htmx request gets
    the panels alone): what the unit's records of the year come to, what is attached."""
    application = _application_for_applicant_or_404(request.user, pk)
    standards, criteria = _criteria(application)
    shown = set(record_selectors.record_panels(application, criteria))
    for standard in standards:
        standard.record_criteria = [c for c in standard.ordered_criteria if c in shown]
    context = {
        "application": application,
        "campaign": application.campaign,
        "standards": [s for s in standards if s.record_criteria],
        "may_attach": application.is_editable,
    }
    if getattr(request, "htmx", None) and not request.htmx.boosted:
        return render(request, "appraisal/partials/record_panels.html", context)
    return render(request, "appraisal/application_records.html", context)


def _panel_context(application, criterion):
    def context(error, result):
        criterion.refresh_from_db(fields=["record_kinds"])
        record_selectors.record_panels(application, [criterion])
        application.refresh_from_db(fields=["state"])
        return {"application": application, "c": criterion, "may_attach": application.is_editable}

    return context


def _back(application, criterion):
    return (
        f"{reverse('appraisal:application_edit', args=[application.pk])}#criterion-{criterion.pk}"
    )


@acts()
def record_attach(request, pk, criterion_pk):
    application = _application_for_applicant_or_404(request.user, pk)
    criterion = get_object_or_404(
        Criterion.objects.select_related("standard"),
        pk=criterion_pk,
        standard__rubric=application.campaign.rubric_id,
    )
    form = RecordAttachForm(request.POST)

    def attach():
        if not form.is_valid():
            raise DomainError(_("请选择要附上的台账。"))
        return services.records_attach(
            application=application,
            criterion=criterion,
            kind=form.cleaned_data["kind"],
            by=request.user,
            shown=form.cleaned_data["shown"],
        )

    return run_action(
        request,
        attach,
        success_url=_back(application, criterion),
        success_message=lambda attached: (
            _("已附上“%(label)s”：%(text)s")
            % {"label": attached.snapshot.get("label", attached.kind), "text": attached.text}
        ),
        partial=PANEL,
        context=_panel_context(application, criterion),
    )


@acts()
def record_detach(request, pk, attached_pk):
    application = _application_for_applicant_or_404(request.user, pk)
    attached = get_object_or_404(
        AttachedRecord.objects.select_related("criterion__standard"),
        pk=attached_pk,
        application=application,
    )
    form = RecordDetachForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return run_action(
        request,
        lambda: services.records_detach(attached=attached, by=request.user, reason=reason),
        success_url=_back(application, attached.criterion),
        success_message=_("已移除“%(label)s”。")
        % {"label": attached.snapshot.get("label", attached.kind)},
        partial=PANEL,
        context=_panel_context(application, attached.criterion),
    )
