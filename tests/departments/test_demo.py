"""The demo hospital of ``make run``: its shape, its idempotence and its accounts."""

from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.urls import reverse
from guardian.models import UserObjectPermission

from accounts.models import User
from accounts.roles import Role
from departments.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from departments.models import Department, DepartmentKind, PartyBranch, Person
from departments.selectors import departments_user_applies_for

pytestmark = pytest.mark.django_db

RESPONSIBLE_OFFICES = [
    "党政办",
    "纪检监察室",
    "医务科",
    "质管科",
    "公卫科",
    "院感科",
    "总务科",
    "科教科",
]


def _load():
    out = StringIO()
    call_command("load_demo_hospital", "--allow-production", stdout=out)
    return out.getvalue()


def _snapshot():
    """Row counts of everything the demo hospital writes, history included."""
    models = [
        PartyBranch,
        PartyBranch.history.model,
        Department,
        Department.history.model,
        Person,
        Person.history.model,
        User,
        User.groups.through,
        UserObjectPermission,
    ]
    counts = {model._meta.label: model.objects.count() for model in models}
    counts["heads"] = Department.objects.filter(head__isnull=False).count()
    counts["secretaries"] = PartyBranch.objects.filter(secretary__isnull=False).count()
    counts["linked"] = Person.objects.filter(user__isnull=False).count()
    counts["passwords"] = sorted(User.objects.values_list("password", flat=True))
    return counts


def test_load_demo_hospital_creates_departments_of_every_kind():
    output = _load()

    assert "演示医院已创建：党支部 7，科室 34，清廉团队 3，账号 21，人员 600。" in output
    assert f"演示账号的密码均为 {DEMO_PASSWORD}" in output
    departments = Department.objects.filter(parent__isnull=True)
    assert departments.count() == 34
    assert set(departments.values_list("kind", flat=True)) == set(DepartmentKind.values)
    assert set(RESPONSIBLE_OFFICES) <= set(departments.values_list("name", flat=True))


def test_load_demo_hospital_creates_clean_teams_under_departments():
    _load()

    teams = Department.objects.filter(parent__isnull=False).select_related("parent")
    assert sorted((t.name, t.parent.name) for t in teams) == [
        ("心血管内科导管室清廉团队", "心血管内科"),
        ("检验科微生物室清廉团队", "检验科"),
        ("药剂科门诊药房清廉团队", "药剂科"),
    ]
    assert all(t.party_branch_id == t.parent.party_branch_id for t in teams)


def test_load_demo_hospital_gives_every_unit_a_head_of_its_own():
    _load()

    units = Department.objects.select_related("head")
    assert units.count() == 37
    assert all(d.head is not None and d.head.department_id == d.pk for d in units)
    assert all(d.head.is_party_member for d in units)


def test_load_demo_hospital_gives_every_branch_a_secretary_who_is_a_member():
    _load()

    branches = PartyBranch.objects.select_related("secretary__department")
    assert branches.count() == 7
    for branch in branches:
        assert branch.secretary.is_party_member
        assert branch.secretary.department.party_branch_id == branch.pk


def test_load_demo_hospital_creates_six_hundred_people_with_plausible_rows():
    _load()

    people = Person.objects.all()
    assert people.count() == 600
    assert all(2 <= len(name) <= 3 for name in people.values_list("name", flat=True))
    assert people.filter(joined_department_on__year__lt=2003).count() == 0
    assert people.filter(joined_department_on__year__gt=2025).count() == 0
    cardiology = Person.objects.filter(department__code="XNK")
    share = Decimal(cardiology.filter(is_party_member=True).count()) / cardiology.count()
    assert share == Decimal(14) / Decimal(32)  # about 45 %


def test_load_demo_hospital_twice_changes_nothing():
    _load()
    before = _snapshot()

    output = _load()

    assert "演示医院已存在，未作任何更改。" in output
    assert _snapshot() == before


def test_load_demo_hospital_fills_in_only_what_is_missing():
    _load()
    cardiology = Department.objects.get(code="XNK")
    other_head = Person.objects.filter(department=cardiology).order_by("employee_number")[3]
    cardiology.head = other_head
    cardiology.save(update_fields=["head"])
    Person.objects.get(employee_number="Q0600").delete()

    output = _load()

    assert "人员 1" in output
    assert Person.objects.count() == 600
    cardiology.refresh_from_db()
    assert cardiology.head == other_head


def test_load_demo_hospital_refuses_production_settings(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="拒绝加载演示数据"):
        call_command("load_demo_hospital", stdout=StringIO())

    assert Department.objects.count() == 0


def test_demo_accounts_cover_every_role_and_are_staff():
    _load()

    users = User.objects.filter(username__in=[a.username for a in DEMO_ACCOUNTS])
    assert users.count() == len(DEMO_ACCOUNTS) == 21
    held = set(Group.objects.filter(user__in=users).values_list("name", flat=True))
    assert held == set(Role.values)
    assert all(user.groups.filter(name=Role.STAFF).exists() for user in users)
    assert Person.objects.filter(user__in=users).count() == 21
    assert not users.filter(is_superuser=True).exists()
    assert list(users.filter(is_staff=True).values_list("username", flat=True)) == ["admin"]


def test_demo_reviewers_come_from_five_departments():
    _load()

    departments = Person.objects.filter(user__groups__name=Role.REVIEWER).values_list(
        "department__code", flat=True
    )
    assert len(departments) == 5
    assert len(set(departments)) == 5


def test_demo_applicants_apply_for_their_own_department_only():
    _load()

    for username, code in [("applicant_xnk", "XNK"), ("applicant_jyk", "JYK")]:
        user = User.objects.get(username=username)
        assert [d.code for d in departments_user_applies_for(user)] == [code]
        assert user.person.department.code == code
        assert Department.objects.get(code=code).head == user.person


def test_demo_branch_secretary_leads_a_branch():
    _load()

    secretary = User.objects.get(username="secretary")
    assert PartyBranch.objects.get(secretary__user=secretary).name == "内科党支部"


@pytest.mark.parametrize("role", Role.values)
def test_demo_account_of_each_role_logs_in_and_sees_its_section(client, role):
    _load()
    account = next(
        a for a in DEMO_ACCOUNTS if role in a.roles or (role == Role.STAFF and not a.roles)
    )

    response = client.post(
        reverse("accounts:login"), {"username": account.username, "password": DEMO_PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    page = client.get(reverse("home")).content.decode()
    assert f'id="role-{role}"' in page
    assert f'id="role-{Role.STAFF.value}"' in page


def test_demo_accounts_prints_every_account_with_roles_and_department():
    _load()
    out = StringIO()

    call_command("demo_accounts", stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[0] == f"演示账号（密码均为 {DEMO_PASSWORD}，登录后可在“修改密码”中更改）："
    assert lines[1].split() == ["用户名", "密码", "角色", "科室"]
    rows = [line.split() for line in lines[3:]]
    assert [row[0] for row in rows] == [a.username for a in DEMO_ACCOUNTS]
    assert ["po", DEMO_PASSWORD, "党办、职工", "党政办"] in rows
    assert ["applicant_xnk", DEMO_PASSWORD, "科室负责人/联络员、职工", "心血管内科"] in rows
    assert ["admin", DEMO_PASSWORD, "系统管理员、职工", "信息科"] in rows
    assert ["staff", DEMO_PASSWORD, "职工", "骨科"] in rows


def test_demo_accounts_without_demo_data_says_how_to_load():
    out = StringIO()

    call_command("demo_accounts", stdout=out)

    assert out.getvalue() == "尚无演示账号：请先运行 python manage.py load_demo_hospital。\n"
