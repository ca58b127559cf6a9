"""Drill: the hospital's directory goes down while people sign in.

A slapd of its own (tests/ldap_server.py) is stopped mid-test: a directory
user reads a Chinese message and nothing is created; local accounts (the
administrator, an account slip's password) still sign in; when the
directory is back the same person signs in and gets their account.
"""

import logging

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from accounts.models import LoginEvent, User
from tests.factories import PASSWORD, PersonFactory, UserFactory
from tests.ldap_server import directory_settings_for, remove, start_ldap_server

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("accounts:login")
UNAVAILABLE = "目录服务暂时无法连接，请稍后再试；有本地账号的，可使用本地账号和密码登录。"


@pytest.fixture
def own_directory(settings):
    server = start_ldap_server()
    for name, value in directory_settings_for(server.uri).items():
        setattr(settings, name, value)
    yield server
    remove(server)


def _login(client, username, password):
    client.logout()
    return client.post(LOGIN_URL, {"username": username, "password": password})


def test_directory_down_then_back(client, own_directory, admin_user, caplog):
    lina = PersonFactory(employee_number="10002", name="李娜")
    slip_user = UserFactory(username="10001", name="张伟")
    PersonFactory(employee_number="10001", name="张伟", user=slip_user)
    assert _login(client, "zhangwei", "zhangwei-directory").status_code == 302

    own_directory.stop()
    with caplog.at_level(logging.ERROR, logger="departments.directory"):
        response = _login(client, "lina", "lina-directory")
    assert response.status_code == 200
    assert UNAVAILABLE in response.content.decode()
    assert SESSION_KEY not in client.session
    assert "Directory sign-in unavailable" in caplog.text
    # Nothing half-created: no account, no link, no history row.
    lina.refresh_from_db()
    assert lina.user is None
    assert lina.history.count() == 1
    assert not User.objects.filter(username="10002").exists()
    assert LoginEvent.objects.filter(username="lina").get().kind == LoginEvent.Kind.FAILURE

    # Local accounts sign in as ever: the administrator, and the slip's password.
    assert _login(client, "admin", PASSWORD).status_code == 302
    assert client.session[SESSION_KEY] == str(admin_user.pk)
    assert _login(client, "10001", PASSWORD).status_code == 302
    assert client.session[SESSION_KEY] == str(slip_user.pk)

    own_directory.resume()
    assert _login(client, "lina", "lina-directory").status_code == 302
    lina.refresh_from_db()
    assert client.session[SESSION_KEY] == str(lina.user.pk)
