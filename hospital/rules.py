"""Who may see and change the hospital's settings.

| permission                 | who                                   |
|----------------------------|---------------------------------------|
| ``hospital.view_settings`` | the administrator and the party office |
| ``hospital.change_settings`` | the administrator                   |

The party office issues the notices the settings print, so it may read them
(and their history) to check what a notice will say; only the administrator
changes them.
"""

import rules

from accounts.rules import is_administrator, is_party_office

VIEW = "hospital.view_settings"
CHANGE = "hospital.change_settings"

rules.add_perm(VIEW, is_administrator | is_party_office)
rules.add_perm(CHANGE, is_administrator)
