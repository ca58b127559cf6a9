"""Who opens accounts, reads their record, takes the slips and resets passwords.

| permission | who |
|---|---|
| ``onboarding.create_accounts`` | the administrator and the party office |
| ``onboarding.view_accountbatch`` | the same: the record of every batch |
| ``onboarding.download_slips`` | only whoever made the batch (while they still may open accounts): the passwords were shown to them alone |
| ``departments.reset_password`` (a ``Person``, hence its label) | the administrator; the party office, except for an account that administers the system; nobody for their own account (they change it) |

Services ask these through ``core.permissions.require``; views through
``has_perm``; tests in tests/onboarding/test_rules.py.
"""

import rules

from accounts.roles import Role, has_role
from accounts.rules import holds

CREATE_ACCOUNTS = "onboarding.create_accounts"
VIEW_BATCHES = "onboarding.view_accountbatch"
DOWNLOAD_SLIPS = "onboarding.download_slips"
# A permission on a Person carries the Person's app label: django-guardian's backend,
# asked first, refuses a permission whose label is not the object's.
RESET_PASSWORD = "departments.reset_password"  # noqa: S105 - a permission's name

# Both roles hold the model permission (accounts/roles.py): read from the cached
# permission set, so the navigation and the pages ask it without a query.
opens_accounts = holds("onboarding.add_accountbatch")
# Only the administrator's role holds it.
administers_users = holds("accounts.change_user")


@rules.predicate
def is_creator_of(user, batch):
    """``user`` made ``batch`` (an ``AccountBatch``)."""
    return (
        batch is not None
        and user is not None
        and user.is_authenticated
        and batch.created_by_id == user.pk
    )


@rules.predicate
def is_own_roster_entry(user, person):
    """``person`` is ``user``'s own roster entry."""
    return person is not None and user is not None and person.user_id == user.pk


@rules.predicate
def administers_the_system(user, person):
    """``person``'s account is an administrator's (the role, the admin site or superuser)."""
    account = getattr(person, "user", None) if person is not None else None
    if account is None:
        return False
    return account.is_superuser or account.is_staff or has_role(account, Role.ADMIN)


rules.add_perm(CREATE_ACCOUNTS, opens_accounts)
rules.add_perm(VIEW_BATCHES, opens_accounts)
rules.add_perm(DOWNLOAD_SLIPS, opens_accounts & is_creator_of)
# The party office must not take over an administrator's account by resetting its password.
rules.add_perm(
    RESET_PASSWORD,
    opens_accounts & (administers_users | ~administers_the_system) & ~is_own_roster_entry,
)
