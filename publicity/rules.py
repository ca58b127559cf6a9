"""Who may do what with an objection (异议): the predicates and the object permissions.

Objector privacy: the department objected to never learns who objected, and
nobody handles an objection about their own department. "Their own department"
is the project's one definition, ``departments.rules.works_in``: the user's
active roster entry is in the family of the unit objected to (the department
and all its clean teams). So a member of the party office or the discipline
office who works in that family is treated like the department: the objection
is absent from their lists and counts (``objections_for_office``, the same rule
in SQL), their pages and attachments (404), their notifications
(``objection_readers``), and they may not take it up or settle it.

Permissions (``user.has_perm(name, obj)``; services ask through
``core.permissions.require``):

* ``publicity.view_objection`` (an objection): read it with its objector, as an
  office: the role's model permission, not of the department objected to.
* ``publicity.view_objection_receipt`` (an objection): the objector's receipt.
* ``publicity.handle_objection`` (an objection): take it up and settle it: the
  discipline office's model permission, not of the department objected to.
* ``publicity.download_objection_attachment`` (an attachment): its objector, or
  whoever reads its objection as an office.
* ``publicity.raise_objection``: any signed-in, active staff member.

Without an object, ``view_objection`` and ``handle_objection`` answer whether
the user holds the role's permission at all (what a list or a form needs).
"""

import rules
from django.db.models import Q

from accounts.rules import holds, is_staff_member
from departments.rules import on_unit, own_family_id, works_in

VIEW = "publicity.view_objection"
VIEW_RECEIPT = "publicity.view_objection_receipt"
HANDLE = "publicity.handle_objection"
DOWNLOAD_ATTACHMENT = "publicity.download_objection_attachment"
RAISE = "publicity.raise_objection"


# --- relationships -------------------------------------------------------------------------


@rules.predicate
def is_objector_of(user, objection):
    """``user`` raised ``objection``."""
    return (
        objection is not None
        and user is not None
        and user.is_authenticated
        and objection.objector_id == user.pk
    )


is_of_objected_department = on_unit(works_in, "application.unit")
"""``user`` works in the family of the department ``objection`` is about (the
department itself, any of its clean teams, or, for a clean team, its parent
department and its sister teams). The one rule of objector privacy and of the
handler's recusal."""


def _on_objection(predicate):
    """``predicate`` (on an objection) applied to an attachment's objection."""

    @rules.predicate(name=f"{predicate.name}@objection")
    def adapted(user, attachment):
        return attachment is not None and predicate(user, attachment.objection)

    return adapted


# --- permissions ---------------------------------------------------------------------------

reads_as_office = holds(VIEW) & ~is_of_objected_department
handles = holds(HANDLE) & ~is_of_objected_department

rules.add_perm(VIEW, reads_as_office)
rules.add_perm(VIEW_RECEIPT, is_objector_of)
rules.add_perm(HANDLE, handles)
rules.add_perm(DOWNLOAD_ATTACHMENT, _on_objection(is_objector_of | reads_as_office))
rules.add_perm(RAISE, is_staff_member & rules.is_active)


# --- the same rule for many objections or many users -------------------------------------


def objections_for_office(user, objections):
    """``objections`` narrowed to those ``user`` reads as an office (``view_objection``),
    in SQL for lists and counts: none without the role's permission, and none about
    the family of departments ``user`` works in (``works_in``: the unit objected to
    is that family's department or one of its clean teams)."""
    if not holds(VIEW)(user):
        return objections.none()
    family_id = own_family_id(user)
    if family_id is None:
        return objections
    return objections.exclude(
        Q(application__unit_id=family_id) | Q(application__unit__parent_id=family_id)
    )


def objection_readers(objection, users):
    """Of ``users`` (the offices' members to notify about ``objection``), those not of
    the department objected to."""
    return [user for user in users if not is_of_objected_department(user, objection)]
