"""Who may do what in ongoing supervision: veto events, rectifications, re-checks
and the veto indicators, stated once as ``rules`` object permissions.

Services ask them with ``core.permissions.require`` (whoever calls), views with
``user.has_perm(name, obj)`` and templates with ``{% has_perm %}``, so a button
is shown exactly when its service would accept the person. Whether the record's
*state* allows the step (a reported event can be verified, a rectification is
due) is the workflow's rule, checked by the services and by the model's
transitions, not here.

    veto.report_vetoevent       (indicator) the discipline office under every
                                indicator; anyone else under the indicators that
                                name their department as responsible
    veto.view_vetoevent         (event) the offices (the model permission); the
                                reporter their own; the unit's applicants and head
                                a confirmed event about it
    veto.verify_vetoevent       (event) the discipline office, never of the unit
    veto.dismiss_vetoevent      (event) while reported the discipline office, once
                                verified the party committee; never of the unit
    veto.confirm_vetoevent      (event) the party committee, never of the unit
    veto.view_rectification     (rectification) the offices; the unit's applicants
                                and head
    veto.report_rectification   (rectification) the unit's applicants and head
    veto.decide_rectification   (rectification) the party committee
    veto.view_recheck / veto.add_recheck, veto.add_vetoindicator /
    veto.change_vetoindicator   the roles holding the model permission

"Never of the unit" is conflict of interest: whoever works in the unit's family
(the department and its clean teams, ``departments.rules.works_in``) stays out.
"""

import rules

from accounts.rules import holds
from departments.rules import is_of_unit, on_unit, own_department_id, works_in
from veto.enums import VetoEventState

REPORT = "veto.report_vetoevent"
VIEW = "veto.view_vetoevent"
VERIFY = "veto.verify_vetoevent"
DISMISS = "veto.dismiss_vetoevent"
CONFIRM = "veto.confirm_vetoevent"
VIEW_INDICATOR = "veto.view_vetoindicator"
ADD_INDICATOR = "veto.add_vetoindicator"
CHANGE_INDICATOR = "veto.change_vetoindicator"
VIEW_RECTIFICATION = "veto.view_rectification"
REPORT_RECTIFICATION = "veto.report_rectification"
DECIDE_RECTIFICATION = "veto.decide_rectification"
VIEW_RECHECK = "veto.view_recheck"
ADD_RECHECK = "veto.add_recheck"
ANNOUNCE_REVOCATION = "veto.announce_revocation"


# --- relationships --------------------------------------------------------------------------


@rules.predicate
def names_own_department(user, indicator):
    """The indicator names ``user``'s department among those responsible for it."""
    if indicator is None:
        return False
    department_id = own_department_id(user)
    return (
        department_id is not None
        and indicator.responsible_departments.filter(pk=department_id).exists()
    )


@rules.predicate
def is_reporter(user, event):
    """``user`` reported the event."""
    return event is not None and user.is_authenticated and event.reported_by_id == user.pk


@rules.predicate
def is_confirmed(user, event):
    return event is not None and event.state == VetoEventState.CONFIRMED


@rules.predicate
def is_reported(user, event):
    return event is not None and event.state == VetoEventState.REPORTED


@rules.predicate
def is_verified(user, event):
    return event is not None and event.state == VetoEventState.VERIFIED


works_in_unit = on_unit(works_in)
"""``user`` works in the unit the event (or rectification) is about: they stay out."""

is_of_the_unit = on_unit(is_of_unit)
"""``user`` is an applicant or the head of the unit the record is about."""

is_office = holds(VIEW)
"""The offices that see every veto event (discipline office, party office, party committee)."""

verifies = holds(VERIFY)
confirms = holds(CONFIRM)

dismisses_in_state = (
    (is_reported & verifies)
    | (is_verified & confirms)
    # Any other state (or no event): whoever decides at some step; the workflow refuses.
    | (~is_reported & ~is_verified & (verifies | confirms))
)
"""Who dismisses the event as it stands: the discipline office while it is reported,
the party committee once it is verified."""

may_report_under = holds(REPORT) | names_own_department

sees_supervision_of = holds(VIEW_RECTIFICATION) | is_of_unit
"""``(user, department)``: who reads a department's own supervision page (its confirmed
events and rectifications): the offices and the department's applicants and head.
A predicate, not a permission: django-guardian takes a ``veto`` permission only
for a ``veto`` object."""


# --- veto events and indicators ------------------------------------------------------------

rules.add_perm(REPORT, may_report_under)
rules.add_perm(VIEW, is_office | is_reporter | (is_confirmed & is_of_the_unit))
rules.add_perm(VERIFY, verifies & ~works_in_unit)
rules.add_perm(DISMISS, dismisses_in_state & ~works_in_unit)
rules.add_perm(CONFIRM, confirms & ~works_in_unit)
# The indicators are read by whoever handles veto events, too.
rules.add_perm(VIEW_INDICATOR, holds(VIEW_INDICATOR) | is_office)
rules.add_perm(ADD_INDICATOR, holds(ADD_INDICATOR))
rules.add_perm(CHANGE_INDICATOR, holds(CHANGE_INDICATOR))

# --- rectifications and re-checks ------------------------------------------------------------

rules.add_perm(VIEW_RECTIFICATION, holds(VIEW_RECTIFICATION) | is_of_the_unit)
rules.add_perm(REPORT_RECTIFICATION, is_of_the_unit)
rules.add_perm(DECIDE_RECTIFICATION, holds(DECIDE_RECTIFICATION))
rules.add_perm(VIEW_RECHECK, holds(VIEW_RECHECK))
rules.add_perm(ADD_RECHECK, holds(ADD_RECHECK))
# The discipline office records the cadre meeting's announcement; not for its own unit.
rules.add_perm(ANNOUNCE_REVOCATION, holds(ANNOUNCE_REVOCATION) & ~works_in_unit)
