"""Supervision visits: the list, the planning form, one visit with its findings and the
forms of its next step (complete, cancel, record a finding).

The offices, the leading group and the party committee read every visit; a department's
head or contact reads the visits to it and only its own findings. Everything else is 404.
"""

import uuid

from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from core.lists import list_page
from core.permissions import get_object_for_user_or_404
from core.views import acts, run_action
from departments.models import Person
from supervision import selectors
from supervision.forms import FindingForm, VisitCancelForm, VisitCompleteForm, VisitPlanForm
from supervision.lists import VisitFilter, VisitTable
from supervision.models import Visit
from supervision.rules import MANAGE_VISITS, VIEW_VISIT, sees_all
from supervision.services import ledger as ledger_services
from supervision.services import visits as services


def _url(visit):
    return reverse("supervision:visit", args=[visit.pk])


def visit_for_user_or_404(user, pk):
    return get_object_for_user_or_404(
        Visit.objects.select_related("lead_office", "created_by"), user, perms=[VIEW_VISIT], pk=pk
    )


def require_reader(user):
    """The lists are for the offices, the leading group, the party committee and whoever
    speaks for a department (its own rows); anyone else is refused (403)."""
    if not (sees_all(user) or selectors.speaks_for_a_unit(user)):
        raise PermissionDenied


@login_required
def visit_list(request):
    require_reader(request.user)
    return list_page(
        request,
        rows=selectors.visit_rows(request.user),
        table_class=VisitTable,
        filterset_class=VisitFilter,
        template="supervision/visit_list.html",
        title=_("调研指导"),
        export_name=_("调研指导"),
        context={"may_plan": request.user.has_perm(MANAGE_VISITS)},
    )


def _plan_page(request, form):
    return render(request, "supervision/visit_plan.html", {"form": form})


@login_required
@permission_required(MANAGE_VISITS, raise_exception=True)
def visit_new(request):
    if request.method != "POST":
        return _plan_page(request, VisitPlanForm(initial={"submission_key": uuid.uuid4()}))
    form = VisitPlanForm(request.POST)
    return run_action(
        request,
        lambda: services.visit_plan(by=request.user, **form.cleaned_data),
        form=form,
        page=lambda: _plan_page(request, form),
        success_url=_url,
        success_message=_("调研指导已计划，已通知被调研科室。"),
    )


def _detail(request, visit, *, complete_form=None, cancel_form=None, finding_form=None):
    user = request.user
    items = visit.ledger_items.select_related("unit", "responsible").order_by("unit__code", "pk")
    if not sees_all(user):
        items = items.filter(unit__in=selectors.own_units(user))
    manages = user.has_perm(MANAGE_VISITS, visit)
    return render(
        request,
        "supervision/visit_detail.html",
        {
            "visit": visit,
            "departments": visit.departments.order_by("code"),
            "items": items,
            "history": visit.events.select_related("actor"),
            "may_complete": manages and can_proceed(visit.complete),
            "may_record": manages and visit.state == "done",
            "complete_form": complete_form
            or VisitCompleteForm(
                initial={"visited_on": visit.planned_on, "members": visit.members}
            ),
            "cancel_form": cancel_form or VisitCancelForm(),
            "finding_form": finding_form
            or FindingForm(visit=visit, initial={"submission_key": uuid.uuid4()}),
        },
    )


@login_required
def visit_detail(request, pk):
    return _detail(request, visit_for_user_or_404(request.user, pk))


@acts(MANAGE_VISITS)
def visit_complete(request, pk):
    visit = visit_for_user_or_404(request.user, pk)
    form = VisitCompleteForm(request.POST)
    return run_action(
        request,
        lambda: services.visit_complete(visit=visit, by=request.user, **form.cleaned_data),
        form=form,
        page=lambda: _detail(request, visit_for_user_or_404(request.user, pk), complete_form=form),
        success_url=_url(visit),
        success_message=_("已记录调研情况，可以登记发现的问题。"),
    )


@acts(MANAGE_VISITS)
def visit_cancel(request, pk):
    visit = visit_for_user_or_404(request.user, pk)
    form = VisitCancelForm(request.POST)
    return run_action(
        request,
        lambda: services.visit_cancel(visit=visit, by=request.user, **form.cleaned_data),
        form=form,
        page=lambda: _detail(request, visit_for_user_or_404(request.user, pk), cancel_form=form),
        success_url=_url(visit),
        success_message=_("调研指导已取消。"),
    )


@acts(MANAGE_VISITS)
def finding_new(request, pk):
    visit = visit_for_user_or_404(request.user, pk)
    form = FindingForm(request.POST, visit=visit)

    def page():
        return _detail(request, visit_for_user_or_404(request.user, pk), finding_form=form)

    if not form.is_valid():
        return page()
    data = form.cleaned_data
    number = data["employee_number"].strip()
    responsible = Person.objects.select_related("department").filter(employee_number=number).first()
    if responsible is None:
        form.add_error("employee_number", _("没有工号为 %(number)s 的人员。") % {"number": number})
        return page()
    return run_action(
        request,
        lambda: ledger_services.finding_record(
            visit=visit,
            by=request.user,
            unit=data["unit"],
            finding=data["finding"],
            responsible=responsible,
            due_on=data["due_on"],
            submission_key=data["submission_key"],
        ),
        form=form,
        page=page,
        success_url=_url(visit),
        success_message=_("已记录问题并列入整改台账，已通知该科室。"),
    )
