"""What the home page shows each role: the things waiting for this person.

``HOME_SECTIONS`` maps a role to the functions that list its waiting items;
each function takes the user and returns ``HomeItem`` rows. Later workflows
add their functions here, so the home page is the one place that says what a
role has to do.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from departments import selectors as department_selectors

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


def _roster_file_items(user):
    """Import and export of the roster, and the previews this user has not confirmed yet."""
    items = []
    if user.has_perm("departments.import_roster"):
        items.append(HomeItem(label="导入科室与人员名册", url=reverse("departments:import")))
        items.extend(
            HomeItem(
                label=f"待确认的导入：{upload.original_name}",
                url=reverse("departments:import_preview", args=[upload.pk]),
                note=f"{upload.get_roster_display()}名册，上传于 {timezone.localtime(upload.uploaded_at):%Y-%m-%d %H:%M}",
            )
            for upload in department_selectors.roster_imports_waiting(user)
        )
    if user.has_perm("departments.export_roster"):
        items.append(
            HomeItem(
                label="导出人员名册（Excel）",
                url=reverse("departments:export", args=["people", "xlsx"]),
            )
        )
        items.append(
            HomeItem(
                label="导出科室名册（Excel）",
                url=reverse("departments:export", args=["departments", "xlsx"]),
            )
        )
    return items


def _admin_items(user):
    return [
        HomeItem(label="系统管理（账号、科室、人员）", url=reverse("admin:index")),
    ]


HOME_SECTIONS = {
    Role.STAFF: [_staff_items],
    Role.APPLICANT: [_applicant_items],
    Role.BRANCH_SECRETARY: [_branch_secretary_items],
    Role.REVIEWER: [],
    Role.PARTY_OFFICE: [_party_office_items, _roster_file_items],
    Role.LEADING_GROUP: [],
    Role.PARTY_COMMITTEE: [],
    Role.DISCIPLINE_OFFICE: [],
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
