"""The hospital's settings page: the values, the form (administrators) and every change."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.views import acts, run_action
from hospital import registry, selectors, services
from hospital.enums import IssuerRole
from hospital.forms import HospitalSettingsForm
from hospital.rules import CHANGE, VIEW


def _numbers(profile, year):
    """``{role: (last issued, its spelling or "")}`` of this year, per issuer."""
    numbering = registry.numbering()
    if numbering is None:
        return {}
    numbers = {}
    for role in IssuerRole:
        prefix = profile.issuer(role).number_prefix
        last = numbering.last_issued(prefix=prefix, year=year)
        spelled = numbering.spell(prefix=prefix, year=year, number=last) if last else ""
        numbers[role] = (last, spelled)
    return numbers


def _page(request, form=None):
    profile = selectors.profile_from_database()
    year = timezone.localdate().year
    numbers = _numbers(profile, year)
    if form is None:
        initial = {
            "name": profile.name,
            "title_wording": profile.title_wording,
            "objection_contact": profile.objection_contact,
            "report_day": profile.report_day,
            "report_reminder_working_days": profile.report_reminder_working_days,
            "key_post_rotation_years": profile.key_post_rotation_years,
            "coverage_start_year": profile.coverage_start_year,
            "coverage_target_year": profile.coverage_target_year,
        }
        for role in IssuerRole:
            issuer = profile.issuer(role)
            initial[f"{role}_name"] = issuer.name
            initial[f"{role}_prefix"] = issuer.number_prefix
            if role in numbers:
                initial[f"{role}_next"] = numbers[role][0] + 1
        form = HospitalSettingsForm(initial=initial)
    issuers = [
        {
            "label": role.label,
            "issuer": profile.issuer(role),
            "last": numbers.get(role, (0, ""))[1],
            "next": numbers[role][0] + 1 if role in numbers else None,
        }
        for role in IssuerRole
    ]
    return render(
        request,
        "hospital/settings.html",
        {
            "profile": profile,
            "issuers": issuers,
            "year": year,
            "form": form,
            "numbered": bool(numbers),
            "saved": selectors.last_saved(),
            "changes": selectors.settings_changes(),
            "may_change": request.user.has_perm(CHANGE),
        },
    )


@login_required
@require_safe
def settings_page(request):
    if not request.user.has_perm(VIEW):
        raise PermissionDenied
    return _page(request)


@acts(CHANGE)
def settings_save(request):
    form = HospitalSettingsForm(request.POST)
    return run_action(
        request,
        lambda: services.hospital_settings_save(
            by=request.user,
            name=form.cleaned_data["name"],
            title_wording=form.cleaned_data["title_wording"],
            objection_contact=form.cleaned_data["objection_contact"],
            issuers=form.issuers(),
            reason=form.cleaned_data["reason"],
            report_day=form.cleaned_data["report_day"],
            report_reminder_working_days=form.cleaned_data["report_reminder_working_days"],
            key_post_rotation_years=form.cleaned_data["key_post_rotation_years"],
            coverage_start_year=form.cleaned_data["coverage_start_year"],
            coverage_target_year=form.cleaned_data["coverage_target_year"],
        ),
        form=form,
        page=lambda: _page(request, form),
        success_url="hospital:settings",
        success_message=_("医院设置已保存，此后生成的公文和页面按新设置显示。"),
    )
