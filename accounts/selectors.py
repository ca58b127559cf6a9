"""What the home page shows each role: the things waiting for this person.

``HOME_SECTIONS`` maps a role to the functions that list its waiting items;
each function takes the user and returns ``HomeItem`` rows. Later workflows
add their functions here, so the home page is the one place that says what a
role has to do.
"""

from dataclasses import dataclass

from django.urls import reverse

from departments import selectors as department_selectors
from workcalendar import selectors as calendar_selectors

from .roles import Role, user_roles


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
                label=f"所在科室：{person.department.name}", note=f"工号 {person.employee_number}"
            )
        )
    return items


def _applicant_items(user):
    return [
        HomeItem(
            label=f"可代表申报：{department.name}",
            url=reverse("departments:detail", args=[department.pk]),
        )
        for department in department_selectors.departments_user_applies_for(user)
    ]


def _branch_secretary_items(user):
    return [
        HomeItem(label=f"{branch.name}：{branch.department_count} 个科室")
        for branch in department_selectors.branches_led_by(user)
    ]


def _party_office_items(user):
    counts = department_selectors.roster_counts()
    return [
        HomeItem(
            label="科室与清廉团队", url=reverse("departments:list"), count=counts["departments"]
        ),
        HomeItem(label="在职人员", url=reverse("departments:people"), count=counts["people"]),
    ]


def _reviewer_items(user):
    from appraisal.review_selectors import review_counts_for

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
    from appraisal.review_selectors import campaigns_in_review

    return [
        HomeItem(
            label=f"{campaign.title}：评审中",
            url=reverse("appraisal:review_overview", args=[campaign.pk]),
            count=campaign.unfinished,
            note=f"未完成评审 {campaign.unfinished} 份",
        )
        for campaign in campaigns_in_review()
    ]


def _admin_items(user):
    items = [
        HomeItem(label="系统管理（账号、科室、人员）", url=reverse("admin:index")),
        HomeItem(label="工作日历", url=reverse("workcalendar:list")),
    ]
    year = calendar_selectors.year_needing_entry()
    if year is not None:
        items.append(
            HomeItem(
                label=f"{year} 年工作日历尚未确认",
                url=reverse("workcalendar:year", args=[year]),
                note="国务院办公厅发布放假安排后请录入并确认，否则涉及该年的公示期无法计算。",
            )
        )
    return items


HOME_SECTIONS = {
    Role.STAFF: [_staff_items],
    Role.APPLICANT: [_applicant_items],
    Role.BRANCH_SECRETARY: [_branch_secretary_items],
    Role.REVIEWER: [_reviewer_items],
    Role.PARTY_OFFICE: [_party_office_items, _party_office_review_items],
    Role.LEADING_GROUP: [],
    Role.PARTY_COMMITTEE: [],
    Role.DISCIPLINE_OFFICE: [],
    Role.ADMIN: [_admin_items],
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
