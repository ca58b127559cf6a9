"""Standard personas, the same in every test, and the browser set-up.

Every persona is a real user with a roster entry, logged in through the
client with ``client.force_login``. Department A and department B are two
clinical departments in different party branches.
"""

import os

import pytest
from django.core.cache import cache
from django.db import connection
from django.utils import timezone
from guardian.shortcuts import assign_perm

from accounts.roles import Role
from tests.factories import DepartmentFactory, PartyBranchFactory, PersonFactory, UserFactory
from workcalendar.models import CalendarDay, CalendarYear
from workcalendar.packaged import load_packaged_years

# live_server runs Django in a thread beside Playwright's event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"

# Two writers racing need PostgreSQL's row locks; SQLite serialises whole
# transactions, so there is no race to lose. CI runs the suite on PostgreSQL.
needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises writers; the race needs PostgreSQL (CI)",
)


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def statutory_calendar(db):
    """The packaged years of the working-day calendar, confirmed (as the data
    migration leaves them). Loaded again because a transactional test elsewhere
    may have flushed the tables the migration filled."""
    load_packaged_years(CalendarYear, CalendarDay, confirmed_at=timezone.now())


@pytest.fixture
def department_a(db):
    return DepartmentFactory(
        code="A01", name="心内科", party_branch=PartyBranchFactory(name="内科党支部")
    )


@pytest.fixture
def department_b(db):
    return DepartmentFactory(
        code="B01", name="骨科", party_branch=PartyBranchFactory(name="外科党支部")
    )


def _persona(username, department, roles, *, name):
    user = UserFactory(username=username, name=name, roles=roles)
    PersonFactory(name=name, department=department, user=user)
    return user


@pytest.fixture
def applicant_a(department_a):
    user = _persona("applicant_a", department_a, [Role.APPLICANT], name="申报人甲")
    assign_perm("departments.apply_for_department", user, department_a)
    return user


@pytest.fixture
def applicant_b(department_b):
    user = _persona("applicant_b", department_b, [Role.APPLICANT], name="申报人乙")
    assign_perm("departments.apply_for_department", user, department_b)
    return user


@pytest.fixture
def head_a(department_a):
    """The head of department A, who confirms its application in their own account."""
    user = _persona("head_a", department_a, [], name="主任甲")
    department_a.head = user.person
    department_a.save(update_fields=["head"])
    return user


@pytest.fixture
def reviewer_a(department_a):
    """A reviewer who works in department A (so must never score A)."""
    return _persona("reviewer_a", department_a, [Role.REVIEWER], name="评审人甲")


@pytest.fixture
def branch_secretary_a(department_a):
    user = _persona("secretary_a", department_a, [Role.BRANCH_SECRETARY], name="书记甲")
    branch = department_a.party_branch
    branch.secretary = user.person
    branch.save(update_fields=["secretary"])
    return user


@pytest.fixture
def party_office(db):
    department = DepartmentFactory(code="P01", name="党委办公室", kind="administrative")
    return _persona("party_office", department, [Role.PARTY_OFFICE], name="党办干事")


@pytest.fixture
def leading_group(db):
    department = DepartmentFactory(code="L01", name="院办", kind="administrative")
    return _persona("leading_group", department, [Role.LEADING_GROUP], name="领导小组成员")


@pytest.fixture
def party_committee(db):
    department = DepartmentFactory(code="C01", name="院领导", kind="administrative")
    return _persona("party_committee", department, [Role.PARTY_COMMITTEE], name="党委委员")


@pytest.fixture
def discipline_office(db):
    department = DepartmentFactory(code="J01", name="纪检监察室", kind="administrative")
    return _persona("discipline_office", department, [Role.DISCIPLINE_OFFICE], name="纪检干事")


@pytest.fixture
def party_office_of_a(department_a):
    """A party-office member whose roster entry is in department A (kept from objections to A)."""
    return _persona("party_office_a", department_a, [Role.PARTY_OFFICE], name="党办干事甲")


@pytest.fixture
def discipline_office_of_a(department_a):
    """A discipline-office member who works in department A (kept from objections to A)."""
    return _persona(
        "discipline_office_a", department_a, [Role.DISCIPLINE_OFFICE], name="纪检干事甲"
    )


@pytest.fixture
def admin_user(db):
    department = DepartmentFactory(code="X01", name="信息科", kind="administrative")
    user = _persona("admin", department, [Role.ADMIN], name="系统管理员")
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


@pytest.fixture
def staff(department_b):
    return _persona("staff", department_b, [], name="普通职工")


PERSONAS = [
    "anonymous",
    "staff",
    "applicant_a",
    "applicant_b",
    "head_a",
    "reviewer_a",
    "branch_secretary_a",
    "party_office",
    "leading_group",
    "party_committee",
    "discipline_office",
    "admin_user",
]


def _returning(user):
    """A persona signs in as someone who has used the product before: what it keeps
    for a user across requests (permissions, unread count, the hospital's settings)
    is already kept, so a
    page's query count is the page's own (tests/accounts/test_permission_cache.py
    counts the first request)."""
    from accounts.models import User
    from hospital.selectors import hospital_profile
    from notifications.selectors import unread_count

    fresh = User.objects.get(pk=user.pk)
    fresh.get_all_permissions()
    unread_count(fresh)
    hospital_profile()  # the hospital's settings, kept for every page


@pytest.fixture
def persona_client(request, client):
    """``persona_client("party_office")`` returns a client logged in as that persona."""

    def login_as(name):
        if name == "anonymous":
            return client
        user = request.getfixturevalue(name)
        client.force_login(user)
        _returning(user)
        return client

    return login_as


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploaded files go to a folder of this test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
