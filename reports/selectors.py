"""Reads of the reports app: whose reports a person sees, who speaks for an office,
what is due and overdue, the publicity materials counted."""

from django.db.models import Count, Q

from departments.models import Department, PartyBranch
from departments.selectors import applicants_and_head, departments_user_applies_for
from reports.enums import MaterialState, ReportState
from reports.models import PublicityMaterial, Report
from reports.rules import VIEW, VIEW_MATERIAL


def authors_of(report):
    """Who speaks for the report's office (its applicants and head) or branch (its
    secretary): whom its reminders and decisions are told to."""
    if report.office_id:
        return applicants_and_head(report.office)
    secretary = report.branch.secretary
    return [secretary.user] if secretary is not None and secretary.user_id else []


def own_departments(user):
    """The departments ``user`` speaks for: head of, or contact (applicant grant) of."""
    if not user.is_authenticated:
        return Department.objects.none()
    granted = departments_user_applies_for(user).values("pk")
    return Department.objects.filter(Q(pk__in=granted) | Q(head__user=user)).order_by("code")


def own_branches(user):
    """The party branches ``user`` is the secretary of."""
    if not user.is_authenticated:
        return PartyBranch.objects.none()
    return PartyBranch.objects.filter(secretary__user=user, active=True).order_by("name")


def sees_all_reports(user):
    return user.has_perm(VIEW)


def _own(user):
    return Q(office__in=own_departments(user)) | Q(branch__in=own_branches(user))


def report_list(user):
    """The reports ``user`` may see: every report for the working group, the reports
    of their own offices and branches for anyone else."""
    rows = Report.objects.select_related("office", "branch", "task")
    if sees_all_reports(user):
        return rows
    return rows.filter(_own(user))


def overdue_reports(today):
    """Reports still not submitted after their due date (the discipline office's list)."""
    return Report.objects.filter(state=ReportState.DUE, due_on__lt=today).select_related(
        "office", "branch", "task"
    )


def own_open_reports(user, *, until):
    """``user``'s own offices' reports still to submit (due or returned), due by ``until``."""
    return (
        Report.objects.filter(_own(user))
        .filter(state__in=[ReportState.DUE, ReportState.RETURNED], due_on__lte=until)
        .select_related("office", "branch", "task")
        .order_by("due_on", "pk")
    )


def report_counts(today):
    """``{"waiting": submitted, not yet reviewed; "overdue": due and past}``, one query."""
    return Report.objects.aggregate(
        waiting=Count("pk", filter=Q(state=ReportState.SUBMITTED)),
        overdue=Count("pk", filter=Q(state=ReportState.DUE, due_on__lt=today)),
    )


def report_detail(report_pk):
    return Report.objects.select_related(
        "office", "branch__secretary", "task__plan", "decided_by"
    ).prefetch_related("submissions__files", "submissions__submitted_by", "comments__author")


# --- publicity materials -----------------------------------------------------------------------


def material_list(user):
    rows = PublicityMaterial.objects.select_related("unit", "branch", "submitted_by")
    if user.has_perm(VIEW_MATERIAL):
        return rows
    return rows.filter(
        Q(unit__in=own_departments(user)) | Q(branch__in=own_branches(user)) | Q(submitted_by=user)
    )


def material_counts(year):
    """Departments with their publicity materials of ``year`` counted in SQL: sent,
    accepted, returned (active departments, and any other that sent one)."""
    in_year = Q(publicity_materials__year=year)
    senders = PublicityMaterial.objects.filter(year=year, unit__isnull=False).values("unit_id")
    return (
        Department.objects.filter(Q(active=True) | Q(pk__in=senders))
        .annotate(
            sent=Count("publicity_materials", filter=in_year),
            accepted=Count(
                "publicity_materials",
                filter=in_year & Q(publicity_materials__state=MaterialState.ACCEPTED),
            ),
            returned=Count(
                "publicity_materials",
                filter=in_year & Q(publicity_materials__state=MaterialState.RETURNED),
            ),
        )
        .order_by("code")
    )
