from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.shortcuts import render

from core.permissions import get_object_for_user_or_404

from . import selectors
from .forms import DepartmentFilterForm, PersonFilterForm
from .models import Department

PAGE_SIZE = 50


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _list_template(request, full, partial):
    """The whole page, or only the results when htmx asks for them."""
    return partial if request.htmx and not request.htmx.boosted else full


@login_required
@permission_required("departments.view_department", raise_exception=True)
def department_list(request):
    form = DepartmentFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    departments = selectors.department_list(
        query=filters.get("q", ""),
        kind=filters.get("kind", ""),
        branch_id=filters["branch"].pk if filters.get("branch") else None,
        unit_kind=filters.get("unit_kind", ""),
        include_inactive=filters.get("include_inactive", False),
    )
    template = _list_template(
        request, "departments/department_list.html", "departments/partials/department_rows.html"
    )
    return render(request, template, {"form": form, "page": _page(request, departments)})


@login_required
@permission_required("departments.view_person", raise_exception=True)
def person_list(request):
    form = PersonFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    party = filters.get("party_member")
    people = selectors.person_list(
        query=filters.get("q", ""),
        department_id=filters["department"].pk if filters.get("department") else None,
        party_member={"yes": True, "no": False}.get(party),
        include_inactive=filters.get("include_inactive", False),
    )
    template = _list_template(
        request, "departments/person_list.html", "departments/partials/person_rows.html"
    )
    return render(request, template, {"form": form, "page": _page(request, people)})


@login_required
def department_detail(request, pk):
    """A department with its people and branch: the party office, or its own applicants."""
    department = get_object_for_user_or_404(
        Department.objects.select_related("party_branch__secretary", "parent", "head"),
        request.user,
        perms=["departments.view_department", "departments.apply_for_department"],
        pk=pk,
    )
    people = department.people.filter(active=True).order_by("employee_number")
    return render(
        request,
        "departments/department_detail.html",
        {
            "department": department,
            "people": people,
            "clean_teams": department.clean_teams.filter(active=True).order_by("code"),
            "can_see_roster": request.user.has_perm("departments.view_person"),
        },
    )
