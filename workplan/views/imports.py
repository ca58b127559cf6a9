"""The Excel import: upload, preview, confirm; and the template to fill in."""

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from core.lists import XLSX_TYPE
from core.views import acts, run_action
from workplan.forms import ImportForm
from workplan.models import PlanImport
from workplan.rules import MANAGE
from workplan.services import imports as services
from workplan.views.common import plan_for


@login_required
@permission_required(MANAGE, raise_exception=True)
def plan_import(request, pk):
    plan = plan_for(request, pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    page = lambda: render(  # noqa: E731
        request,
        "workplan/import_form.html",
        {"plan": plan, "form": form, "columns": services.COLUMNS},
    )
    if request.method != "POST":
        return page()
    return run_action(
        request,
        lambda: services.plan_import_preview(
            plan=plan, upload=form.cleaned_data["file"], by=request.user
        ),
        form=form,
        page=page,
        success_url=lambda plan_import: reverse("workplan:import_preview", args=[plan_import.pk]),
    )


def _import_for(request, pk):
    return get_object_or_404(PlanImport.objects.select_related("plan", "uploaded_by"), pk=pk)


@login_required
@permission_required(MANAGE, raise_exception=True)
def import_preview(request, pk):
    plan_import = _import_for(request, pk)
    return render(
        request,
        "workplan/import_preview.html",
        {"plan_import": plan_import, "plan": plan_import.plan, "preview": plan_import.preview},
    )


@acts(MANAGE)
def import_confirm(request, pk):
    plan_import = _import_for(request, pk)
    return run_action(
        request,
        lambda: services.plan_import_confirm(plan_import=plan_import, by=request.user),
        success_url=reverse("workplan:plan", args=[plan_import.plan_id]),
        refused_url=reverse("workplan:import_preview", args=[plan_import.pk]),
        success_message=_("已导入工作计划。"),
    )


@login_required
@permission_required(MANAGE, raise_exception=True)
def import_template(request):
    response = HttpResponse(services.plan_template_workbook(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(
        True, _("工作计划表模板") + ".xlsx"
    )
    return response
