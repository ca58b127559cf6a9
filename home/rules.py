"""Who may use the demo clock (``home/demo_clock.py``): anyone signed in, and only
while DEBUG is on; with DEBUG off nobody, whatever their role.

| permission | who |
|---|---|
| ``home.use_demo_clock`` | anyone signed in, DEBUG on |
"""

import rules
from django.conf import settings

USE_DEMO_CLOCK = "home.use_demo_clock"


@rules.predicate
def debug_is_on(user):
    """The site runs with DEBUG on (a developer's or a newcomer's demo)."""
    return bool(settings.DEBUG)


rules.add_perm(USE_DEMO_CLOCK, rules.is_authenticated & debug_is_on)
