"""Who may do what on the home app's own pages.

=====================  ====================================================
permission             who
=====================  ====================================================
home.view_first_run    the administrator and the party office: the first-run
                       page lists the steps of a new installation, which
                       they share (each step's link only for its own perm)
=====================  ====================================================

The first administrator's creation is not a permission: nobody is signed in
yet; the one-time setup code stands for it (home.firstrun).
"""

import rules

from accounts.rules import is_administrator, is_party_office
from home.firstrun import VIEW_FIRST_RUN

rules.add_perm(VIEW_FIRST_RUN, is_administrator | is_party_office)
