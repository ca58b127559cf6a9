from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.i18n import month_day
from core.views import acts, run_action

from . import selectors, services
from .forms import ClearDayForm, DayForm, NewYearForm, ReopenForm
from .models import CalendarYear
from .packaged import packaged_years

EDIT = services.EDIT


@login_required
@permission_required("workcalendar.view_calendaryear", raise_exception=True)
def year_list(request):
    return render(
        request,
        "workcalendar/year_list.html",
        {"years": selectors.year_list(), "form": NewYearForm(), "packaged_years": packaged_years()},
    )


@login_required
@permission_required("workcalendar.view_calendaryear", raise_exception=True)
def year_detail(request, year):
    """A year's holidays and adjusted working days; the place the calendar's refusals point to."""
    calendar_year = CalendarYear.objects.select_related("confirmed_by").filter(year=year).first()
    return render(
        request,
        "workcalendar/year_detail.html",
        {
            "year": year,
            "calendar_year": calendar_year,
            "days": selectors.days_of(year) if calendar_year else [],
            "day_form": DayForm(initial={"date": f"{year}-01-01"}),
            "reopen_form": ReopenForm(),
            "new_form": NewYearForm(initial={"year": year}),
            "may_edit": request.user.has_perm(EDIT),
        },
    )


def _act(request, year, action, success):
    """Run ``action`` (a service call) and go back to the year, saying ``success`` (a
    text, or a function of the result) or the service's refusal."""
    return run_action(
        request,
        action,
        success_url=reverse("workcalendar:year", kwargs={"year": year}),
        success_message=success,
    )


@acts(EDIT)
def year_create(request):
    form = NewYearForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写 2000 至 2100 之间的年份。"))
        return redirect("workcalendar:list")
    year = form.cleaned_data["year"]
    return _act(
        request,
        year,
        lambda: services.calendar_year_create(
            year=year, by=request.user, note=form.cleaned_data["note"]
        ),
        _("已创建 %(year)s 年工作日历草稿，请录入放假与调休上班日期后确认。") % {"year": year},
    )


@acts(EDIT)
def day_set(request, year):
    form = DayForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写正确的日期和类型。"))
        return redirect("workcalendar:year", year=year)
    data = form.cleaned_data
    return _act(
        request,
        year,
        lambda: services.calendar_day_set(
            year=year, date=data["date"], kind=data["kind"], name=data["name"], by=request.user
        ),
        _("已登记 %(date)s。") % {"date": month_day(data["date"])},
    )


@acts(EDIT)
def day_clear(request, year):
    form = ClearDayForm(request.POST)
    if not form.is_valid():
        return redirect("workcalendar:year", year=year)
    date = form.cleaned_data["date"]

    return _act(
        request,
        year,
        lambda: services.calendar_day_clear(year=year, date=date, by=request.user),
        _("已删除 %(date)s的登记。") % {"date": month_day(date)},
    )


@acts(EDIT)
def year_prefill(request, year):
    def report(result):
        added, complete = result
        if complete:
            return ngettext(
                "已从软件包导入 %(added)s 条放假与调休记录，请核对后确认。",
                "已从软件包导入 %(added)s 条放假与调休记录，请核对后确认。",
                added,
            ) % {"added": added}
        return ngettext(
            "软件包尚无 %(year)s 年的国务院放假安排，已按法定节日估算导入 %(added)s 个放假日（不含调休上班日）。"
            "请务必对照国务院办公厅通知补全并核对后再确认。",
            "软件包尚无 %(year)s 年的国务院放假安排，已按法定节日估算导入 %(added)s 个放假日（不含调休上班日）。"
            "请务必对照国务院办公厅通知补全并核对后再确认。",
            added,
        ) % {"year": year, "added": added}

    return _act(
        request, year, lambda: services.calendar_year_prefill(year=year, by=request.user), report
    )


@acts(EDIT)
def year_confirm(request, year):
    return _act(
        request,
        year,
        lambda: services.calendar_year_confirm(year=year, by=request.user),
        _("%(year)s 年工作日历已确认，可用于计算公示期等工作日期限。") % {"year": year},
    )


@acts(EDIT)
def year_reopen(request, year):
    form = ReopenForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _act(
        request,
        year,
        lambda: services.calendar_year_reopen(year=year, by=request.user, reason=reason),
        _("已撤销 %(year)s 年工作日历的确认，修改后请重新确认。") % {"year": year},
    )
