"""A unit's key posts: the holders with their rotation status, adding a holder, a
rotation, the end of a holding."""

import uuid

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.lists import list_page
from core.views import run_action
from risks import selectors
from risks.forms import EndForm, HoldingForm, RotateForm
from risks.lists import HoldingFilter, HoldingTable
from risks.rotation import limit_reached_on, rotation_limit, rotation_status
from risks.rules import KEEP, keeps_records_of
from risks.services import key_posts as services

from .access import holding_to_keep, holding_to_read, unit_to_keep, unit_to_read


@login_required
def unit_posts(request, pk):
    unit = unit_to_read(request, pk)
    limit = rotation_limit()
    return list_page(
        request,
        rows=selectors.unit_holdings(unit, limit=limit),
        table_class=HoldingTable,
        filterset_class=HoldingFilter,
        template="risks/unit_posts.html",
        title=_("%(unit)s重点岗位") % {"unit": unit.name},
        export_name=_("%(unit)s重点岗位") % {"unit": unit.name},
        table_kwargs={"limit": limit},
        context={
            "unit": unit,
            "limit": limit,
            "may_keep": keeps_records_of(request.user, unit),
            "tab": "posts",
        },
    )


def _add_page(request, form, unit):
    return render(
        request,
        "risks/form.html",
        {"form": form, "unit": unit, "title": _("登记重点岗位在岗人员"), "tab": "posts"},
    )


@login_required
def holding_add(request, pk):
    unit = unit_to_keep(request, pk)
    choices = {"people": selectors.people_of_unit(unit), "posts": selectors.post_choices()}
    if request.method != "POST":
        form = HoldingForm(initial={"submission_key": uuid.uuid4()}, **choices)
        return _add_page(request, form, unit)
    form = HoldingForm(request.POST, **choices)
    return run_action(
        request,
        lambda: services.holding_add(
            unit=unit,
            by=request.user,
            person=form.cleaned_data["person"],
            post=form.cleaned_data["post"],
            new_post_name=form.cleaned_data["new_post"],
            since=form.cleaned_data["since"],
            submission_key=form.cleaned_data["submission_key"],
        ),
        form=form,
        page=lambda: _add_page(request, form, unit),
        success_url=lambda holding: reverse("risks:holding", args=[holding.pk]),
        success_message=_("已登记在岗人员。"),
    )


def _detail_page(request, holding, *, rotate_form=None, end_form=None):
    limit = rotation_limit()
    today = timezone.localdate()
    may_keep = request.user.has_perm(KEEP, holding) and holding.until is None
    people = selectors.people_of_unit(holding.unit).exclude(pk=holding.person_id)
    return render(
        request,
        "risks/holding_detail.html",
        {
            "holding": holding,
            "unit": holding.unit,
            "limit": limit,
            "due_on": limit_reached_on(holding.since, limit),
            "status": rotation_status(
                since=holding.since, until=holding.until, today=today, limit=limit
            ),
            "may_keep": may_keep,
            "rotate_form": rotate_form
            or RotateForm(initial={"on": today, "submission_key": uuid.uuid4()}, people=people),
            "end_form": end_form or EndForm(initial={"until": today}),
            "tab": "posts",
        },
    )


@login_required
def holding_detail(request, pk):
    return _detail_page(request, holding_to_read(request, pk))


@login_required
@require_POST
def holding_rotate(request, pk):
    holding = holding_to_keep(request, pk)
    form = RotateForm(request.POST, people=selectors.people_of_unit(holding.unit))
    return run_action(
        request,
        lambda: services.holding_rotate(holding=holding, by=request.user, **form.cleaned_data),
        form=form,
        page=lambda: _detail_page(request, holding_to_read(request, pk), rotate_form=form),
        success_url=lambda new: reverse("risks:holding", args=[new.pk]),
        success_message=_("已登记轮岗。"),
    )


@login_required
@require_POST
def holding_end(request, pk):
    holding = holding_to_keep(request, pk)
    form = EndForm(request.POST)
    return run_action(
        request,
        lambda: services.holding_end(holding=holding, by=request.user, **form.cleaned_data),
        form=form,
        page=lambda: _detail_page(request, holding_to_read(request, pk), end_form=form),
        success_url=reverse("risks:holding", args=[holding.pk]),
        success_message=_("已登记离岗。"),
    )
