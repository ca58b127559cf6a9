"""Conflict of interest: who is recused from an application, in one place.

Two rules, both decided on a unit's *family* (a department and its clean
teams, ``departments.rules.works_in``):

- whoever works in the family of the application's unit is recused from
  handling it as an office: the party office does not return it nor manage its
  reviews, the leading group does not decide on it (``is_recused``);
- a reviewer is recused from scoring it when they work in that family, when
  they are not on the roster at all (nothing to check against), and, when the
  campaign says so, when their unit shares the unit's party branch
  (``ConflictRules``, ``conflict_of_interest``, ``is_conflicted_reviewer``).

The roster as it stands decides, read again at every check.
"""

import rules
from django.utils.translation import gettext as _

from departments.models import Department, Person
from departments.rules import on_unit, works_in

# The user works in the family of the application's unit (an application, or
# anything whose ``unit`` is the unit concerned).
is_recused = on_unit(works_in, "unit")


class ConflictRules:
    """Whose application a reviewer may not review, from the roster as it stands.

    One query loads every unit's parent and party branch, so checking a whole
    campaign costs the same as checking one pair.
    """

    def __init__(self, *, avoid_branch):
        rows = Department.objects.values_list("pk", "parent_id", "party_branch_id")
        self.parent = {pk: parent for pk, parent, _branch in rows}
        self.branch = {pk: branch for pk, _, branch in rows}
        self.avoid_branch = avoid_branch

    def family_root(self, unit_id):
        """The department a unit belongs to: itself, or a clean team's parent."""
        return self.parent.get(unit_id) or unit_id

    def branch_of(self, unit_id):
        return self.branch.get(unit_id) or self.branch.get(self.parent.get(unit_id))

    def reason(self, *, reviewer_name, reviewer_unit_id, unit):
        """Why the reviewer (working in ``reviewer_unit_id``) may not review ``unit``, or ''."""
        if reviewer_unit_id is None:
            return _("%(reviewer)s不在在职人员名单中，无法核实回避关系，不能评审。") % {
                "reviewer": reviewer_name
            }
        if self.family_root(reviewer_unit_id) == self.family_root(unit.pk):
            return _("%(reviewer)s是“%(unit)s”本科室人员，须回避，不能评审该申报。") % {
                "reviewer": reviewer_name,
                "unit": unit.name,
            }
        if self.avoid_branch:
            branch = self.branch_of(reviewer_unit_id)
            if branch is not None and branch == self.branch_of(unit.pk):
                return _(
                    "%(reviewer)s与“%(unit)s”同属一个党支部，"
                    "本批次要求评审人员回避本党支部，不能评审该申报。"
                ) % {"reviewer": reviewer_name, "unit": unit.name}
        return ""


def reviewer_units(user_ids):
    """``{user_id: unit_id}`` of the active roster entries of ``user_ids``."""
    return dict(
        Person.objects.filter(user_id__in=list(user_ids), active=True).values_list(
            "user_id", "department_id"
        )
    )


def conflict_of_interest(reviewer, application):
    """Why ``reviewer`` may not review ``application``, or '' when they may."""
    conflicts = ConflictRules(avoid_branch=application.campaign.reviewers_avoid_own_branch)
    return conflicts.reason(
        reviewer_name=reviewer.name or reviewer.username,
        reviewer_unit_id=reviewer_units([reviewer.pk]).get(reviewer.pk),
        unit=application.unit,
    )


@rules.predicate
def is_conflicted_reviewer(user, application):
    """``user`` may not review ``application`` (``conflict_of_interest`` says why)."""
    if application is None or user is None or not user.is_authenticated:
        return False
    return bool(conflict_of_interest(user, application))
