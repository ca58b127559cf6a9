"""Who may do what on the home app's own pages.

| permission | who |
|---|---|
| ``home.view_first_run`` | the administrator and the party office: the first-run page lists the steps of a new installation, which they share (each step's link only for its own perm) |
| ``home.use_demo_clock`` | anyone signed in, and only while DEBUG is on (``home/demo_clock.py``); with DEBUG off nobody, whatever their role |

The first administrator's creation is not a permission: nobody is signed in
yet; the one-time setup code stands for it (home.firstrun).
"""

import rules
from django.conf import settings

from accounts.rules import is_administrator, is_party_office
from home.firstrun import VIEW_FIRST_RUN

USE_DEMO_CLOCK = "home.use_demo_clock"


@rules.predicate
def debug_is_on(user):
    """The site runs with DEBUG on (a developer's or a newcomer's demo)."""
    return bool(settings.DEBUG)


rules.add_perm(VIEW_FIRST_RUN, is_administrator | is_party_office)
rules.add_perm(USE_DEMO_CLOCK, rules.is_authenticated & debug_is_on)
