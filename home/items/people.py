"""What staff, applicants, branch secretaries and reviewers have waiting:
the own department, the head's confirmations, open publicities, one's own
objections, the unit's rectifications.

Each function takes the user and returns ``HomeItem`` rows (``home.selectors``).
"""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from appraisal import selectors as appraisal_selectors
from appraisal.review_selectors import review_counts_for
from core.i18n import full_date, month_day, month_day_time
from departments import selectors as department_selectors
from departments.models import Department
from home.items import HomeItem
from publicity.objection_selectors import open_objections_of
from publicity.selectors import open_publicities
from veto.enums import RectificationState
from veto.selectors import (
    rectifications_of_units,
)


def staff_items(user):
    person = department_selectors.person_of(user)
    items = []
    if person is not None:
        items.append(
            HomeItem(
                label=_("所在科室：%(department)s") % {"department": person.department.name},
                note=_("工号 %(employee_number)s") % {"employee_number": person.employee_number},
            )
        )
    # A department head confirms in their own account, whatever roles they hold.
    items += [
        HomeItem(
            label=_("待您确认：%(unit)s的申报") % {"unit": application.unit.name},
            url=reverse("appraisal:application", args=[application.pk]),
            note=application.campaign.title,
        )
        for application in appraisal_selectors.applications_awaiting_head(user)
    ]
    items += publicity_items()
    return items


def publicity_items():
    """The publicities open now, linking to the board (one query)."""
    return [
        HomeItem(
            label=_("公示中：%(campaign)s") % {"campaign": publicity.campaign.title},
            url=reverse("publicity:board"),
            note=_("%(day)s 24:00 截止") % {"day": month_day(publicity.last_day)},
        )
        for publicity in open_publicities()
    ]


def rectification_items_of_unit(user):
    """The rectifications not yet accepted of the units the user applies for or heads."""
    units = Department.objects.filter(
        Q(pk__in=department_selectors.departments_user_applies_for(user).values("pk"))
        | Q(head__user=user)
    )
    items = []
    for rectification in rectifications_of_units(units):
        due = rectification.state == RectificationState.DUE
        items.append(
            HomeItem(
                label=(_("整改期满，待院党委验收：%(unit)s") if due else _("整改中：%(unit)s"))
                % {"unit": rectification.unit.name},
                url=reverse("veto:rectification", args=[rectification.pk]),
                note=_("整改期至%(date)s，验收通过后方可申报")
                % {"date": full_date(rectification.ends_on)},
            )
        )
    return items


def objection_items_of_staff(user):
    """The person's own objections still open (one small query)."""
    return [
        HomeItem(
            label=_("我的异议 %(number)s：%(unit)s")
            % {"number": objection.receipt_number, "unit": objection.application.unit.name},
            url=reverse("publicity:objection_receipt", args=[objection.pk]),
            note=objection.get_state_display(),
        )
        for objection in open_objections_of(user)
    ]


def honour_roll_items(user):
    return [HomeItem(label=_("荣誉榜：历年清廉科室"), url=reverse("appraisal:honour_roll"))]


def applicant_items(user):
    items = []
    for campaign, unit, application in appraisal_selectors.applicant_units_in_open_campaigns(user):
        state = application.get_state_display() if application else _("尚未开始")
        items.append(
            HomeItem(
                label=_("%(campaign)s：%(unit)s") % {"campaign": campaign.title, "unit": unit.name},
                url=reverse("appraisal:unit_home", args=[campaign.pk, unit.pk]),
                note=_("%(state)s · %(deadline)s截止")
                % {"state": state, "deadline": month_day_time(campaign.closes_at)},
            )
        )
    items.append(HomeItem(label=_("本单元年度清廉考评结果"), url=reverse("appraisal:my_results")))
    items += [
        HomeItem(
            label=_("可代表申报：%(department)s") % {"department": department.name},
            url=reverse("departments:detail", args=[department.pk]),
        )
        for department in department_selectors.departments_user_applies_for(user)
    ]
    return items


def branch_secretary_items(user):
    items = [
        HomeItem(
            label=_("待填写党支部意见：%(unit)s") % {"unit": application.unit.name},
            url=reverse("appraisal:application", args=[application.pk]),
            note=application.campaign.title,
        )
        for application in appraisal_selectors.applications_awaiting_branch(user)
    ]
    items += [
        HomeItem(
            label=ngettext(
                "%(branch)s：%(count)s 个科室",
                "%(branch)s：%(count)s 个科室",
                branch.department_count,
            )
            % {"branch": branch.name, "count": branch.department_count}
        )
        for branch in department_selectors.branches_led_by(user)
    ]
    return items


def reviewer_items(user):
    return [
        HomeItem(
            label=_("%(title)s：待评审 %(count)s 份")
            % {"title": title, "count": total - submitted},
            url=reverse("appraisal:review_queue"),
            count=total - submitted,
            note=_("已提交 %(submitted)s / 共 %(total)s 份")
            % {"submitted": submitted, "total": total},
        )
        for title, submitted, total in review_counts_for(user)
    ]
