"""The veto indicators: the administrator edits, adds and retires them; the offices
that handle veto events read them. Nothing here deletes an indicator."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.views import acts, run_action
from veto import selectors
from veto.forms import IndicatorForm, RetireForm
from veto.models import VetoIndicator
from veto.rules import ADD_INDICATOR, CHANGE_INDICATOR, VIEW_INDICATOR
from veto.services import indicators as services


@login_required
@permission_required(VIEW_INDICATOR, raise_exception=True)
def indicator_list(request):
    return render(
        request,
        "veto/indicator_list.html",
        {
            "indicators": selectors.indicator_list(),
        },
    )


def _form_page(request, form, indicator=None):
    context = {"form": form, "indicator": indicator}
    if indicator is not None:
        context["retire_form"] = RetireForm()
    return render(request, "veto/indicator_form.html", context)


def _wording(form):
    data = form.cleaned_data
    return {
        "text": data["text"],
        "evidence_basis": data["evidence_basis"],
        "responsible_offices": data["responsible_offices"],
        "departments": data["departments"],
    }


@login_required
@permission_required(ADD_INDICATOR, raise_exception=True)
def indicator_add(request):
    form = IndicatorForm(request.POST or None)
    if request.method != "POST":
        return _form_page(request, form)
    return run_action(
        request,
        lambda: services.indicator_add(by=request.user, **_wording(form)),
        form=form,
        page=lambda: _form_page(request, form),
        success_url=reverse("veto:indicators"),
        success_message=lambda indicator: (
            _("已新增第%(number)s项指标。") % {"number": indicator.number}
        ),
    )


@login_required
@permission_required(CHANGE_INDICATOR, raise_exception=True)
def indicator_edit(request, pk):
    indicator = get_object_or_404(VetoIndicator, pk=pk)
    initial = {
        "text": indicator.text,
        "evidence_basis": indicator.evidence_basis,
        "responsible_offices": indicator.responsible_offices,
        "departments": list(indicator.responsible_departments.all()),
    }
    form = IndicatorForm(request.POST or None, initial=initial)
    if request.method != "POST":
        return _form_page(request, form, indicator)
    return run_action(
        request,
        lambda: services.indicator_edit(indicator=indicator, by=request.user, **_wording(form)),
        form=form,
        page=lambda: _form_page(request, form, indicator),
        success_url=reverse("veto:indicators"),
        success_message=_("已保存第%(number)s项指标。此前报告的否决事项保留报告时的表述。")
        % {"number": indicator.number},
    )


@acts(CHANGE_INDICATOR)
def indicator_retire(request, pk):
    indicator = get_object_or_404(VetoIndicator, pk=pk)
    form = RetireForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("停用指标须说明理由。"))
        return redirect("veto:indicator_edit", pk=indicator.pk)
    return run_action(
        request,
        lambda: services.indicator_retire(
            indicator=indicator, by=request.user, reason=form.cleaned_data["reason"]
        ),
        success_url=reverse("veto:indicators"),
        success_message=_("已停用第%(number)s项指标。") % {"number": indicator.number},
    )
