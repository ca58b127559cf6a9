"""Who may do what with reports and publicity materials, stated once as ``rules``
object permissions (docs/yearwork.md, "Reports").

    reports.view_report          (report) the working group (the model permission);
                                 the office's head or contact, the branch's secretary
    reports.submit_report        (report) the office's head or contact (its own office's
                                 reports only), the branch's secretary; without an
                                 object: whoever holds the role's model permission
    reports.review_report        the discipline office (comment, accept, return)
    reports.add_publicitymaterial the roles that send (applicants, branch secretaries);
                                 for whom one sends is the predicate ``speaks_for``
                                 (a department's head or contact, a branch's secretary)
                                 — a predicate, since django-guardian takes a
                                 ``reports`` permission only for a ``reports`` object
    reports.view_publicitymaterial (material) the party and discipline offices; the
                                 unit's head or contact, the branch's secretary
    reports.check_publicitymaterial the party office

Whether the report's *state* allows the step is the workflow's (reports/enums.py).
"""

import rules

from accounts.rules import holds
from departments.models import Department, PartyBranch
from departments.rules import is_of_unit

VIEW = "reports.view_report"
SUBMIT = "reports.submit_report"
REVIEW = "reports.review_report"
ADD_MATERIAL = "reports.add_publicitymaterial"
VIEW_MATERIAL = "reports.view_publicitymaterial"
CHECK_MATERIAL = "reports.check_publicitymaterial"


@rules.predicate
def is_secretary_of_branch(user, branch):
    """``user`` is the secretary of ``branch`` (a PartyBranch)."""
    return (
        branch is not None
        and user is not None
        and user.is_authenticated
        and branch.secretary_id is not None
        and branch.secretary.user_id == user.pk
    )


@rules.predicate
def speaks_for(user, author):
    """``user`` speaks for ``author``: a department's head or contact, a branch's secretary."""
    if isinstance(author, Department):
        return is_of_unit(user, author)
    if isinstance(author, PartyBranch):
        return is_secretary_of_branch(user, author)
    return False


@rules.predicate
def is_report_author(user, report):
    """``user`` speaks for the office (or the party branch) the report is from."""
    if report is None:
        return False
    return speaks_for(user, report.office if report.office_id else report.branch)


@rules.predicate
def is_material_author(user, material):
    if material is None:
        return False
    if user.is_authenticated and material.submitted_by_id == user.pk:
        return True
    return speaks_for(user, material.unit if material.unit_id else material.branch)


@rules.predicate
def no_object(user, obj):
    return obj is None


rules.add_perm(VIEW, holds(VIEW) | is_report_author)
rules.add_perm(SUBMIT, is_report_author | (no_object & holds(SUBMIT)))
rules.add_perm(REVIEW, holds(REVIEW))
rules.add_perm(ADD_MATERIAL, holds(ADD_MATERIAL))
rules.add_perm(VIEW_MATERIAL, holds(VIEW_MATERIAL) | is_material_author)
rules.add_perm(CHECK_MATERIAL, holds(CHECK_MATERIAL))
