"""Reads for the leading group's decision (领导小组审核): the ranked list with the
review opinions and the decisions, in a fixed number of queries."""

from dataclasses import dataclass

from django.db.models import Count, Q

from appraisal.enums import APPLICATION_DECIDABLE_STATES, ApplicationState, CampaignState
from appraisal.models import Application, ApplicationEvent, AttachedRecord, Campaign
from appraisal.ranking import ApplicationResult, campaign_ranking
from appraisal.review_selectors import latest_opinions
from appraisal.vetoes import veto_reasons_for

# What the decision page lists: the recommended applications, the ones decided
# on, and (once the list is fixed) what became of the approved ones.
DECISION_LIST_STATES = (
    *APPLICATION_DECIDABLE_STATES,
    ApplicationState.REMOVED,
    ApplicationState.COMMENDED,
)
DECISION_TRANSITIONS = ("approve", "reject")
# Campaigns whose decision page exists: forwarded to the leading group or later.
DECISION_CAMPAIGN_STATES = (
    CampaignState.DECIDING,
    CampaignState.DECIDED,
    CampaignState.PUBLICITY,
    CampaignState.CLOSED,
)


@dataclass
class DecisionRow:
    result: object  # appraisal.ranking.ApplicationResult: rank, total, subtotals
    opinion: object  # the current ReviewOpinion, or None
    decision: object  # the latest approve/reject ApplicationEvent (who, when, why), or None
    # The department's verified and confirmed veto events (veto.selectors.VetoReason, through appraisal.vetoes):
    # why it is out of the campaign, or may be.
    vetoes: tuple = ()
    # The year-round records attached as evidence (AttachedRecord, live, with their
    # criterion): what the leading group reads beside the scores, as attached.
    records: tuple = ()

    @property
    def application(self):
        return self.result.application

    @property
    def undecided(self):
        return self.application.state == ApplicationState.RECOMMENDED


@dataclass
class DecisionList:
    standards: list  # appraisal.ranking.StandardColumn
    rows: list  # DecisionRow, ranked

    @property
    def approved_count(self):
        return sum(1 for row in self.rows if row.application.state == ApplicationState.APPROVED)

    @property
    def has_vetoes(self):
        return any(row.vetoes for row in self.rows)

    @property
    def undecided_count(self):
        return sum(1 for row in self.rows if row.undecided)

    def row_for(self, application_pk):
        return next((r for r in self.rows if r.application.pk == application_pk), None)


def latest_decisions(campaign):
    """``{application pk: ApplicationEvent}``: the latest approve/reject of each (one query)."""
    decisions = {}
    for event in (
        ApplicationEvent.objects.filter(
            subject__campaign=campaign, transition__in=DECISION_TRANSITIONS
        )
        .select_related("actor")
        .order_by("at", "pk")
    ):
        decisions[event.subject_id] = event
    return decisions


def decision_rows(campaign):
    """The recommended list ranked among itself, with totals, standard subtotals,
    the current review opinion, the latest decision, then the disqualified ones
    (unranked), the veto events about each department and the records each attached
    as evidence: nine queries whatever the number of applications."""
    listed = Application.objects.filter(campaign=campaign, state__in=DECISION_LIST_STATES).values(
        "pk"
    )
    ranking = campaign_ranking(campaign, application_ids=listed)
    opinions = latest_opinions(campaign)
    decisions = latest_decisions(campaign)

    # A disqualified department is not ranked, but the leading group still sees it and why.
    results = ranking.rows + [
        ApplicationResult(application=application, subtotals=[None] * len(ranking.standards))
        for application in Application.objects.filter(
            campaign=campaign, state=ApplicationState.DISQUALIFIED
        )
        .select_related("unit")
        .order_by("unit__code")
    ]
    vetoes = veto_reasons_for([result.application for result in results], campaign=campaign)
    records = {}
    for record in (
        AttachedRecord.objects.filter(
            application__in=[result.application for result in results], detached_at__isnull=True
        )
        .select_related("criterion__standard")
        .order_by("criterion__standard__order", "criterion__order", "criterion_id", "pk")
    ):
        records.setdefault(record.application_id, []).append(record)
    return DecisionList(
        standards=ranking.standards,
        rows=[
            DecisionRow(
                result=result,
                opinion=opinions.get(result.application.pk),
                decision=decisions.get(result.application.pk),
                vetoes=tuple(vetoes.get(result.application.pk, ())),
                records=tuple(records.get(result.application.pk, ())),
            )
            for result in results
        ],
    )


def campaigns_awaiting_decision():
    """Campaigns forwarded to the leading group, with their recommended
    applications not yet decided on and the approved ones counted."""
    return (
        Campaign.objects.filter(state=CampaignState.DECIDING)
        .annotate(
            undecided=Count(
                "applications", filter=Q(applications__state=ApplicationState.RECOMMENDED)
            ),
            approved=Count("applications", filter=Q(applications__state=ApplicationState.APPROVED)),
            rejected=Count("applications", filter=Q(applications__state=ApplicationState.REJECTED)),
        )
        .order_by("-year", "pk")
    )
