"""A unit's risk register: the list, adding, correcting, the yearly review, retiring."""

import uuid

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.lists import list_page
from core.views import run_action
from risks import selectors
from risks.forms import RetireForm, ReviewForm, RiskPointEditForm, RiskPointForm
from risks.lists import PointFilter, PointTable
from risks.rules import KEEP, keeps_records_of
from risks.services import points as services

from .access import point_to_keep, point_to_read, unit_to_keep, unit_to_read


@login_required
def mine(request):
    """The units whose records the user keeps: straight to the one, or a choice."""
    units = list(selectors.units_kept_by(request.user))
    if len(units) == 1:
        return redirect("risks:unit_points", pk=units[0].pk)
    return render(request, "risks/mine.html", {"units": units})


@login_required
def unit_points(request, pk):
    unit = unit_to_read(request, pk)
    year = timezone.localdate().year
    return list_page(
        request,
        rows=selectors.unit_points(unit, year=year),
        table_class=PointTable,
        filterset_class=PointFilter,
        template="risks/unit_points.html",
        title=_("%(unit)s廉政风险点") % {"unit": unit.name},
        export_name=_("%(unit)s廉政风险点") % {"unit": unit.name},
        context={
            "unit": unit,
            "year": year,
            "counts": selectors.point_counts(unit, year),
            "may_keep": keeps_records_of(request.user, unit),
            "tab": "points",
        },
    )


def _form_page(request, form, *, unit, title, point=None):
    return render(
        request,
        "risks/form.html",
        {"form": form, "unit": unit, "title": title, "point": point, "tab": "points"},
    )


@login_required
def point_add(request, pk):
    unit = unit_to_keep(request, pk)
    title = _("登记廉政风险点")
    if request.method != "POST":
        form = RiskPointForm(initial={"submission_key": uuid.uuid4()})
        return _form_page(request, form, unit=unit, title=title)
    form = RiskPointForm(request.POST)
    return run_action(
        request,
        lambda: services.risk_point_add(
            unit=unit,
            by=request.user,
            post=form.cleaned_data["post"],
            risk=form.cleaned_data["risk"],
            grade=form.cleaned_data["grade"],
            measure=form.cleaned_data["measure"],
            submission_key=form.cleaned_data["submission_key"],
        ),
        form=form,
        page=lambda: _form_page(request, form, unit=unit, title=title),
        success_url=lambda point: reverse("risks:point", args=[point.pk]),
        success_message=_("已登记风险点。"),
    )


def _detail_page(request, point, *, review_form=None, retire_form=None):
    may_keep = request.user.has_perm(KEEP, point) and not point.is_retired
    year = timezone.localdate().year
    reviews = list(selectors.point_reviews(point))
    return render(
        request,
        "risks/point_detail.html",
        {
            "point": point,
            "unit": point.unit,
            "reviews": reviews,
            "versions": selectors.point_history(point),
            "reviewed_this_year": any(review.year == year for review in reviews),
            "year": year,
            "may_keep": may_keep,
            "review_form": review_form
            or ReviewForm(
                initial={
                    "reviewed_on": timezone.localdate(),
                    "grade": point.grade,
                    "submission_key": uuid.uuid4(),
                }
            ),
            "retire_form": retire_form or RetireForm(),
            "tab": "points",
        },
    )


@login_required
def point_detail(request, pk):
    return _detail_page(request, point_to_read(request, pk))


@login_required
def point_edit(request, pk):
    point = point_to_keep(request, pk)
    title = _("修改廉政风险点")
    initial = {"post": point.post, "risk": point.risk, "measure": point.measure}
    form = RiskPointEditForm(request.POST or None, initial=initial)
    if request.method != "POST":
        return _form_page(request, form, unit=point.unit, title=title, point=point)
    return run_action(
        request,
        lambda: services.risk_point_edit(point=point, by=request.user, **form.cleaned_data),
        form=form,
        page=lambda: _form_page(request, form, unit=point.unit, title=title, point=point),
        success_url=reverse("risks:point", args=[point.pk]),
        success_message=_("已保存。修改前的内容保留在历史记录中。"),
    )


@login_required
@require_POST
def point_review(request, pk):
    point = point_to_keep(request, pk)
    form = ReviewForm(request.POST)
    return run_action(
        request,
        lambda: services.risk_point_review(point=point, by=request.user, **form.cleaned_data),
        form=form,
        page=lambda: _detail_page(request, point_to_read(request, pk), review_form=form),
        success_url=lambda review: reverse("risks:point", args=[review.risk_point_id]),
        success_message=_("已记录年度复核。"),
    )


@login_required
@require_POST
def point_retire(request, pk):
    point = point_to_keep(request, pk)
    form = RetireForm(request.POST)
    return run_action(
        request,
        lambda: services.risk_point_retire(
            point=point, by=request.user, reason=form.cleaned_data["reason"]
        ),
        form=form,
        page=lambda: _detail_page(request, point_to_read(request, pk), retire_form=form),
        success_url=reverse("risks:point", args=[point.pk]),
        success_message=_("已停用该风险点，记录保留。"),
    )
