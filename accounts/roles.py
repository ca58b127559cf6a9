"""The hospital's roles in the 清廉科室 evaluation, as Django groups with their model permissions.

The table ``ROLE_PERMISSIONS`` is the one place that says what each role may
do to models. Object grants (which department an applicant applies for, which
application a reviewer scores) are django-guardian's; state rules live in the
services. Groups are kept in step after every ``migrate``.
"""

from django.contrib.auth import get_user_model
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    STAFF = "staff", _("职工")
    APPLICANT = "applicant", _("科室负责人/联络员")
    BRANCH_SECRETARY = "branch_secretary", _("党支部书记")
    REVIEWER = "reviewer", _("党办评审人员")
    PARTY_OFFICE = "party_office", _("党办")
    LEADING_GROUP = "leading_group", _("领导小组")
    PARTY_COMMITTEE = "party_committee", _("院党委")
    DISCIPLINE_OFFICE = "discipline_office", _("纪检监察室")
    ADMIN = "admin", _("系统管理员")


_ROSTER_READ = [
    "departments.view_partybranch",
    "departments.view_department",
    "departments.view_person",
]
_CAMPAIGN_READ = ["appraisal.view_campaign"]
_CAMPAIGN_WRITE = [
    "appraisal.add_campaign",
    "appraisal.change_campaign",
    "appraisal.view_application",
    "appraisal.return_application",
]
# The party office runs the review and alone sees the individual scores.
_REVIEW_MANAGE = ["appraisal.manage_reviews", "appraisal.view_review"]
_ROSTER_WRITE = [
    # Appointing and removing the holders of every post (departments/rules.py).
    "departments.add_appointment",
    "departments.view_appointment",
    "departments.add_partybranch",
    "departments.change_partybranch",
    "departments.add_department",
    "departments.change_department",
    "departments.add_person",
    "departments.change_person",
    "departments.import_roster",
    "departments.export_roster",
]

# Later issues extend this table as their models arrive; a codename that does
# not exist yet is skipped with no error, so the table can lead the models.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.STAFF: [],
    Role.APPLICANT: [],
    Role.BRANCH_SECRETARY: [],
    # What a reviewer scores comes from object grants (appraisal.score_application).
    Role.REVIEWER: ["appraisal.score_assigned"],
    Role.PARTY_OFFICE: [
        *_ROSTER_READ,
        *_ROSTER_WRITE,
        *_CAMPAIGN_READ,
        *_CAMPAIGN_WRITE,
        *_REVIEW_MANAGE,
        "workcalendar.view_calendaryear",
        "appraisal.open_publicity",
        "appraisal.view_title",
        "appraisal.export_bonus_list",
        # The party office sees objections and who raised them, but
        # only the discipline office settles them.
        "publicity.view_objection",
        # Ongoing supervision: it sees veto events and rectifications and records re-checks.
        "veto.view_vetoevent",
        "veto.view_rectification",
        "veto.view_recheck",
        "veto.add_recheck",
        # Opens accounts from the roster (onboarding/rules.py).
        "onboarding.add_accountbatch",
        # It reads the hospital's settings its notices print; the administrator keeps them.
        "hospital.view_hospitalsettings",
    ],
    Role.LEADING_GROUP: [
        "departments.view_department",
        *_CAMPAIGN_READ,
        "appraisal.decide_application",
    ],
    Role.PARTY_COMMITTEE: [
        "departments.view_department",
        *_CAMPAIGN_READ,
        "appraisal.confirm_campaign",
        "appraisal.view_title",
        "veto.view_vetoevent",
        "veto.confirm_vetoevent",
        "veto.view_rectification",
        "veto.decide_rectification",
        "veto.view_recheck",
    ],
    Role.DISCIPLINE_OFFICE: [
        *_ROSTER_READ,
        *_CAMPAIGN_READ,
        "publicity.view_objection",
        "publicity.handle_objection",
        # The discipline office may report under every indicator; other offices
        # report under the indicators naming their department (veto.services).
        "veto.view_vetoevent",
        "veto.report_vetoevent",
        "veto.verify_vetoevent",
        "veto.view_rectification",
        "veto.view_recheck",
        "veto.add_recheck",
        # It issues the rectification notice and records the cadre meeting's announcement.
        "veto.announce_revocation",
    ],
    Role.ADMIN: [
        *_ROSTER_READ,
        *_ROSTER_WRITE,
        "accounts.view_user",
        "accounts.add_user",
        "accounts.change_user",
        "accounts.view_loginevent",
        "auth.view_group",
        *_CAMPAIGN_READ,
        "workcalendar.view_calendaryear",
        "workcalendar.add_calendaryear",
        "workcalendar.change_calendaryear",
        # The veto indicators: edited, retired, never deleted once used.
        "veto.view_vetoindicator",
        "veto.add_vetoindicator",
        "veto.change_vetoindicator",
        # The hospital's own settings: names, issuers, numbers, the title's wording.
        "hospital.view_hospitalsettings",
        "hospital.change_hospitalsettings",
        # django-axes: see who is locked out, and lift a lock by deleting the attempt.
        "axes.view_accessattempt",
        "axes.delete_accessattempt",
        "onboarding.add_accountbatch",
    ],
}

# The year-round work (docs/yearwork.md). What a department keeps of its own comes
# from the records apps' object rules (head or contact of the unit); these are what
# the roles open across the hospital. "The working group" that reads every
# department's records is the party office, the discipline office, the leading
# group and the party committee.
_YEAR_ROUND_READ = [
    "workplan.view_workplan",
    "reports.view_report",
    "integrity.view_all_records",
    "risks.view_all_records",
    "supervision.view_visit",
]
# The responsibility lists (seed 004 art. 13): the party office keeps the set of holders;
# it, the discipline office and the party committee read every list.
_RESPONSIBILITY_READ = ["responsibility.view_all_lists"]
YEAR_ROUND_PERMISSIONS: dict[str, list[str]] = {
    Role.STAFF: [],
    # Heads and contacts of a unit (their own unit, by object rules): reports on the
    # tasks of an office they run, the unit's records and its ledger items.
    Role.APPLICANT: [
        "reports.submit_report",
        "reports.add_publicitymaterial",
        "integrity.keep_records",
        "risks.keep_records",
        "supervision.view_own_ledger",
    ],
    Role.BRANCH_SECRETARY: ["reports.submit_report", "reports.add_publicitymaterial"],
    Role.REVIEWER: [],
    Role.PARTY_OFFICE: [
        *_YEAR_ROUND_READ,
        "reports.view_publicitymaterial",
        "reports.check_publicitymaterial",
        "supervision.manage_visits",
        "supervision.check_ledgeritem",
        *_RESPONSIBILITY_READ,
        "responsibility.manage_holders",
        # Coverage toward the target (coverage/rules.py).
        "coverage.view_coverage",
    ],
    Role.LEADING_GROUP: [*_YEAR_ROUND_READ, "coverage.view_coverage"],
    Role.PARTY_COMMITTEE: [*_YEAR_ROUND_READ, *_RESPONSIBILITY_READ, "coverage.view_coverage"],
    # The discipline office keeps the work plan and receives the offices' reports.
    Role.DISCIPLINE_OFFICE: [
        *_YEAR_ROUND_READ,
        "workplan.manage_workplan",
        "reports.review_report",
        "reports.view_publicitymaterial",
        "supervision.manage_visits",
        "supervision.check_ledgeritem",
        *_RESPONSIBILITY_READ,
        "coverage.view_coverage",
    ],
    Role.ADMIN: [],
}
# The quarterly situation analysis (docs/analysis.md): the party office drafts and issues
# it, the committee records its conclusions; both, the leading group and the discipline
# office read the issued versions. Departments do not.
ANALYSIS_PERMISSIONS: dict[str, list[str]] = {
    Role.PARTY_OFFICE: ["analysis.view_quarterlyreport", "analysis.draft_quarterlyreport"],
    Role.PARTY_COMMITTEE: ["analysis.view_quarterlyreport", "analysis.record_conclusions"],
    Role.LEADING_GROUP: ["analysis.view_quarterlyreport"],
    Role.DISCIPLINE_OFFICE: ["analysis.view_quarterlyreport"],
}
for _role, _permissions in YEAR_ROUND_PERMISSIONS.items():
    ROLE_PERMISSIONS[_role] = [*ROLE_PERMISSIONS[_role], *_permissions]
for _role, _permissions in ANALYSIS_PERMISSIONS.items():
    ROLE_PERMISSIONS[_role] = [*ROLE_PERMISSIONS[_role], *_permissions]


def sync_role_groups(**kwargs):
    """Create one group per role and give it exactly the permissions of the table."""
    from django.contrib.auth.models import Group, Permission

    by_key = {
        f"{app_label}.{codename}": pk
        for pk, app_label, codename in Permission.objects.values_list(
            "pk", "content_type__app_label", "codename"
        )
    }
    for role in Role:
        group, _created = Group.objects.get_or_create(name=role.value)
        wanted = [by_key[key] for key in ROLE_PERMISSIONS[role] if key in by_key]
        group.permissions.set(wanted)


def user_roles(user):
    """The role values ``user`` holds, cached on the user object for the request."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_qinglian_roles", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True)) & set(Role.values)
        user._qinglian_roles = cached
    return cached


def has_role(user, role):
    return role in user_roles(user)


def users_with_role(role):
    """The active users holding ``role`` (its group): whom a workflow tells about its step."""
    return get_user_model().objects.filter(groups__name=role, is_active=True)
