from django.db import transaction

from core.workflow import apply_transition

from .models import ProposalEvent


@transaction.atomic
def proposal_return(*, proposal, by, reason):
    """Return a submitted proposal for revision.

    Side effects: state → returned, ``returned_count`` + 1, one ``ProposalEvent``.
    """
    return apply_transition(
        instance=proposal,
        transition="return_for_revision",
        by=by,
        event_model=ProposalEvent,
        reason=reason,
        update_fields=["returned_count"],
    )
