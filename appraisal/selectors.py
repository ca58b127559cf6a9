import difflib
from decimal import Decimal

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.html import escape
from django.utils.safestring import mark_safe
from guardian.shortcuts import get_objects_for_user

from appraisal.enums import (
    APPLICATION_SUBMITTED_STATES,
    ApplicationState,
    CampaignKind,
    CampaignState,
)
from appraisal.models import Application, Campaign, Criterion, Evidence, SelfAssessment, Standard
from appraisal.record_selectors import attached_by_criterion
from appraisal.rules import VIEW
from core.permissions import get_object_for_user_or_404
from departments.models import Department


def application_for_user_or_404(user, pk):
    """The application ``pk`` if ``user`` may see it (``appraisal.view_application``), else 404."""
    return get_object_for_user_or_404(
        Application.objects.select_related(
            "campaign__rubric", "unit__head", "unit__party_branch__secretary", "unit__parent"
        ),
        user,
        perms=[VIEW],
        pk=pk,
    )


def campaign_list():
    return Campaign.objects.select_related("rubric", "created_by").order_by("-year", "-opens_at")


def rubric_with_totals(rubric):
    """The rubric's standards with their criteria and points (sums in SQL).

    Returns ``(standards, total)``; each standard carries ``points`` (the sum
    of its criteria) and ``ordered_criteria``.
    """
    standards = list(
        Standard.objects.filter(rubric=rubric)
        .annotate(points=Sum("criteria__points"))
        .prefetch_related(
            Prefetch(
                "criteria",
                queryset=Criterion.objects.order_by("order", "pk"),
                to_attr="ordered_criteria",
            )
        )
        .order_by("order", "pk")
    )
    for standard in standards:
        standard.points = standard.points or Decimal(0)
    return standards, sum((s.points for s in standards), Decimal(0))


def application_list(*, campaign):
    """The party office's list: applications of ``campaign`` (its filters are
    appraisal/application_lists.py's).

    Only the columns the list shows are read, and the live evidence is counted
    by a subquery per row: counting over a join grouped every application of
    the campaign by all its columns, long texts included, for each page and
    again for the paginator's count.
    """
    evidence_count = (
        Evidence.objects.filter(application=OuterRef("pk"), removed_at__isnull=True)
        .order_by()
        .values("application")
        .annotate(n=Count("pk"))
        .values("n")
    )
    applications = (
        Application.objects.filter(campaign=campaign)
        .select_related("unit__party_branch")
        .only(
            "state",
            "version",
            "submitted_at",
            "unit__name",
            "unit__code",
            "unit__parent",
            "unit__party_branch__name",
        )
        .annotate(evidence_count=Coalesce(Subquery(evidence_count, output_field=IntegerField()), 0))
    )
    return applications.order_by("unit__code")


def state_counts(campaign):
    """How many applications of ``campaign`` are in each state, every state listed."""
    counts = dict(
        Application.objects.filter(campaign=campaign)
        .values_list("state")
        .annotate(n=Count("pk"))
        .values_list("state", "n")
    )
    return [(state, counts.get(state.value, 0)) for state in ApplicationState]


def rubric_sheet(application):
    """The application's rubric with, per criterion, its self-assessment, live evidence
    and the records attached as evidence (``attached_records``, their snapshots)."""
    standards, total = rubric_with_totals(application.campaign.rubric)
    assessments = {
        a.criterion_id: a for a in SelfAssessment.objects.filter(application=application)
    }
    evidence = {}
    for item in Evidence.objects.filter(application=application, removed_at__isnull=True).order_by(
        "uploaded_at", "pk"
    ):
        evidence.setdefault(item.criterion_id, []).append(item)
    attached = attached_by_criterion(application)
    for standard in standards:
        for criterion in standard.ordered_criteria:
            criterion.assessment = assessments.get(criterion.pk)
            criterion.evidence_items = evidence.get(criterion.pk, [])
            criterion.attached_records = attached.get(criterion.pk, [])
    return standards, total, evidence.get(None, [])


def self_assessment_total(application):
    return SelfAssessment.objects.filter(application=application, not_applicable=False).aggregate(
        total=Sum("score")
    )["total"]


def running_campaigns():
    """Campaigns not yet closed, with how many applications have been submitted
    (``APPLICATION_SUBMITTED_STATES``: every step after submission counts)."""
    submitted = Q(applications__state__in=APPLICATION_SUBMITTED_STATES)
    return (
        Campaign.objects.exclude(state__in=[CampaignState.DRAFT, CampaignState.CLOSED])
        .annotate(submitted_count=Count("applications", filter=submitted))
        .order_by("-year", "closes_at")
    )


def applications_awaiting_head(user):
    """Applications of the units ``user`` heads that wait for the head's confirmation."""
    return Application.objects.filter(
        unit__head__user=user,
        state__in=[ApplicationState.DRAFT, ApplicationState.RETURNED],
        head_confirmed_at__isnull=True,
        campaign__state__in=[CampaignState.OPEN, CampaignState.REVIEWING],
    ).select_related("unit", "campaign")


def applications_awaiting_branch(user):
    return Application.objects.filter(
        unit__party_branch__secretary__user=user, state=ApplicationState.AWAITING_BRANCH
    ).select_related("unit", "campaign")


def applicant_units_in_open_campaigns(user):
    """``[(campaign, unit, application or None)]`` for every unit ``user`` applies for."""
    units = list(
        get_objects_for_user(
            user,
            "departments.apply_for_department",
            klass=Department.objects.filter(active=True),
            accept_global_perms=False,
            with_superuser=False,
        )
    )
    # Units never apply in a yearly evaluation: only selections are offered.
    campaigns = list(
        Campaign.objects.filter(
            kind=CampaignKind.SELECTION, state__in=[CampaignState.OPEN, CampaignState.REVIEWING]
        )
    )
    applications = {
        (a.campaign_id, a.unit_id): a
        for a in Application.objects.filter(campaign__in=campaigns, unit__in=units)
    }
    return [
        (campaign, unit, applications.get((campaign.pk, unit.pk)))
        for campaign in campaigns
        for unit in units
        if (campaign.pk, unit.pk) in applications or campaign.state == CampaignState.OPEN
    ]


def evidence_changes(old_version, new_version):
    """Files added to and taken away from the evidence between two submitted versions."""
    old = {item["sha256"]: item["name"] for item in old_version.evidence}
    new = {item["sha256"]: item["name"] for item in new_version.evidence}
    added = [name for digest, name in new.items() if digest not in old]
    removed = [name for digest, name in old.items() if digest not in new]
    return added, removed


def record_changes(old_version, new_version):
    """Attached record summaries added and taken away between two submitted versions,
    each as “label：text” (a refreshed summary whose text changed is both)."""

    def lines(version):
        return [
            f"{r['snapshot'].get('label') or r['kind']}：{r['snapshot'].get('text', '')}"
            for r in version.records
        ]

    old, new = lines(old_version), lines(new_version)
    return [line for line in new if line not in old], [line for line in old if line not in new]


def statement_diff(old, new):
    """The changes from ``old`` to ``new`` as HTML with <del> and <ins>, character by character."""
    parts = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(escape(old[a1:a2]))
        if op in ("delete", "replace"):
            parts.append(f"<del>{escape(old[a1:a2])}</del>")
        if op in ("insert", "replace"):
            parts.append(f"<ins>{escape(new[b1:b2])}</ins>")
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text is escaped above
