"""Who may do what with an application and its reviews: the appraisal
permissions, each stated once as a ``rules`` predicate.

Services ``require`` these (``core.permissions.require``), views ask
``user.has_perm(name, obj)`` and templates ``{% has_perm %}``, so a button and
the service behind it never disagree. The relationships come from
``departments.rules`` (applicant, head, branch secretary of the application's
unit), the roles from ``accounts.rules``, conflict of interest from
``appraisal.conflicts``. Several names are also model permissions a role holds
(accounts/roles.py); asked without an object they answer for the role, asked
with one they add the object's conditions.

What concerns a unit rather than an application (a unit's page in a campaign,
starting its application) is asked of ``departments.rules`` directly
(``is_of_unit``, ``is_applicant_of``): django-guardian refuses an appraisal
permission name on a department.
"""

import rules
from guardian.shortcuts import get_objects_for_user

from accounts.rules import granted, holds, is_party_committee, is_party_office, is_reviewer
from appraisal.conflicts import is_conflicted_reviewer, is_recused
from appraisal.models import Application
from departments.rules import (
    is_applicant_of,
    is_branch_secretary_of,
    is_head_of,
    is_of_unit,
    on_unit,
)

VIEW = "appraisal.view_application"
SCORE = "appraisal.score_application"
RETURN = "appraisal.return_application"
DECIDE = "appraisal.decide_application"
MANAGE_REVIEWS = "appraisal.manage_reviews"
VIEW_REVIEWS = "appraisal.view_review"
MANAGE_CAMPAIGNS = "appraisal.change_campaign"

# --- how a user stands to an application (``obj`` is an Application) ----------------------

# An applicant of the application's unit (django-guardian ``apply_for_department``).
is_applicant = on_unit(is_applicant_of)
# The head of the application's unit.
is_head = on_unit(is_head_of)
# The secretary of the party branch of the application's unit.
is_branch_secretary = on_unit(is_branch_secretary_of)
# A reviewer assigned to the application: the django-guardian grant
# ``score_application`` given on assignment and taken away on unassignment
# (appraisal/services/assignment.py).
is_assigned_reviewer = granted(SCORE)
# The django-guardian grant ``view_application`` an assignment gives with it.
may_see_application = granted(VIEW)


@rules.predicate
def is_assigned_reviewer_of_unit(user, unit):
    """A reviewer assigned (now) to an application of ``unit``: the year-round apps let
    them follow the links of the records the application attached (docs/yearwork.md)."""
    if unit is None or user is None or not user.is_authenticated or not user.is_active:
        return False
    assigned = get_objects_for_user(user, SCORE, klass=Application, accept_global_perms=False)
    return assigned.filter(unit=unit).exists()


@rules.predicate
def is_reviewer_of_review(user, review):
    """``user`` is the reviewer of ``review`` and still assigned to its application."""
    if review is None or user is None or review.reviewer_id != user.pk:
        return False
    return is_assigned_reviewer(user, review.application)


@rules.predicate
def is_recused_from_review(user, review):
    """The reviewer of ``review`` is recused from its application (appraisal.conflicts)."""
    return review is not None and is_conflicted_reviewer(user, review.application)


# --- object permissions -----------------------------------------------------------------

# Read an application: the party office (model permission), its assigned
# reviewers (grant), the unit's applicants, head and branch secretary.
rules.add_perm(
    VIEW,
    holds(VIEW) | may_see_application | is_applicant | is_head | is_branch_secretary,
)
# Edit, add evidence to, submit and withdraw an application: the unit's applicants.
rules.add_perm("appraisal.edit_application", is_applicant)
# Confirm the application as it stands (负责人确认): the unit's head, in person.
rules.add_perm("appraisal.confirm_application", is_head)
# The party branch's opinion: the secretary of the unit's branch.
rules.add_perm("appraisal.give_branch_opinion", is_branch_secretary)
# Return for revision: the party office, never an application of its own unit's family.
rules.add_perm(RETURN, holds(RETURN) & ~is_recused)
# The review of an application (team, assignment, reopen, opinion): the party
# office, never for its own unit's family. ``obj`` is the application.
rules.add_perm(MANAGE_REVIEWS, holds(MANAGE_REVIEWS) & ~is_recused)
# Score a review: its reviewer, with the reviewer role, still assigned, not recused.
rules.add_perm(
    "appraisal.score_review",
    is_reviewer_of_review & is_reviewer & ~is_recused_from_review,
)
# Decide on a recommended application: the leading group, never on its own unit's family.
rules.add_perm(DECIDE, holds(DECIDE) & ~is_recused)
# The unit's results once published: its applicants and head, and the party office.
rules.add_perm("appraisal.view_application_result", is_applicant | is_head | holds(VIEW_REVIEWS))
# Every review's scores of an application: the party office (manages and reads reviews).
rules.add_perm("appraisal.view_application_reviews", holds(MANAGE_REVIEWS) & holds(VIEW_REVIEWS))
# Campaigns (create, edit, the rubric): the party office.
rules.add_perm(MANAGE_CAMPAIGNS, holds(MANAGE_CAMPAIGNS))
# A title's certificate (``obj`` is the Title): the party office, the party
# committee, and the titled unit's applicants and head.
rules.add_perm(
    "appraisal.download_certificate",
    is_party_office | is_party_committee | on_unit(is_of_unit),
)
# The ZIP of a campaign's certificates: the party office.
rules.add_perm("appraisal.download_certificates", is_party_office)
# A yearly campaign's draft computed scores of a unit (``obj`` is the Application): its
# applicants and head, and the party office (appraisal/services/computed.py).
rules.add_perm("appraisal.view_computed_scores", is_applicant | is_head | holds(MANAGE_CAMPAIGNS))
# Explain a draft computed score (情况说明): the unit's applicants and head.
rules.add_perm("appraisal.explain_computed_score", is_applicant | is_head)

# --- the yearly evaluation (docs/evaluation.md) ------------------------------------------


@rules.predicate
def is_published_result(user, result):
    """``result`` (an EvaluationResult) belongs to a campaign whose results are published."""
    return result is not None and result.campaign.results_published_at is not None


# Every unit's results of a yearly campaign (the list, the export): the party office and
# the party committee.
rules.add_perm("appraisal.view_evaluation_results", is_party_office | is_party_committee)
# The committee's confirmation of a yearly campaign's results.
rules.add_perm("appraisal.confirm_evaluation_results", holds("appraisal.confirm_campaign"))
# One unit's result page (``obj`` is the EvaluationResult): its applicants and head once
# published; the party office and the party committee.
rules.add_perm(
    "appraisal.view_evaluation_result",
    is_party_office
    | is_party_committee
    | (is_published_result & (on_unit(is_applicant_of) | on_unit(is_head_of))),
)
