"""Who sees what of ongoing supervision (STYLE.md §3): one place, tested alone.

    rectifications, their reports and notice   the offices with veto.view_rectification
                                                (party office, discipline office, party
                                                committee) and the department's own
                                                applicants and head
    a department's confirmed events            the same (never an unverified report)
    re-checks                                  veto.view_recheck

Everyone else gets 404: a guessed id tells nothing.
"""

from django.http import Http404

from appraisal.services.applications import is_applicant, is_head
from veto.models import Rectification

VIEW_RECTIFICATION = "veto.view_rectification"
DECIDE_RECTIFICATION = "veto.decide_rectification"
VIEW_RECHECK = "veto.view_recheck"
ADD_RECHECK = "veto.add_recheck"


def is_of_unit(user, unit):
    """The unit's applicants and its head: the department's own people here."""
    return is_applicant(user, unit) or is_head(user, unit)


def may_view_unit_supervision(user, unit):
    return user.is_authenticated and (user.has_perm(VIEW_RECTIFICATION) or is_of_unit(user, unit))


def rectification_for_user_or_404(user, pk):
    try:
        rectification = Rectification.objects.select_related(
            "unit__head", "title", "event", "accepted_by"
        ).get(pk=pk)
    except (Rectification.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not may_view_unit_supervision(user, rectification.unit):
        raise Http404
    return rectification
