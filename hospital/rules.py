"""Who may see and change the hospital's settings.

| permission                           | who                                    |
|--------------------------------------|----------------------------------------|
| ``hospital.view_hospitalsettings``   | the administrator and the party office |
| ``hospital.change_hospitalsettings`` | the administrator                      |

Both are the roles' model permissions (``accounts.roles.ROLE_PERMISSIONS``),
so the navigation asks them from the cached set without a query. The party
office issues the notices the settings print, so it may read them (and their
history) to check what a notice will say; only the administrator changes them.
An account deactivated (the person left) holds neither (``holds``).
"""

import rules

from accounts.rules import holds

VIEW = "hospital.view_hospitalsettings"
CHANGE = "hospital.change_hospitalsettings"

rules.add_perm(VIEW, holds(VIEW))
rules.add_perm(CHANGE, holds(CHANGE))
