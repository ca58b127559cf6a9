"""Publicity materials (宣传材料): the list, the form, a material's page with the party
office's check, the files, and the count per department and year."""

import uuid

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.files import stored_file_response
from core.lists import list_page
from core.permissions import get_object_for_user_or_404
from core.views import acts, run_action
from reports import selectors
from reports.enums import MaterialState
from reports.forms import MaterialForm, MaterialReturnForm
from reports.lists import MaterialCountTable, MaterialFilter, MaterialTable
from reports.models import PublicityMaterial, PublicityMaterialFile
from reports.rules import ADD_MATERIAL, CHECK_MATERIAL, VIEW_MATERIAL
from reports.services import materials as services
from reports.services.materials import material_url


def _authors(user):
    return list(selectors.own_departments(user)), list(selectors.own_branches(user))


def may_send(user):
    departments, branches = _authors(user)
    return bool(departments or branches)


def may_use_materials(user):
    return user.has_perm(VIEW_MATERIAL) or user.has_perm(ADD_MATERIAL) or may_send(user)


@login_required
def material_list(request):
    if not may_use_materials(request.user):
        raise PermissionDenied
    return list_page(
        request,
        rows=selectors.material_list(request.user),
        table_class=MaterialTable,
        filterset_class=MaterialFilter,
        template="reports/material_list.html",
        title=_("宣传材料"),
        export_name=_("宣传材料"),
        context={
            "may_send": may_send(request.user),
            "sees_counts": request.user.has_perm(VIEW_MATERIAL),
        },
    )


def _form_page(request, form, status=200):
    return render(request, "reports/material_form.html", {"form": form}, status=status)


@login_required
def material_new(request):
    departments, branches = _authors(request.user)
    if not (departments or branches):
        raise PermissionDenied
    if request.method != "POST":
        form = MaterialForm(
            departments=departments,
            branches=branches,
            initial={"submission_key": uuid.uuid4()},
        )
        return _form_page(request, form)
    form = MaterialForm(request.POST, departments=departments, branches=branches)
    return run_action(
        request,
        lambda: services.material_submit(
            by=request.user,
            title=form.cleaned_data["title"],
            text=form.cleaned_data["text"],
            uploads=request.FILES.getlist("attachments"),
            submission_key=form.cleaned_data["submission_key"],
            **form.author_kwargs(),
        ),
        form=form,
        page=lambda: _form_page(request, form),
        success_url=material_url,
        success_message=_("宣传材料已报送。"),
    )


def _material_for(request, pk):
    rows = PublicityMaterial.objects.select_related(
        "unit", "branch", "submitted_by", "checked_by"
    ).prefetch_related("files")
    return get_object_for_user_or_404(rows, request.user, perms=[VIEW_MATERIAL], pk=pk)


def _detail_page(request, material, return_form=None):
    may_check = (
        request.user.has_perm(CHECK_MATERIAL, material)
        and material.state == MaterialState.SUBMITTED
    )
    return render(
        request,
        "reports/material_detail.html",
        {
            "material": material,
            "may_check": may_check,
            "return_form": return_form or MaterialReturnForm(),
        },
    )


@login_required
def material_detail(request, pk):
    return _detail_page(request, _material_for(request, pk))


@acts(CHECK_MATERIAL)
def material_accept(request, pk):
    material = _material_for(request, pk)
    return run_action(
        request,
        lambda: services.material_accept(material=material, by=request.user),
        success_url=material_url(material),
        success_message=_("宣传材料已采用。"),
    )


@acts(CHECK_MATERIAL)
def material_return(request, pk):
    material = _material_for(request, pk)
    form = MaterialReturnForm(request.POST)
    return run_action(
        request,
        lambda: services.material_return(
            material=material, by=request.user, reason=form.cleaned_data["reason"]
        ),
        form=form,
        page=lambda: _detail_page(request, _material_for(request, pk), form),
        success_url=material_url(material),
        success_message=_("宣传材料已退回。"),
    )


@login_required
def material_file(request, pk, file_pk):
    material = _material_for(request, pk)
    record = get_object_or_404(PublicityMaterialFile, pk=file_pk, material=material)
    return stored_file_response(record)


@login_required
def material_counts(request):
    """Publicity materials per department in a year (the party and discipline offices)."""
    if not request.user.has_perm(VIEW_MATERIAL):
        raise PermissionDenied
    value = request.GET.get("year", "")
    year = int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else None
    year = year or timezone.localdate().year
    return list_page(
        request,
        rows=selectors.material_counts(year),
        table_class=MaterialCountTable,
        template="reports/material_counts.html",
        title=_("%(year)s年宣传材料统计") % {"year": year},
        export_name=_("%(year)s年宣传材料统计") % {"year": year},
        context={"year": year, "list_url": reverse("reports:material_counts")},
    )
