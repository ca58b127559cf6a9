"""What the home page shows each role: the things waiting for this person.

``HOME_SECTIONS`` maps a role to the functions that list its waiting items;
each function takes the user and returns ``HomeItem`` rows. Later workflows
add their functions here, so the home page is the one place that says what a
role has to do.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from accounts.roles import Role, user_roles
from appraisal import selectors as appraisal_selectors
from appraisal.decision_selectors import campaigns_awaiting_decision
from appraisal.review_selectors import campaigns_in_review, review_counts_for
from core.i18n import full_date, month_day, month_day_time
from departments import selectors as department_selectors
from departments.models import Department
from publicity.objection_selectors import open_objection_counts, open_objections_of
from publicity.selectors import awaiting_confirmation, open_publicities
from veto.enums import RectificationState
from veto.selectors import (
    event_counts,
    rectification_counts,
    rectifications_due,
    rectifications_of_units,
)
from workcalendar import selectors as calendar_selectors


@dataclass(frozen=True)
class HomeItem:
    label: str
    url: str = ""
    count: int | None = None
    note: str = ""


def _staff_items(user):
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
    items += _publicity_items()
    return items


def _publicity_items():
    """The publicities open now, linking to the board (one query)."""
    return [
        HomeItem(
            label=_("公示中：%(campaign)s") % {"campaign": publicity.campaign.title},
            url=reverse("publicity:board"),
            note=_("%(day)s 24:00 截止") % {"day": month_day(publicity.last_day)},
        )
        for publicity in open_publicities()
    ]


def _applicant_items(user):
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
    items += [
        HomeItem(
            label=_("可代表申报：%(department)s") % {"department": department.name},
            url=reverse("departments:detail", args=[department.pk]),
        )
        for department in department_selectors.departments_user_applies_for(user)
    ]
    return items


def _branch_secretary_items(user):
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


def _party_office_items(user):
    counts = department_selectors.roster_counts()
    campaigns = [
        HomeItem(
            label=_("%(campaign)s（%(state)s）")
            % {"campaign": campaign.title, "state": campaign.get_state_display()},
            url=reverse("appraisal:applications", args=[campaign.pk]),
            count=campaign.submitted_count,
            note=_("已提交的申报"),
        )
        for campaign in appraisal_selectors.running_campaigns()
    ]
    return [
        *campaigns,
        HomeItem(label=pgettext("plural", "评选批次"), url=reverse("appraisal:campaigns")),
        HomeItem(
            label=_("科室与清廉团队"), url=reverse("departments:list"), count=counts["departments"]
        ),
        HomeItem(label=_("在职人员"), url=reverse("departments:people"), count=counts["people"]),
    ]


def _roster_file_items(user):
    """Import and export of the roster, and the previews this user has not confirmed yet."""
    items = []
    if user.has_perm("departments.import_roster"):
        items.append(HomeItem(label=_("导入科室与人员名册"), url=reverse("departments:import")))
        items.extend(
            HomeItem(
                label=_("待确认的导入：%(name)s") % {"name": upload.original_name},
                url=reverse("departments:import_preview", args=[upload.pk]),
                note=_("%(roster)s，上传于 %(at)s")
                % {
                    "roster": upload.roster_title,
                    "at": f"{timezone.localtime(upload.uploaded_at):%Y-%m-%d %H:%M}",
                },
            )
            for upload in department_selectors.roster_imports_waiting(user)
        )
    if user.has_perm("departments.export_roster"):
        items.append(
            HomeItem(
                label=_("导出人员名册（Excel）"),
                url=reverse("departments:export", args=["people", "xlsx"]),
            )
        )
        items.append(
            HomeItem(
                label=_("导出科室名册（Excel）"),
                url=reverse("departments:export", args=["departments", "xlsx"]),
            )
        )
    return items


def _reviewer_items(user):
    return [
        HomeItem(
            label=f"{title}：待评审 {total - submitted} 份",
            url=reverse("appraisal:review_queue"),
            count=total - submitted,
            note=f"已提交 {submitted} / 共 {total} 份",
        )
        for title, submitted, total in review_counts_for(user)
    ]


def _party_office_review_items(user):
    return [
        HomeItem(
            label=f"{campaign.title}：评审中",
            url=reverse("appraisal:review_overview", args=[campaign.pk]),
            count=campaign.unfinished,
            note=f"未完成评审 {campaign.unfinished} 份",
        )
        for campaign in campaigns_in_review()
    ]


def _objection_items_of_staff(user):
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


def _discipline_office_items(user):
    """Objections to take up and in investigation, with their counts."""
    counts = open_objection_counts(user)
    url = reverse("publicity:objections")
    return [
        HomeItem(label=_("待受理的异议"), url=f"{url}?state=submitted", count=counts["submitted"]),
        HomeItem(label=_("调查中的异议"), url=f"{url}?state=taken_up", count=counts["taken_up"]),
    ]


def _veto_events_to_verify(user):
    """Veto events reported and waiting for the discipline office's verification."""
    url = reverse("veto:events")
    return [
        HomeItem(
            label=_("待核实的否决事项"),
            url=f"{url}?state=reported",
            count=event_counts()["reported"],
        ),
        HomeItem(label=_("报告否决事项"), url=reverse("veto:event_report")),
    ]


def _veto_events_to_confirm(user):
    """Veto events verified and waiting for the party committee's confirmation."""
    return [
        HomeItem(
            label=_("待院党委确认的否决事项"),
            url=reverse("veto:events") + "?state=verified",
            count=event_counts()["verified"],
        )
    ]


def _leading_group_items(user):
    return [
        HomeItem(
            label=_("%(campaign)s：待审定推荐名单") % {"campaign": campaign.title},
            url=reverse("appraisal:decision", args=[campaign.pk]),
            count=campaign.undecided,
            note=_("待审定 %(undecided)s 个，已通过 %(approved)s / 名额 %(quota)s")
            % {
                "undecided": campaign.undecided,
                "approved": campaign.approved,
                "quota": campaign.quota,
            },
        )
        for campaign in campaigns_awaiting_decision()
    ]


def _admin_items(user):
    items = [
        HomeItem(label=_("系统管理（账号、科室、人员）"), url=reverse("admin:index")),
        HomeItem(label=_("工作日历"), url=reverse("workcalendar:list")),
    ]
    year = calendar_selectors.year_needing_entry()
    if year is not None:
        items.append(
            HomeItem(
                label=_("%(year)s 年工作日历尚未确认") % {"year": year},
                url=reverse("workcalendar:year", args=[year]),
                note=_("国务院办公厅发布放假安排后请录入并确认，否则涉及该年的公示期无法计算。"),
            )
        )
    return items


def _honour_roll_items(user):
    return [HomeItem(label=_("荣誉榜：历年清廉科室"), url=reverse("appraisal:honour_roll"))]


def _party_committee_items(user):
    return [
        HomeItem(
            label=_("待党委确认：%(campaign)s") % {"campaign": campaign.title},
            url=reverse("confirmation:confirm", args=[campaign.pk]),
            note=_("公示已于%(date)s结束，异议均已办结")
            % {"date": full_date(campaign.publicity.last_day)},
        )
        for campaign in awaiting_confirmation()
    ]


def _rectification_items_of_unit(user):
    """The rectifications not yet accepted of the units the user applies for or heads."""
    from django.db.models import Q

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


def _rectification_items_of_committee(user):
    items = [
        HomeItem(
            label=_("待验收的整改：%(unit)s") % {"unit": rectification.unit.name},
            url=reverse("veto:rectification", args=[rectification.pk]),
            note=_("整改期已于%(date)s届满") % {"date": full_date(rectification.ends_on)},
        )
        for rectification in rectifications_due()
    ]
    items.append(HomeItem(label=_("撤销称号通报名单"), url=reverse("veto:revocations")))
    return items


def _supervision_items(user):
    """The offices' way into ongoing supervision: rectifications and re-checks."""
    counts = rectification_counts()
    items = [
        HomeItem(
            label=_("整改"),
            url=reverse("veto:rectifications"),
            count=(counts["active"] + counts["due"]) or None,
            note=_("整改中 %(active)s 个，期满待验收 %(due)s 个") % counts,
        ),
        HomeItem(label=_("复核记录"), url=reverse("veto:rechecks")),
    ]
    if user.has_perm("appraisal.view_title"):
        items.append(HomeItem(label=_("撤销称号通报名单"), url=reverse("veto:revocations")))
    return items


HOME_SECTIONS = {
    Role.STAFF: [
        _staff_items,
        _rectification_items_of_unit,
        _objection_items_of_staff,
        _honour_roll_items,
    ],
    Role.APPLICANT: [_applicant_items],
    Role.BRANCH_SECRETARY: [_branch_secretary_items],
    Role.REVIEWER: [_reviewer_items],
    Role.PARTY_OFFICE: [
        _party_office_items,
        _party_office_review_items,
        _supervision_items,
        _roster_file_items,
    ],
    Role.LEADING_GROUP: [_leading_group_items],
    Role.PARTY_COMMITTEE: [
        _party_committee_items,
        _veto_events_to_confirm,
        _rectification_items_of_committee,
    ],
    Role.DISCIPLINE_OFFICE: [_discipline_office_items, _veto_events_to_verify, _supervision_items],
    Role.ADMIN: [_admin_items, _roster_file_items],
}


def home_sections(user):
    """One section per role the user holds, in the order of ``Role``."""
    held = user_roles(user)
    sections = []
    for role in Role:
        if role.value not in held:
            continue
        items = [item for provider in HOME_SECTIONS[role] for item in provider(user)]
        sections.append({"role": role, "items": items})
    return sections
