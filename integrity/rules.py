"""Who keeps and who reads a unit's integrity records, stated once as ``rules``
predicates and object permissions (docs/yearwork.md, "Integrity records").

    keeps_records_of(user, unit)  the unit's head or contact (``departments.rules.is_of_unit``)
    reads_records_of(user, unit)  those, the working group (the model permission
                                  ``integrity.view_all_records``: the party office, the
                                  discipline office, the leading group, the party
                                  committee) and a reviewer assigned now to an
                                  application of the unit
    integrity.view_record         (record) whoever reads its unit's records; the signer
                                  their own commitment
    integrity.withdraw_record     (record) whoever keeps its unit's records

``integrity.keep_records`` is the model permission the applicants' role holds: it only
opens the navigation's link; which unit a person keeps is the predicate above, asked by
the services. The unit-level questions are predicates, not permissions: django-guardian
takes an ``integrity`` permission only for an ``integrity`` object.
"""

import rules

from accounts.rules import holds
from appraisal.rules import is_assigned_reviewer_of_unit
from departments.rules import is_of_unit, on_unit
from integrity.models import Commitment

KEEP = "integrity.keep_records"
VIEW_ALL = "integrity.view_all_records"
VIEW_RECORD = "integrity.view_record"
WITHDRAW = "integrity.withdraw_record"

keeps_records_of = is_of_unit
"""``(user, unit)``: the unit's head or contact keeps its records."""

reads_all_records = holds(VIEW_ALL)
"""The working group: every unit's records."""

reads_records_of = reads_all_records | keeps_records_of | is_assigned_reviewer_of_unit
"""``(user, unit)``: who reads a unit's records page."""


@rules.predicate
def is_signer(user, record):
    """``user`` is the person the commitment is about."""
    return (
        isinstance(record, Commitment)
        and user is not None
        and user.is_authenticated
        and record.person.user_id == user.pk
    )


rules.add_perm(VIEW_RECORD, on_unit(reads_records_of) | is_signer)
rules.add_perm(WITHDRAW, on_unit(keeps_records_of))
