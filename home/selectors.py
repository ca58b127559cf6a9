"""What the home page shows each role: the things waiting for this person.

``HOME_SECTIONS`` maps a role to the functions that list its waiting items;
each function takes the user and returns ``HomeItem`` rows. The functions live
in ``home.items``, grouped by who has the items waiting; this table is the one
place that says what a role has to do.
"""

from accounts.roles import Role, user_roles
from home.items import (
    HomeItem,
    computed,
    coverage,
    decisions,
    integrity,
    offices,
    people,
    reports,
    responsibility,
    risks,
    supervision,
    workplan,
)

__all__ = ["HOME_SECTIONS", "HomeItem", "home_sections"]

HOME_SECTIONS = {
    Role.STAFF: [
        people.staff_items,
        people.rectification_items_of_unit,
        people.objection_items_of_staff,
        people.honour_roll_items,
        supervision.ledger_items_of_unit,
        # A unit's head or contact, whatever their roles (a head may hold none).
        risks.unit_items,
        reports.office_report_items,
        # The integrity records (integrity app): one's own commitment; a unit's head or
        # contact, the unit's gaps (heads hold no role of their own).
        integrity.own_commitment_items,
        integrity.integrity_items_of_keeper,
        # A holder of public power: this year's responsibility list (responsibility app).
        responsibility.holder_items,
        # A yearly evaluation's draft computed scores, for the unit's head or contact.
        computed.draft_items_of_unit,
    ],
    Role.APPLICANT: [people.applicant_items],
    Role.BRANCH_SECRETARY: [people.branch_secretary_items],
    Role.REVIEWER: [people.reviewer_items],
    Role.PARTY_OFFICE: [
        offices.party_office_items,
        offices.party_office_review_items,
        offices.supervision_items,
        supervision.ledger_items_of_offices,
        responsibility.party_office_items,
        offices.roster_file_items,
        coverage.coverage_items,
    ],
    Role.LEADING_GROUP: [decisions.leading_group_items],
    Role.PARTY_COMMITTEE: [
        decisions.party_committee_items,
        decisions.veto_events_to_confirm,
        decisions.rectification_items_of_committee,
        coverage.coverage_items,
    ],
    Role.DISCIPLINE_OFFICE: [
        offices.discipline_office_items,
        offices.veto_events_to_verify,
        offices.supervision_items,
        supervision.ledger_items_of_offices,
        risks.discipline_office_items,
        workplan.workplan_nodes_due,
        reports.discipline_office_report_items,
    ],
    Role.ADMIN: [offices.admin_items, offices.roster_file_items],
}


def home_sections(user):
    """One section per role the user holds, in the order of ``Role``."""
    held = user_roles(user)
    sections = []
    for role in Role:
        if role.value not in held:
            continue
        items = [item for provider in HOME_SECTIONS[role] for item in provider(user)]
        sections.append({"role": role, "items": items})
    return sections
