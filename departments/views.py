from django.conf import settings
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from core.i18n import site_language
from core.lists import list_page
from core.permissions import get_object_for_user_or_404
from core.spreadsheets import write_csv, write_xlsx
from core.upload_limits import (
    MULTIPART_ALLOWANCE,
    UploadLimitHandler,
    declared_length,
    discard_body,
)
from core.views import Caution, acts, run_action

from . import selectors, services
from .forms import (
    AppointForm,
    DepartmentAppointForm,
    RosterImportForm,
    UnitCloseForm,
    UnitOpenedForm,
    too_large_message,
)
from .imports import ROW_KIND_LABELS, ROW_KINDS
from .lists import (
    AppointmentFilter,
    AppointmentTable,
    DepartmentFilter,
    DepartmentTable,
    PersonFilter,
    PersonTable,
)
from .models import (
    ROSTER_TITLES,
    UNIT_POSTS,
    Appointment,
    Department,
    Person,
    Post,
    Roster,
    RosterImport,
)
from .rules import APPOINT, CHANGE_LIFETIME, CONFIRM_IMPORT
from .services.lifetime import ended_message


@login_required
@permission_required("departments.view_department", raise_exception=True)
def department_list(request):
    return list_page(
        request,
        rows=selectors.department_list(),
        table_class=DepartmentTable,
        filterset_class=DepartmentFilter,
        template="departments/department_list.html",
        title=_("科室与清廉团队"),
        export_name=_("科室与清廉团队"),
        # A rule (the role), not a model permission: the cached navigation cannot ask it.
        context={"may_appoint": request.user.has_perm(APPOINT)},
        table_kwargs={"empty_text": _("没有符合条件的科室。")},
    )


@login_required
@permission_required("departments.view_person", raise_exception=True)
def person_list(request):
    return list_page(
        request,
        rows=selectors.person_list(),
        table_class=PersonTable,
        filterset_class=PersonFilter,
        template="departments/person_list.html",
        title=_("人员"),
        export_name=_("人员"),
        table_kwargs={"empty_text": _("没有符合条件的人员。")},
    )


@login_required
def department_detail(request, pk):
    """A department with its people and branch: the party office, or its own applicants."""
    department = get_object_for_user_or_404(
        Department.objects.select_related(
            "party_branch__secretary", "parent", "head", "merged_into"
        ),
        request.user,
        perms=["departments.view_department", "departments.apply_for_department"],
        pk=pk,
    )
    return _department_page(request, department)


def _department_page(request, department, *, appoint_form=None):
    people = department.people.filter(active=True).order_by("employee_number")
    may_appoint = request.user.has_perm(APPOINT) and department.active
    return render(
        request,
        "departments/department_detail.html",
        {
            "department": department,
            "people": people,
            "clean_teams": department.clean_teams.filter(active=True).order_by("code"),
            "can_see_roster": request.user.has_perm("departments.view_person"),
            "posts": selectors.unit_posts(department),
            "may_appoint": may_appoint,
            "appoint_form": (appoint_form or DepartmentAppointForm()) if may_appoint else None,
            "ended": ended_message(department) if department.closed_on else "",
            "may_change_lifetime": request.user.has_perm(CHANGE_LIFETIME),
        },
    )


# --- roster files -----------------------------------------------------------------------

PREVIEW_PAGE_SIZE = 100
EXPORT_FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def _import_page(request, form, *, error="", status=200):
    return render(
        request, "departments/roster_import.html", {"form": form, "error": error}, status=status
    )


@csrf_exempt  # the size is checked before the body is read; _roster_import_form checks CSRF
@login_required
@permission_required("departments.import_roster", raise_exception=True)
def roster_import(request):
    """Upload a roster file for a preview. An oversized body is refused unread (413)."""
    if request.method == "POST":
        limit = settings.IMPORT_MAX_UPLOAD_BYTES
        length = declared_length(request)
        if length > limit + MULTIPART_ALLOWANCE:
            discard_body(request, length)
            return _import_page(
                request, RosterImportForm(), error=too_large_message(length), status=413
            )
        handler = UploadLimitHandler(request, limit=limit)
        request.upload_handlers.insert(0, handler)
        try:
            request.POST  # noqa: B018  (parse now, under the limit, to answer in a sentence)
        except (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent):
            return _import_page(
                request,
                RosterImportForm(),
                error=_("提交的内容过多或过大，无法处理。请只选择一个表格文件后重新上传。"),
                status=400,
            )
        if handler.exceeded:
            return _import_page(request, RosterImportForm(), error=too_large_message(), status=413)
    return _roster_import_form(request)


@csrf_protect
def _roster_import_form(request):
    if request.method != "POST":
        form = RosterImportForm(initial={"roster": request.GET.get("roster") or Roster.PEOPLE})
        return _import_page(request, form)
    form = RosterImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _import_page(request, form)
    roster_import = services.roster_import_upload(
        roster=form.cleaned_data["roster"],
        uploaded_file=form.cleaned_data["file"],
        by=request.user,
    )
    return redirect("departments:import_preview", roster_import.pk)


def _own_import(request, pk, *, with_preview=True):
    """The upload ``pk`` if the signed-in user may confirm it (they made it); nobody
    else's exists for them."""
    uploads = RosterImport.objects.all()
    return get_object_for_user_or_404(
        uploads if with_preview else uploads.defer("preview"),
        request.user,
        perms=[CONFIRM_IMPORT],
        pk=pk,
    )


@login_required
@permission_required("departments.import_roster", raise_exception=True)
def roster_import_preview(request, pk):
    """The dry run's result, read from the upload record (no query per row)."""
    roster_import = _own_import(request, pk)
    preview = roster_import.preview
    counts = preview.get("counts", {})
    problems = preview.get("problems", [])
    show = request.GET.get("show")
    if show not in ROW_KINDS:
        show = next((kind for kind in ROW_KINDS if counts.get(kind)), "new")
    if problems:
        page = Paginator(problems, 500).get_page(request.GET.get("page"))
    else:
        rows = [row for row in preview.get("rows", []) if row["type"] == show]
        page = Paginator(rows, PREVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "departments/roster_import_preview.html",
        {
            "roster_import": roster_import,
            "preview": preview,
            "counts": counts,
            "show": show,
            "page": page,
            "tabs": [(kind, ROW_KIND_LABELS[kind], counts.get(kind, 0)) for kind in ROW_KINDS],
            # A column of the file, named as the file names it (like the other columns shown).
            "name_label": "姓名" if roster_import.roster == Roster.PEOPLE else "科室名称",
            "form": RosterImportForm(initial={"roster": roster_import.roster}),
        },
    )


def _imported(roster_import):
    """What the person reads after confirming: the counts, or that the data changed."""
    if roster_import.state != RosterImport.State.IMPORTED:
        return Caution(
            _(
                "预览之后名册数据已被修改，本次没有导入任何数据。"
                "下面是按最新数据重新生成的预览，请核对后再确认。"
            )
        )
    counts = selectors.roster_import_counts(roster_import)
    return _("导入完成：新增 %(new)s 条，修改 %(changed)s 条，%(unchanged)s 条无变化。") % {
        "new": counts["new"],
        "changed": counts["changed"],
        "unchanged": counts["unchanged"],
    }


def _after_import(roster_import):
    if roster_import.state != RosterImport.State.IMPORTED:
        return reverse("departments:import_preview", args=[roster_import.pk])
    if roster_import.roster == Roster.PEOPLE:
        return reverse("departments:people")
    return reverse("departments:list")


@acts("departments.import_roster")
def roster_import_confirm(request, pk):
    roster_import = _own_import(request, pk, with_preview=False)
    return run_action(
        request,
        lambda: services.roster_import_confirm(roster_import=roster_import, by=request.user),
        success_url=_after_import,
        success_message=_imported,
        refused_url=reverse("departments:import_preview", args=[roster_import.pk]),
    )


@login_required
@permission_required("departments.export_roster", raise_exception=True)
def roster_export(request, roster, fmt):
    """The whole roster as .xlsx or .csv; cells that would run as formulas are escaped.

    The file is Chinese whatever the language of the page (its headers and
    values are what an import reads), and so are its sheet's and its own name.
    """
    if roster not in Roster.values or fmt not in EXPORT_FORMATS:
        raise Http404
    with site_language():
        title = str(ROSTER_TITLES[roster])
    headers, rows = selectors.roster_table(roster)
    content = write_xlsx(headers, rows, title=title) if fmt == "xlsx" else write_csv(headers, rows)
    filename = f"{title}-{timezone.localdate():%Y%m%d}.{fmt}"
    return HttpResponse(
        content,
        content_type=EXPORT_FORMATS[fmt],
        headers={"Content-Disposition": content_disposition_header(True, filename)},
    )


@login_required
def person_detail(request, pk):
    """A person on the roster with every department they have been in."""
    person = get_object_for_user_or_404(
        Person.objects.select_related("department", "user"),
        request.user,
        perms=["departments.view_person"],
        pk=pk,
    )
    return render(
        request,
        "departments/person_detail.html",
        {"person": person, "periods": selectors.person_department_history(person)},
    )


# --- appointments ---------------------------------------------------------------------------


def _roles_page(request, form=None, *, status=200):
    return render(
        request,
        "departments/roles.html",
        {
            "form": form or AppointForm(initial={"post": request.GET.get("post") or Post.CONTACT}),
            "holdings": selectors.current_holders(),
        },
        status=status,
    )


@login_required
@permission_required(APPOINT, raise_exception=True)
def roles(request):
    """Every post with its current holders; appoint and remove."""
    return _roles_page(request)


@acts(APPOINT)
def appoint(request):
    form = AppointForm(request.POST)
    return run_action(
        request,
        lambda: services.appoint(**form.cleaned_data, by=request.user),
        form=form,
        page=lambda: _roles_page(request, form),
        success_url=_after_appointment,
        success_message=_appointed,
    )


@acts(APPOINT)
def department_appoint(request, pk):
    department = get_object_for_user_or_404(
        Department.objects.filter(active=True),
        request.user,
        perms=["departments.view_department"],
        pk=pk,
    )
    form = DepartmentAppointForm(request.POST)
    return run_action(
        request,
        lambda: services.appoint(**form.cleaned_data, department=department, by=request.user),
        form=form,
        page=lambda: _department_page(request, department, appoint_form=form),
        success_url=reverse("departments:detail", args=[department.pk]),
        success_message=_appointed,
    )


def _after_appointment(appointment):
    if appointment.post in UNIT_POSTS:
        return reverse("departments:detail", args=[appointment.department_id])
    return reverse("departments:roles")


def _appointed(appointment):
    place = appointment.place
    values = {
        "person": appointment.person.name,
        "post": appointment.get_post_display(),
        "place": place,
    }
    if place is None:
        return _("已任命%(person)s为%(post)s。") % values
    return _("已任命%(person)s为%(place)s%(post)s。") % values


@acts(APPOINT)
def appointment_remove(request, pk):
    appointment = get_object_for_user_or_404(
        Appointment.objects.select_related("person"), request.user, perms=[APPOINT], pk=pk
    )
    return run_action(
        request,
        lambda: services.appointment_remove(
            appointment=appointment, by=request.user, reason=request.POST.get("reason", "")
        ),
        success_url=_after_appointment(appointment),
        success_message=_("已免去%(person)s的%(post)s职务。")
        % {"person": appointment.person.name, "post": appointment.get_post_display()},
    )


@login_required
@permission_required(APPOINT, raise_exception=True)
def appointment_list(request):
    """The record of every appointment and removal: who, when, why."""
    return list_page(
        request,
        rows=selectors.appointment_list(),
        table_class=AppointmentTable,
        filterset_class=AppointmentFilter,
        template="departments/appointment_list.html",
        title=_("任免记录"),
        export_name=_("任免记录"),
        table_kwargs={"empty_text": _("没有符合条件的任免记录。")},
    )


# --- a unit's lifetime: set up, closed, merged -------------------------------------------


def _lifetime_unit(request, pk):
    return get_object_for_user_or_404(
        Department.objects.select_related("parent", "merged_into"),
        request.user,
        perms=[CHANGE_LIFETIME],
        pk=pk,
    )


def _lifetime_page(request, unit, *, opened_form=None, close_form=None):
    unit.refresh_from_db()
    return render(
        request,
        "departments/unit_lifetime.html",
        {
            "department": unit,
            "ended": ended_message(unit) if unit.closed_on else "",
            "changes": selectors.lifetime_changes(unit),
            "opened_form": opened_form or UnitOpenedForm(initial={"opened_on": unit.opened_on}),
            "close_form": None if unit.closed_on else (close_form or UnitCloseForm(unit=unit)),
        },
    )


@login_required
def unit_lifetime(request, pk):
    """When a unit was set up, and its closing or merging (the party office, the
    administrator), with who recorded each, when and why."""
    return _lifetime_page(request, _lifetime_unit(request, pk))


@acts(CHANGE_LIFETIME)
def unit_opened(request, pk):
    unit = _lifetime_unit(request, pk)
    form = UnitOpenedForm(request.POST)
    return run_action(
        request,
        lambda: services.unit_opened_on_set(
            unit=unit,
            by=request.user,
            opened_on=form.cleaned_data["opened_on"],
            reason=form.cleaned_data["reason"],
        ),
        form=form,
        page=lambda: _lifetime_page(request, unit, opened_form=form),
        success_url=reverse("departments:lifetime", args=[unit.pk]),
        success_message=_("已登记设立日期。"),
    )


@acts(CHANGE_LIFETIME)
def unit_close(request, pk):
    unit = _lifetime_unit(request, pk)
    form = UnitCloseForm(request.POST, unit=unit)
    return run_action(
        request,
        lambda: services.unit_close(
            unit=unit,
            by=request.user,
            closed_on=form.cleaned_data["closed_on"],
            merged_into=form.cleaned_data["merged_into"],
            reason=form.cleaned_data["reason"],
        ),
        form=form,
        page=lambda: _lifetime_page(request, unit, close_form=form),
        success_url=reverse("departments:lifetime", args=[unit.pk]),
        success_message=ended_message,
    )
