"""The party office's pages: the year's holders (who has not filed, not signed, items
overdue), adding and removing holders, and the per-department view."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.lists import list_page
from core.views import acts, run_action
from departments.models import Department
from responsibility import selectors
from responsibility.enums import FilingStatus
from responsibility.forms import HolderRemoveForm, HoldersAddForm, YearForm
from responsibility.lists import (
    HolderFilter,
    HolderTable,
    OverviewTable,
    chosen_year,
    year_choices,
)
from responsibility.records import figures_of
from responsibility.rules import MANAGE, VIEW_ALL, reads_all
from responsibility.services import holders as services

from .access import holder_to_read


def _holders_url(year, **query):
    return f"{reverse('responsibility:holders')}?{urlencode({'year': year, **query})}"


@login_required
def holders(request):
    """The year's holders: every one for those who read all, a head's own units' for a
    head; anyone else is refused."""
    year = chosen_year(request)
    rows = selectors.holders_of_year(year, include_removed=True)
    if not reads_all(request.user):
        headed = list(selectors.units_headed_by(request.user).values_list("pk", flat=True))
        if not headed:
            raise PermissionDenied
        rows = rows.filter(unit_id_then__in=headed)
    title = _("%(year)s年度问题清单和责任清单") % {"year": year}
    return list_page(
        request,
        rows=rows.order_by("person__department__code", "person__employee_number"),
        table_class=HolderTable,
        filterset_class=HolderFilter,
        template="responsibility/holders.html",
        title=title,
        export_name=title,
        context={"year": year, "may_manage": request.user.has_perm(MANAGE)},
    )


def _add_page(request, form):
    return render(
        request,
        "responsibility/form.html",
        {
            "form": form,
            "title": _("添加掌握公权力人员"),
            "cancel": reverse("responsibility:holders"),
        },
    )


def _added_message(result):
    added, already = result
    message = ngettext("已添加 %(count)s 人。", "已添加 %(count)s 人。", len(added)) % {
        "count": len(added)
    }
    if already:
        message += _("%(count)s 人已在名单中，未重复添加。") % {"count": len(already)}
    return message


@login_required
def holder_add(request):
    if not request.user.has_perm(MANAGE):
        raise PermissionDenied
    if request.method != "POST":
        form = HoldersAddForm(initial={"year": chosen_year(request)})
        return _add_page(request, form)
    form = HoldersAddForm(request.POST)
    return run_action(
        request,
        lambda: services.holders_add(by=request.user, **form.cleaned_data),
        form=form,
        page=lambda: _add_page(request, form),
        success_url=lambda result: _holders_url(form.cleaned_data["year"]),
        success_message=_added_message,
    )


@acts(MANAGE)
def fill_heads(request):
    form = YearForm(request.POST)
    year = form.cleaned_data["year"] if form.is_valid() else None
    return run_action(
        request,
        lambda: services.holders_fill_from_heads(year=year, by=request.user),
        success_url=_holders_url(year or timezone.localdate().year),
        success_message=_added_message,
    )


def _remove_page(request, holder, form):
    return render(
        request,
        "responsibility/form.html",
        {
            "form": form,
            "title": _("将%(person)s移出%(year)s年度名单")
            % {"person": holder.person.name, "year": holder.year},
            "cancel": reverse("responsibility:list", args=[holder.pk]),
        },
    )


@login_required
def holder_remove(request, pk):
    holder = holder_to_read(request, pk)
    if not request.user.has_perm(MANAGE):
        raise PermissionDenied
    if request.method != "POST":
        form = HolderRemoveForm(initial={"removed_on": timezone.localdate()})
        return _remove_page(request, holder, form)
    form = HolderRemoveForm(request.POST)
    return run_action(
        request,
        lambda: services.holder_remove(holder=holder, by=request.user, **form.cleaned_data),
        form=form,
        page=lambda: _remove_page(request, holder, form),
        success_url=reverse("responsibility:list", args=[holder.pk]),
        success_message=_("已移出名单。"),
    )


def overview_rows(year):
    """One row per active department: its holders' figures and where they stand."""
    units = list(Department.objects.filter(active=True, parent__isnull=True).order_by("code"))
    grouped = selectors.holders_by_unit(selectors.holders_of_year(year), units)
    rows = []
    for unit in units:
        counted = grouped[unit.pk]
        figures = figures_of(counted)
        statuses = [selectors.filing_status(h) for h in counted]
        rows.append(
            {
                "pk": unit.pk,
                "code": unit.code,
                "name": unit.name,
                "url": _holders_url(year, unit=unit.pk),
                **figures,
                "not_filed": statuses.count(FilingStatus.NOT_FILED),
                "not_signed": statuses.count(FilingStatus.NOT_SIGNED),
                "items_overdue": sum(h.items_overdue for h in counted),
                "percent_rank": -1 if figures["percent"] is None else figures["percent"],
            }
        )
    return rows


@login_required
def overview(request):
    if not request.user.has_perm(VIEW_ALL):
        raise PermissionDenied
    year = chosen_year(request)
    title = _("%(year)s年度各科室问题清单和责任清单") % {"year": year}
    return list_page(
        request,
        rows=overview_rows(year),
        table_class=OverviewTable,
        template="responsibility/overview.html",
        title=title,
        export_name=title,
        context={"year": year, "years": [y for y, _label in year_choices()]},
    )
