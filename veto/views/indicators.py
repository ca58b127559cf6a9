"""The veto indicators: the administrator edits, adds and retires them; the offices
that handle veto events read them. Nothing here deletes an indicator."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import DomainError
from veto import selectors
from veto.forms import IndicatorForm, RetireForm
from veto.models import VetoIndicator
from veto.services import indicators as services

READ = ("veto.view_vetoindicator", "veto.view_vetoevent")


@login_required
def indicator_list(request):
    if not any(request.user.has_perm(permission) for permission in READ):
        raise PermissionDenied
    return render(
        request,
        "veto/indicator_list.html",
        {
            "indicators": selectors.indicator_list(),
            "may_edit": request.user.has_perm(services.CHANGE),
            "may_add": request.user.has_perm(services.ADD),
        },
    )


def _form_page(request, form, indicator=None):
    return render(request, "veto/indicator_form.html", {"form": form, "indicator": indicator})


@login_required
@permission_required(services.ADD, raise_exception=True)
def indicator_add(request):
    form = IndicatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            indicator = services.indicator_add(
                by=request.user,
                text=data["text"],
                evidence_basis=data["evidence_basis"],
                responsible_offices=data["responsible_offices"],
                departments=data["departments"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("已新增第%(number)s项指标。") % {"number": indicator.number}
            )
            return redirect("veto:indicators")
    return _form_page(request, form)


@login_required
@permission_required(services.CHANGE, raise_exception=True)
def indicator_edit(request, pk):
    indicator = get_object_or_404(VetoIndicator, pk=pk)
    initial = {
        "text": indicator.text,
        "evidence_basis": indicator.evidence_basis,
        "responsible_offices": indicator.responsible_offices,
        "departments": list(indicator.responsible_departments.all()),
    }
    form = IndicatorForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.indicator_edit(
                indicator=indicator,
                by=request.user,
                text=data["text"],
                evidence_basis=data["evidence_basis"],
                responsible_offices=data["responsible_offices"],
                departments=data["departments"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("已保存第%(number)s项指标。此前报告的否决事项保留报告时的表述。")
                % {"number": indicator.number},
            )
            return redirect("veto:indicators")
    return render(
        request,
        "veto/indicator_form.html",
        {"form": form, "indicator": indicator, "retire_form": RetireForm()},
    )


@login_required
@permission_required(services.CHANGE, raise_exception=True)
@require_POST
def indicator_retire(request, pk):
    indicator = get_object_or_404(VetoIndicator, pk=pk)
    form = RetireForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("停用指标须说明理由。"))
        return redirect("veto:indicator_edit", pk=indicator.pk)
    try:
        services.indicator_retire(
            indicator=indicator, by=request.user, reason=form.cleaned_data["reason"]
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("已停用第%(number)s项指标。") % {"number": indicator.number})
    return redirect("veto:indicators")
