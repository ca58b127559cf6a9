"""Who keeps and who reads a unit's risk points and key posts, stated once.

    risks.keep_records      (a risk point or holding) the unit's head or contact
                            (``departments.rules.is_of_unit``); the contacts also hold
                            the model permission (accounts/roles.py), which opens the
                            navigation's link
    risks.view_records      (a risk point or holding) whoever keeps the unit's records;
                            the working group (``risks.view_all_records``: party office,
                            discipline office, leading group, party committee); a
                            reviewer assigned now to an application of the unit
                            (``appraisal.rules.is_assigned_reviewer_of_unit``), to
                            follow the links of what it attached
    risks.view_all_records  the hospital-wide lists: the working group (model permission)

For a unit itself (the unit's register, adding a point or a holder) the same rules are
the predicates ``keeps_records_of`` and ``reads_records_of``, asked directly: a
``risks`` permission cannot be asked of a ``departments`` object (django-guardian
refuses an object of another app).
"""

import rules

from accounts.rules import holds
from appraisal.rules import is_assigned_reviewer_of_unit
from departments.rules import is_of_unit, on_unit

KEEP = "risks.keep_records"
VIEW = "risks.view_records"
VIEW_ALL = "risks.view_all_records"

sees_all = holds(VIEW_ALL)
"""The working group, who read every unit's records and the hospital-wide lists."""

keeps_records_of = is_of_unit
"""``(user, unit)``: the unit's head or contact keeps its risk points and key posts."""

reads_records_of = sees_all | is_of_unit | is_assigned_reviewer_of_unit
"""``(user, unit)``: who reads the unit's risk points and key posts."""

rules.add_perm(KEEP, on_unit(keeps_records_of))
rules.add_perm(VIEW, on_unit(reads_records_of))
rules.add_perm(VIEW_ALL, sees_all)
