"""Who may do what with supervision visits and the rectification ledger, stated once as
``rules`` object permissions (docs/yearwork.md, "Supervision visits and the
rectification ledger").

    supervision.view_visit          (visit) the offices, the leading group and the
                                    party committee (the model permission); a visited
                                    department's applicants and head a visit to it
    supervision.manage_visits       plan, complete, cancel a visit and record its
                                    findings: the party office and the discipline
                                    office (the model permission)
    supervision.view_ledgeritem     (item) whoever holds ``view_visit``; the unit's
                                    applicants and head; a reviewer assigned now to an
                                    application of the unit
    supervision.rectify_ledgeritem  (item) the unit's applicants and head
    supervision.check_ledgeritem    (item) the party office and the discipline office,
                                    never of the unit (conflict of interest)
    supervision.view_own_ledger     the applicant role's model permission: the
                                    navigation's link to one's own ledger

Whether the item's *state* allows the step (it waits for the department, or for the
office's check) is the workflow's rule (supervision/enums.py, the services).
"""

import rules

from accounts.rules import holds
from appraisal.rules import is_assigned_reviewer_of_unit
from departments.rules import is_of_unit, on_unit, works_in

VIEW_VISIT = "supervision.view_visit"
MANAGE_VISITS = "supervision.manage_visits"
VIEW_ITEM = "supervision.view_ledgeritem"
RECTIFY_ITEM = "supervision.rectify_ledgeritem"
CHECK_ITEM = "supervision.check_ledgeritem"
VIEW_OWN_LEDGER = "supervision.view_own_ledger"


@rules.predicate
def is_of_a_visited_unit(user, visit):
    """``user`` is an applicant or the head of one of the departments visited."""
    if visit is None:
        return False
    return any(is_of_unit(user, unit) for unit in visit.departments.all())


sees_all = holds(VIEW_VISIT)
"""The offices, the leading group and the party committee: every visit and item."""

manages = holds(MANAGE_VISITS)
checks = holds(CHECK_ITEM)

is_of_the_unit = on_unit(is_of_unit)
works_in_unit = on_unit(works_in)
reviews_the_unit = on_unit(is_assigned_reviewer_of_unit)

reads_ledger_of = sees_all | is_of_unit | is_assigned_reviewer_of_unit
"""``(user, department)``: who reads a department's ledger page. A predicate, not a
permission: django-guardian takes a ``supervision`` permission only for a
``supervision`` object."""

rules.add_perm(VIEW_VISIT, sees_all | is_of_a_visited_unit)
rules.add_perm(MANAGE_VISITS, manages)
rules.add_perm(VIEW_ITEM, sees_all | is_of_the_unit | reviews_the_unit)
rules.add_perm(RECTIFY_ITEM, is_of_the_unit)
rules.add_perm(CHECK_ITEM, checks & ~works_in_unit)
rules.add_perm(VIEW_OWN_LEDGER, holds(VIEW_OWN_LEDGER))
