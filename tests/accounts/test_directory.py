"""Sign-in with the hospital's directory, against a real slapd (tests/ldap_server.py).

The directory (tests/directory.ldif) holds zhangwei (10001), lina (10002),
wangqiang (10003), zhaomin (99999, not on the roster) and sunli (no
employee number); each test puts on the roster whom it needs.
"""

import socket

import ldap
import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.models import LoginEvent, User
from accounts.roles import Role
from departments.directory import DirectoryBackend
from qinglian.directory import directory_settings
from tests.factories import PASSWORD, PersonFactory, UserFactory
from tests.ldap_server import free_port

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("accounts:login")
WRONG = "请输入一个正确的用户名和密码。注意，两者都区分大小写。"
UNAVAILABLE = "目录服务暂时无法连接，请稍后再试；有本地账号的，可使用本地账号和密码登录。"


@pytest.fixture
def directory(ldap_server, use_directory):
    use_directory(ldap_server.uri)


@pytest.fixture
def zhangwei(db):
    """On the roster with an account of bulk creation: username = employee number."""
    user = UserFactory(username="10001", name="张伟")
    return PersonFactory(employee_number="10001", name="张伟", user=user)


@pytest.fixture
def lina(db):
    """On the roster, no account yet."""
    return PersonFactory(employee_number="10002", name="李娜")


def _login(client, username, password, **extra):
    return client.post(LOGIN_URL, {"username": username, "password": password}, **extra)


def _page(response):
    return response.content.decode()


def _signed_in(client):
    return client.session.get(SESSION_KEY)


# --- a directory user on the roster ------------------------------------------------


def test_person_with_an_account_signs_in_to_that_account(client, directory, zhangwei):
    response = _login(client, "zhangwei", "zhangwei-directory", REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert _signed_in(client) == str(zhangwei.user.pk)
    assert User.objects.count() == 1
    # The directory password is not stored; the local one (from the slip) still works.
    zhangwei.user.refresh_from_db()
    assert zhangwei.user.check_password(PASSWORD)
    assert not zhangwei.user.check_password("zhangwei-directory")
    event = LoginEvent.objects.get()
    assert (event.kind, event.user, event.ip_address) == (
        LoginEvent.Kind.SUCCESS,
        zhangwei.user,
        "10.1.2.3",
    )


def test_signed_in_directory_user_stays_signed_in(client, directory, zhangwei):
    _login(client, "zhangwei", "zhangwei-directory")
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert response.wsgi_request.user == zhangwei.user


def test_deactivated_account_loses_its_directory_session(client, directory, zhangwei):
    _login(client, "zhangwei", "zhangwei-directory")
    User.objects.filter(pk=zhangwei.user.pk).update(is_active=False)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)


def test_directory_session_is_not_sent_to_change_the_slips_password(client, directory, zhangwei):
    """The account came with a slip (must change its password), but its person
    signed in with the directory's password: the slip's is not theirs to change now."""
    User.objects.filter(pk=zhangwei.user.pk).update(must_change_password=True)
    _login(client, "zhangwei", "zhangwei-directory")
    assert client.get(reverse("home")).status_code == 200


def test_local_session_of_the_same_account_is_sent_to_change_it(client, directory, zhangwei):
    User.objects.filter(pk=zhangwei.user.pk).update(must_change_password=True)
    _login(client, "10001", PASSWORD)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_change")


def test_local_password_of_the_same_account_still_signs_in(client, directory, zhangwei):
    assert _login(client, "10001", PASSWORD).status_code == 302
    assert _signed_in(client) == str(zhangwei.user.pk)


def test_person_without_account_gets_one_on_first_sign_in(client, directory, lina):
    response = _login(client, "lina", "lina-directory")
    assert response.status_code == 302
    lina.refresh_from_db()
    user = lina.user
    assert _signed_in(client) == str(user.pk)
    assert (user.username, user.name, user.is_active) == ("10002", "李娜", True)
    assert not user.has_usable_password()
    assert not user.must_change_password
    # Only the roles given in the product: a new account is staff, nothing more.
    assert list(user.groups.values_list("name", flat=True)) == [Role.STAFF]
    assert user.get_all_permissions() == set()
    assert lina.history.first().history_change_reason == "首次通过目录登录，开通账号"
    assert LoginEvent.objects.get().kind == LoginEvent.Kind.SUCCESS


def test_second_sign_in_uses_the_account_of_the_first(client, directory, lina):
    _login(client, "lina", "lina-directory")
    client.logout()
    assert _login(client, "lina", "lina-directory").status_code == 302
    assert User.objects.count() == 1
    lina.refresh_from_db()
    assert _signed_in(client) == str(lina.user.pk)


def test_roles_given_in_the_product_are_kept(client, directory, zhangwei):
    zhangwei.user.groups.add(Group.objects.get(name=Role.REVIEWER))
    _login(client, "zhangwei", "zhangwei-directory")
    assert set(zhangwei.user.groups.values_list("name", flat=True)) == {Role.STAFF, Role.REVIEWER}


def test_username_is_not_case_sensitive_in_the_directory(client, directory, lina):
    assert _login(client, "LiNa", "lina-directory").status_code == 302


# --- refused, nothing created --------------------------------------------------------


@pytest.mark.parametrize(
    ("username", "password", "message"),
    [
        (
            "zhaomin",
            "zhaomin-directory",
            "目录账号的工号 99999 不在本院人员名册中，不能登录本系统。请联系党办核对名册。",
        ),
        (
            "sunli",
            "sunli-directory",
            "目录中您的账号没有工号，不能登录本系统。请联系信息科在目录中补全工号。",
        ),
        (
            "wangqiang",
            "wangqiang-directory",
            "人员名册中工号 10003 的人员已标为不在职，不能登录本系统。",
        ),
    ],
    ids=["not-on-roster", "no-employee-number", "left"],
)
def test_refused_directory_user_reads_why_and_nothing_is_created(
    client, directory, username, password, message
):
    PersonFactory(employee_number="10003", name="王强", active=False)
    response = _login(client, username, password, REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 200
    page = _page(response)
    assert message in page
    assert WRONG not in page
    assert _signed_in(client) is None
    assert not User.objects.exists()
    event = LoginEvent.objects.get()
    assert (event.kind, event.username, event.user, event.ip_address) == (
        LoginEvent.Kind.FAILURE,
        username,
        None,
        "10.1.2.3",
    )


def test_deactivated_account_is_refused(client, directory, zhangwei):
    User.objects.filter(pk=zhangwei.user.pk).update(is_active=False)
    response = _login(client, "zhangwei", "zhangwei-directory")
    assert "工号 10001 的账号已停用，请联系系统管理员。" in _page(response)
    assert _signed_in(client) is None


def test_username_taken_by_somebody_else_is_refused(client, directory, lina):
    other = UserFactory(username="10002", name="另一人")
    response = _login(client, "lina", "lina-directory")
    assert "用户名 10002 已被另一个账号占用，无法为目录账号开通。请联系系统管理员。" in _page(
        response
    )
    lina.refresh_from_db()
    assert lina.user is None
    assert list(User.objects.all()) == [other]


def test_wrong_directory_password_is_an_ordinary_failure(client, directory, lina):
    response = _login(client, "lina", "wrong-password", REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 200
    assert WRONG in _page(response)
    assert not User.objects.exists()
    assert AccessAttempt.objects.get().failures_since_start == 1
    assert LoginEvent.objects.get().kind == LoginEvent.Kind.FAILURE


def test_five_wrong_directory_passwords_lock_as_local_ones(client, directory, lina):
    for _ in range(5):
        _login(client, "lina", "wrong-password")
    response = _login(client, "lina", "lina-directory")
    assert response.status_code == 429
    assert not User.objects.exists()


def test_unknown_directory_user_is_an_ordinary_failure(client, directory):
    response = _login(client, "nobody", "whatever")
    assert WRONG in _page(response)


def test_empty_password_never_reaches_the_directory(client, directory, lina):
    # An LDAP bind with an empty password is anonymous, and "succeeds".
    backend = DirectoryBackend()
    assert backend.authenticate(None, username="lina", password="") is None
    assert not User.objects.exists()


# --- the directory down, or off ----------------------------------------------------------


def test_directory_down_says_so_and_local_admin_still_signs_in(client, use_directory, admin_user):
    use_directory(f"ldap://127.0.0.1:{free_port()}/")  # connection refused
    PersonFactory(employee_number="10002", name="李娜")
    response = _login(client, "lina", "lina-directory")
    assert response.status_code == 200
    assert UNAVAILABLE in _page(response)
    assert User.objects.filter(username="10002").count() == 0
    assert LoginEvent.objects.get().kind == LoginEvent.Kind.FAILURE

    assert _login(client, "admin", PASSWORD).status_code == 302
    assert _signed_in(client) == str(admin_user.pk)


def test_directory_that_does_not_answer_times_out(client, use_directory, lina):
    # A port that takes the connection and never answers: the timeout, not a hang.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        use_directory(f"ldap://127.0.0.1:{silent.getsockname()[1]}/", timeout=1)
        response = _login(client, "lina", "lina-directory")
    assert UNAVAILABLE in _page(response)
    lina.refresh_from_db()
    assert lina.user is None
    assert not User.objects.exists()


def test_misconfigured_service_account_says_directory_unavailable(
    client, ldap_server, use_directory, lina
):
    use_directory(ldap_server.uri, bind_password="not-the-service-password")
    response = _login(client, "lina", "lina-directory")
    assert UNAVAILABLE in _page(response)
    assert not User.objects.exists()


def test_directory_off_leaves_local_sign_in_alone(client, lina, settings):
    assert settings.AUTH_LDAP_SERVER_URI == ""
    response = _login(client, "lina", "lina-directory")
    assert WRONG in _page(response)
    assert not User.objects.exists()


def test_active_directory_filter_finds_the_user(client, ldap_server, use_directory, lina):
    # The same search an AD installation sets (sAMAccountName), on an attribute slapd has.
    use_directory(ldap_server.uri, user_search_filter="(cn=%(user)s)")
    assert _login(client, "Li Na", "lina-directory").status_code == 302


def test_employee_number_attribute_is_configurable(client, ldap_server, use_directory):
    # Here the roster's employee number sits in the directory's uid.
    PersonFactory(employee_number="lina", name="李娜")
    use_directory(ldap_server.uri, employee_number_attribute="uid")
    assert _login(client, "lina", "lina-directory").status_code == 302
    assert User.objects.get().username == "lina"


# --- the settings ---------------------------------------------------------------------


def test_settings_are_off_without_a_server():
    values = directory_settings()
    assert values["AUTH_LDAP_SERVER_URI"] == ""
    assert values["AUTH_LDAP_USER_SEARCH"].filterstr == "(uid=%(user)s)"
    assert values["DIRECTORY_EMPLOYEE_NUMBER_ATTRIBUTE"] == "employeeNumber"
    assert values["AUTH_LDAP_CONNECTION_OPTIONS"][ldap.OPT_NETWORK_TIMEOUT] == 5
    assert values["AUTH_LDAP_MIRROR_GROUPS"] is False


def test_settings_with_tls_and_a_hospital_ca():
    values = directory_settings(
        server_uri="ldap://dc1.hospital.local",
        start_tls=True,
        ca_cert_file="/etc/ssl/hospital-ca.pem",
        user_search_filter="(sAMAccountName=%(user)s)",
        timeout=3,
    )
    options = values["AUTH_LDAP_CONNECTION_OPTIONS"]
    assert values["AUTH_LDAP_START_TLS"] is True
    assert options[ldap.OPT_X_TLS_CACERTFILE] == "/etc/ssl/hospital-ca.pem"
    assert options[ldap.OPT_X_TLS_REQUIRE_CERT] == ldap.OPT_X_TLS_DEMAND
    assert list(options)[-1] == ldap.OPT_X_TLS_NEWCTX
    assert options[ldap.OPT_TIMEOUT] == 3
    assert values["AUTH_LDAP_USER_SEARCH"].filterstr == "(sAMAccountName=%(user)s)"


def test_second_directory_address_is_tried_when_the_first_is_down(
    client, ldap_server, use_directory, lina
):
    use_directory(f"ldap://127.0.0.1:{free_port()}/ {ldap_server.uri}")
    assert _login(client, "lina", "lina-directory").status_code == 302


def test_directory_sign_in_forgets_the_failures_of_the_name_typed(client, directory, lina):
    for _ in range(4):
        _login(client, "lina", "wrong-password")
    assert _login(client, "lina", "lina-directory").status_code == 302
    client.logout()
    # Four more typos after a success do not lock (they would, counted with the first four).
    for _ in range(4):
        _login(client, "lina", "wrong-password")
    assert _login(client, "lina", "lina-directory").status_code == 302
