"""Opening accounts from the roster and resetting a password: every rule of the services."""

import datetime

import pytest
from django.contrib.auth.hashers import identify_hasher

from accounts.hashers import INITIAL_PASSWORD_HASHER
from accounts.models import User
from accounts.roles import Role
from core.errors import DomainError
from departments.models import Person, RosterImport
from onboarding import services
from onboarding.models import AccountBatch, AccountBatchEntry
from onboarding.passwords import ALPHABET, LENGTH
from onboarding.slips import kept_slips
from tests.factories import DepartmentFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db
ALL = AccountBatch.Scope.ALL


def _person(department, number, **kwargs):
    return PersonFactory(department=department, employee_number=number, **kwargs)


@pytest.fixture
def roster(department_a, department_b):
    """Three people of A without accounts (one in A's clean team), one of B, one who left."""
    team = DepartmentFactory(code="A01T", name="心内科清廉团队", parent=department_a)
    return {
        "a1": _person(department_a, "Q001", name="王一"),
        "a2": _person(department_a, "Q002", name="王二"),
        "team": _person(team, "Q003", name="王三"),
        "b1": _person(department_b, "Q101", name="李一"),
        "left": _person(department_b, "Q102", name="李二", active=False),
    }


def test_accounts_open_for_all_opens_every_active_person_without_one(party_office, roster):
    batch = services.accounts_open(by=party_office, scope=ALL)

    assert (batch.kind, batch.scope, batch.size, batch.created_by) == (
        AccountBatch.Kind.OPENING,
        ALL,
        4,
        party_office,
    )
    # party_office's own roster entry has an account: skipped, and counted.
    assert batch.skipped == 1
    for key in ("a1", "a2", "team", "b1"):
        person = Person.objects.get(pk=roster[key].pk)
        user = person.user
        assert user.username == person.employee_number
        assert user.name == person.name
        assert user.must_change_password is True
        assert user.is_active is True
        assert list(user.groups.values_list("name", flat=True)) == [Role.STAFF]
        assert identify_hasher(user.password).algorithm == INITIAL_PASSWORD_HASHER
    assert Person.objects.get(pk=roster["left"].pk).user is None
    assert sorted(batch.entries.values_list("person__employee_number", flat=True)) == [
        "Q001",
        "Q002",
        "Q003",
        "Q101",
    ]


def test_accounts_open_passwords_are_random_unambiguous_and_sign_in(party_office, roster):
    batch = services.accounts_open(by=party_office, scope=ALL)
    slips = kept_slips(batch)

    passwords = [slip.password for slip in slips]
    assert len(set(passwords)) == len(passwords) == 4
    for password in passwords:
        assert len(password) == LENGTH
        assert set(password) <= set(ALPHABET)
        assert not set(password) & set("0o1li")
    first = slips[0]
    user = User.objects.get(username=first.username)
    assert user.check_password(first.password)
    # Signing in re-hashes it with the default hasher (the initial one is listed after it).
    assert identify_hasher(User.objects.get(pk=user.pk).password).algorithm != (
        INITIAL_PASSWORD_HASHER
    )


def test_accounts_open_gives_a_secretary_appointed_before_the_secretarys_group(
    party_office, roster, department_a
):
    """A branch secretary is a roster post, appointed without an account: the account
    opened later comes with the group the post gives."""
    branch = department_a.party_branch
    branch.secretary = roster["a2"]
    branch.save(update_fields=["secretary"])

    services.accounts_open(by=party_office, scope=ALL)

    groups = lambda key: set(  # noqa: E731
        Person.objects.get(pk=roster[key].pk).user.groups.values_list("name", flat=True)
    )
    assert groups("a2") == {Role.STAFF, Role.BRANCH_SECRETARY}
    assert groups("a1") == {Role.STAFF}


def test_accounts_open_records_the_link_in_the_persons_history(party_office, roster):
    batch = services.accounts_open(by=party_office, scope=ALL)

    record = Person.history.filter(id=roster["a1"].pk).latest("history_date")
    assert record.history_user == party_office
    assert record.user_id == Person.objects.get(pk=roster["a1"].pk).user_id
    assert record.history_change_reason == f"开通账号（第 {batch.pk} 批）"


def test_accounts_open_for_a_department_takes_its_clean_teams_only(party_office, roster):
    batch = services.accounts_open(
        by=party_office, scope=AccountBatch.Scope.DEPARTMENT, department=roster["a1"].department
    )

    assert batch.department == roster["a1"].department
    assert sorted(batch.entries.values_list("person__employee_number", flat=True)) == [
        "Q001",
        "Q002",
        "Q003",
    ]
    assert Person.objects.get(pk=roster["b1"].pk).user is None


def test_accounts_open_for_a_roster_import_takes_the_people_it_added(party_office, roster):
    roster_import = RosterImport.objects.create(
        roster="people",
        original_name="新进人员.xlsx",
        size=1,
        sha256="0" * 64,
        uploaded_by=party_office,
        state=RosterImport.State.IMPORTED,
        preview={
            "rows": [
                {"row": 2, "type": "new", "key": "Q002", "name": "王二"},
                {"row": 3, "type": "changed", "key": "Q001", "name": "王一"},
                {"row": 4, "type": "new", "key": "Q102", "name": "李二"},  # left since
            ]
        },
        previewed_at=datetime.datetime(2026, 9, 1, tzinfo=datetime.UTC),
    )
    batch = services.accounts_open(
        by=party_office, scope=AccountBatch.Scope.ROSTER_IMPORT, roster_import=roster_import
    )

    assert batch.roster_import == roster_import
    assert list(batch.entries.values_list("person__employee_number", flat=True)) == ["Q002"]


def test_accounts_open_refuses_a_roster_import_not_imported(party_office, roster):
    roster_import = RosterImport.objects.create(
        roster="people",
        original_name="预览.xlsx",
        size=1,
        sha256="0" * 64,
        uploaded_by=party_office,
        state=RosterImport.State.PREVIEWED,
        preview={"rows": [{"row": 2, "type": "new", "key": "Q002", "name": "王二"}]},
        previewed_at=datetime.datetime(2026, 9, 1, tzinfo=datetime.UTC),
    )
    with pytest.raises(DomainError, match="只能为已导入的人员名册"):
        services.accounts_open(
            by=party_office, scope=AccountBatch.Scope.ROSTER_IMPORT, roster_import=roster_import
        )
    assert not AccountBatch.objects.exists()


def test_accounts_open_again_changes_nothing_and_says_so(party_office, roster):
    services.accounts_open(by=party_office, scope=ALL)
    before = dict(User.objects.values_list("pk", "password"))

    with pytest.raises(DomainError) as refusal:
        services.accounts_open(by=party_office, scope=ALL)

    assert "都已有账号" in refusal.value.message
    assert "未做任何更改" in refusal.value.message
    assert dict(User.objects.values_list("pk", "password")) == before
    assert AccountBatch.objects.count() == 1


def test_accounts_open_skips_people_with_accounts_and_reports_them(party_office, roster):
    own = UserFactory(username="wang1", name="王一")
    Person.objects.filter(pk=roster["a1"].pk).update(user=own)
    password = own.password

    batch = services.accounts_open(
        by=party_office, scope=AccountBatch.Scope.DEPARTMENT, department=roster["a1"].department
    )

    assert (batch.size, batch.skipped) == (2, 1)
    own.refresh_from_db()
    assert (own.username, own.password, own.must_change_password) == ("wang1", password, False)


def test_accounts_open_refuses_the_whole_batch_on_a_username_taken(party_office, roster):
    UserFactory(username="Q002", name="别人")

    with pytest.raises(DomainError) as refusal:
        services.accounts_open(by=party_office, scope=ALL)

    assert "王二（Q002）" in refusal.value.message
    assert "没有开通任何账号" in refusal.value.message
    assert not AccountBatch.objects.exists()
    assert Person.objects.filter(user__isnull=False).count() == 1  # the party office's own
    assert not User.objects.filter(username__in=["Q001", "Q003", "Q101"]).exists()


def test_accounts_open_with_no_one_in_scope_changes_nothing(party_office, db):
    empty = DepartmentFactory(code="E01", name="空科室")
    with pytest.raises(DomainError, match="没有在职人员，未做任何更改"):
        services.accounts_open(
            by=party_office, scope=AccountBatch.Scope.DEPARTMENT, department=empty
        )
    assert not AccountBatch.objects.exists()


def test_accounts_open_without_the_department_asks_for_it(party_office, roster):
    with pytest.raises(DomainError) as refusal:
        services.accounts_open(by=party_office, scope=AccountBatch.Scope.DEPARTMENT)
    assert refusal.value.field == "department"


@pytest.mark.parametrize("persona", ["party_office", "admin_user"])
def test_accounts_open_by_the_administrator_and_the_party_office(request, persona, roster):
    batch = services.accounts_open(by=request.getfixturevalue(persona), scope=ALL)
    assert batch.size == 4


@pytest.mark.parametrize("persona", ["staff", "applicant_a", "discipline_office", "leading_group"])
def test_accounts_open_refused_to_others(request, persona, roster):
    with pytest.raises(DomainError, match="只有系统管理员和党办可以开通账号"):
        services.accounts_open(by=request.getfixturevalue(persona), scope=ALL)
    assert not AccountBatch.objects.exists()


def test_a_person_who_left_is_deactivated_by_the_import_and_never_opened(party_office, roster):
    """The roster import deactivates whoever it marks 在职 = 否 (departments); a batch
    opens no account for them."""
    services.accounts_open(by=party_office, scope=ALL)
    assert not User.objects.filter(username="Q102").exists()


# --- password reset -------------------------------------------------------------------------


@pytest.fixture
def opened(party_office, roster):
    return services.accounts_open(by=party_office, scope=ALL)


def test_password_reset_gives_a_new_password_and_records_why(party_office, roster, opened):
    person = Person.objects.get(pk=roster["a1"].pk)
    old = person.user.password
    User.objects.filter(pk=person.user_id).update(must_change_password=False)

    batch = services.password_reset(person=person, by=party_office, reason="本人忘记密码")

    user = User.objects.get(pk=person.user_id)
    assert user.password != old
    assert user.must_change_password is True
    assert (batch.kind, batch.scope, batch.reason, batch.created_by, batch.size) == (
        AccountBatch.Kind.RESET,
        AccountBatch.Scope.PERSON,
        "本人忘记密码",
        party_office,
        1,
    )
    assert AccountBatchEntry.objects.get(batch=batch).person == person
    (slip,) = kept_slips(batch)
    assert user.check_password(slip.password)


def test_password_reset_needs_a_reason(party_office, roster, opened):
    with pytest.raises(DomainError) as refusal:
        services.password_reset(person=roster["a1"], by=party_office, reason="  ")
    assert refusal.value.field == "reason"
    assert AccountBatch.objects.count() == 1


def test_password_reset_refuses_someone_without_an_account(party_office, roster):
    with pytest.raises(DomainError, match="还没有账号"):
        services.password_reset(person=roster["a1"], by=party_office, reason="忘记密码")


def test_password_reset_refuses_someone_who_left(party_office, roster, opened):
    Person.objects.filter(pk=roster["a1"].pk).update(active=False)
    with pytest.raises(DomainError, match="已离职"):
        services.password_reset(person=roster["a1"], by=party_office, reason="忘记密码")


def test_password_reset_does_not_reopen_a_deactivated_account(party_office, roster, opened):
    person = Person.objects.get(pk=roster["a1"].pk)
    User.objects.filter(pk=person.user_id).update(is_active=False)
    with pytest.raises(DomainError, match="账号已停用"):
        services.password_reset(person=person, by=party_office, reason="忘记密码")
    assert User.objects.get(pk=person.user_id).is_active is False


def test_password_reset_of_an_administrator_refused_to_the_party_office(party_office, admin_user):
    with pytest.raises(DomainError, match="不能重置该人员的密码"):
        services.password_reset(person=admin_user.person, by=party_office, reason="接管")
    assert not AccountBatch.objects.exists()


def test_password_reset_of_an_administrator_by_an_administrator(party_office, admin_user):
    other = UserFactory(username="admin2", roles=[Role.ADMIN])
    person = PersonFactory(user=other)
    batch = services.password_reset(person=person, by=admin_user, reason="交接")
    assert batch.created_by == admin_user


def test_password_reset_refused_to_staff(staff, roster, opened):
    with pytest.raises(DomainError, match="不能重置该人员的密码"):
        services.password_reset(person=roster["a1"], by=staff, reason="忘记密码")


# --- slips ------------------------------------------------------------------------------------


def test_slips_are_kept_for_the_batch_and_cleared_when_printed(party_office, roster, opened):
    slips = kept_slips(opened)
    assert [slip.username for slip in slips] == ["Q001", "Q002", "Q003", "Q101"]
    assert [slip.department for slip in slips] == ["心内科", "心内科", "心内科清廉团队", "骨科"]

    services.account_slips_done(batch=opened, by=party_office)

    opened.refresh_from_db()
    assert opened.slips_done_at is not None
    assert kept_slips(opened) is None


def test_slips_done_only_by_the_creator(admin_user, roster, opened):
    with pytest.raises(DomainError, match="只有开通该批账号的人"):
        services.account_slips_done(batch=opened, by=admin_user)
    opened.refresh_from_db()
    assert opened.slips_done_at is None


def test_no_password_is_stored_in_the_database(party_office, roster, opened):
    passwords = {slip.password for slip in kept_slips(opened)}
    stored = " ".join(
        str(value)
        for model in (AccountBatch, AccountBatchEntry, User)
        for row in model.objects.values()
        for value in row.values()
    )
    assert not any(password in stored for password in passwords)
