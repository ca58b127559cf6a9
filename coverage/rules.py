"""Who may read the coverage toward the target (docs/coverage.md).

    coverage.view_coverage   the party office, the party committee, the leading group
                             and the discipline office (the model permission, given by
                             their roles in accounts/roles.py); nobody else, not the
                             administrator, a unit's head or contact, a reviewer or staff:
                             the page compares every unit of the hospital.

The coverage writes nothing; what it reads is written by the apps that keep it (the
titles, the rectifications, the units' closing and merging, the settings).
"""

import rules

from accounts.rules import holds

VIEW = "coverage.view_coverage"

rules.add_perm(VIEW, holds(VIEW))
