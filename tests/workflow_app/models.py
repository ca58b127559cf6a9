from django.conf import settings
from django.db import models
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from core.models import DecisionEvent


class ProposalState(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已提交"
    RETURNED = "returned", "已退回修改"


def has_statement(proposal):
    return bool(proposal.statement.strip())


has_statement.message = "申报材料为空，不能提交。"


class Proposal(models.Model):
    """A stand-in for the applications of later issues: draft → submitted → returned."""

    title = models.CharField(max_length=100)
    statement = models.TextField(blank=True)
    state = FSMField(default=ProposalState.DRAFT, choices=ProposalState.choices, protected=True)
    returned_count = models.PositiveSmallIntegerField(default=0)
    # An unmigrated app cannot hold foreign-key constraints to migrated tables
    # (its tables are created before theirs), hence no user constraint.
    history = HistoricalRecords(user_db_constraint=False)

    def __str__(self):
        return self.title

    @transition(
        field=state,
        source=[ProposalState.DRAFT, ProposalState.RETURNED],
        target=ProposalState.SUBMITTED,
        conditions=[has_statement],
    )
    def submit(self):
        pass

    @transition(field=state, source=ProposalState.SUBMITTED, target=ProposalState.RETURNED)
    def return_for_revision(self):
        self.returned_count += 1


class ProposalEvent(DecisionEvent):
    subject = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        db_constraint=False,
    )
