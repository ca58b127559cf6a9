"""Who keeps the set of holders and who reads, writes and signs a holder's list.

    responsibility.manage_holders   (model) the party office: adds and removes holders,
                                    fills the set from the heads of departments
    responsibility.view_all_lists   (model) the party office, the discipline office and the
                                    party committee: every holder's list, the per-unit view
    responsibility.view_list        (a holder) the holder; those who read all; the head of
                                    the unit the holder counts in (or of its department,
                                    for a clean team)
    responsibility.edit_list        (a holder) the holder; the party office, which
                                    transcribes a list handed in on paper
    responsibility.sign_list        (a holder) the holder only, in their own account
    responsibility.record_scan      (a holder) the party office, on the holder's behalf
    responsibility.mark_progress    (a holder) the holder

Whether the list's *state* allows a step (a signed version is frozen, an empty list is
not signed, a removed holder no longer files) is the services' rule, not this module's.
"""

import rules

from accounts.rules import holds
from responsibility.selectors import holder_unit

MANAGE = "responsibility.manage_holders"
VIEW_ALL = "responsibility.view_all_lists"
VIEW = "responsibility.view_list"
EDIT = "responsibility.edit_list"
SIGN = "responsibility.sign_list"
RECORD_SCAN = "responsibility.record_scan"
MARK_PROGRESS = "responsibility.mark_progress"

manages_holders = holds(MANAGE)
"""The party office, who keeps the set of holders."""

reads_all = holds(VIEW_ALL)
"""Those who read every holder's list."""


@rules.predicate
def is_the_holder(user, holder):
    """``user`` is the person the entry is about (their own account)."""
    return (
        holder is not None
        and user is not None
        and user.is_authenticated
        and holder.person.user_id == user.pk
    )


def _is_head(user, unit):
    return unit is not None and unit.head_id is not None and unit.head.user_id == user.pk


@rules.predicate
def heads_holder_unit(user, holder):
    """``user`` heads the unit the holder counts in, or that unit's department."""
    if holder is None or user is None or not user.is_authenticated:
        return False
    unit = holder_unit(holder)
    return unit is not None and (_is_head(user, unit) or _is_head(user, unit.parent))


rules.add_perm(MANAGE, manages_holders)
rules.add_perm(VIEW_ALL, reads_all)
rules.add_perm(VIEW, is_the_holder | reads_all | heads_holder_unit)
rules.add_perm(EDIT, is_the_holder | manages_holders)
rules.add_perm(SIGN, is_the_holder)
rules.add_perm(RECORD_SCAN, manages_holders)
rules.add_perm(MARK_PROGRESS, is_the_holder)
