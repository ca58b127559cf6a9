"""Standard personas, the same in every test, and the browser set-up.

Every persona is a real user with a roster entry, logged in through the
client with ``client.force_login``. Department A and department B are two
clinical departments in different party branches.
"""

import fcntl
import os
import subprocess
import sys
from urllib.parse import urlsplit

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


def _template_name(database):
    """The migrated database the workers of a parallel run copy theirs from."""
    return f"test_{database['NAME']}_template"


def _maintenance(database, statement):
    """Run ``statement`` (CREATE or DROP DATABASE) on PostgreSQL's ``postgres`` database."""
    import psycopg

    with psycopg.connect(
        dbname="postgres",
        host=database["HOST"] or None,
        port=database["PORT"] or None,
        user=database["USER"] or None,
        password=database["PASSWORD"] or None,
        autocommit=True,
    ) as maintenance:
        maintenance.execute(statement)


def _parallel_on_postgresql(config):
    """A worker of a parallel run, or its main process (``-n`` 1 or more), on PostgreSQL."""
    from django.conf import settings

    parallel = hasattr(config, "workerinput") or config.getoption("numprocesses", None)
    return bool(parallel) and (
        settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    )


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings, request, tmp_path_factory):
    """In a parallel run on PostgreSQL (``make test``) the migrations run once, not once per
    worker: the first worker to get here migrates a template database (a process of its
    own, ``manage.py migrate`` as pytest-django would run it, so no connection to it is
    left open), and every worker's test database is created as a copy of it (Django's
    ``TEST["TEMPLATE"]``). pytest-django then migrates that copy as usual, which finds
    every migration applied. The main process drops the template at the end."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if not hasattr(request.config, "workerinput") or not _parallel_on_postgresql(request.config):
        return
    template = _template_name(database)
    shared = tmp_path_factory.getbasetemp().parent  # the run's folder, one for every worker
    with (shared / "template-database.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        made = shared / "template-database.made"
        if not made.exists():
            _maintenance(database, f'DROP DATABASE IF EXISTS "{template}"')
            _maintenance(database, f'CREATE DATABASE "{template}"')
            url = urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{template}").geturl()
            subprocess.run(
                [sys.executable, "manage.py", "migrate", "--run-syncdb", "--verbosity", "0"],
                cwd=settings.BASE_DIR,
                env={**os.environ, "DATABASE_URL": url},
                check=True,
            )
            made.write_text(template)
    database.setdefault("TEST", {})["TEMPLATE"] = template


def pytest_unconfigure(config):
    """The main process of a parallel run drops the workers' template database."""
    if hasattr(config, "workerinput") or not _parallel_on_postgresql(config):
        return
    from django.conf import settings

    database = settings.DATABASES["default"]
    _maintenance(database, f'DROP DATABASE IF EXISTS "{_template_name(database)}"')


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
