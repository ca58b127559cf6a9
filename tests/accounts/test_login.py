"""Login, logout and password change: in Chinese, and every attempt on record."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from accounts.models import LoginEvent
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("accounts:login")


@pytest.fixture
def zhang(db):
    return UserFactory(username="zhangsan", name="张三")


def _login(client, username, password, **extra):
    return client.post(LOGIN_URL, {"username": username, "password": password}, **extra)


def test_login_page_is_chinese(client):
    response = client.get(LOGIN_URL)
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-hans">' in page
    assert "用户名" in page
    assert "密码" in page
    assert "连续输错 5 次密码，该账号在本机地址上将被锁定 30 分钟。" in page


def test_login_with_right_password_signs_in_and_goes_home(client, zhang):
    response = _login(client, "zhangsan", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.session[SESSION_KEY] == str(zhang.pk)


def test_login_with_wrong_password_shows_django_error_in_chinese(client, zhang):
    response = _login(client, "zhangsan", "wrong-password")
    assert response.status_code == 200
    assert "请输入一个正确的用户名和密码。注意，两者都区分大小写。" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_login_of_inactive_user_is_refused(client, zhang):
    zhang.is_active = False
    zhang.save(update_fields=["is_active"])
    response = _login(client, "zhangsan", PASSWORD)
    assert response.status_code == 200
    assert SESSION_KEY not in client.session


def test_login_success_is_recorded(client, zhang):
    _login(client, "zhangsan", PASSWORD, REMOTE_ADDR="10.1.2.3", HTTP_USER_AGENT="Firefox/140")
    event = LoginEvent.objects.get()
    assert (event.kind, event.username, event.user, event.ip_address, event.user_agent) == (
        LoginEvent.Kind.SUCCESS,
        "zhangsan",
        zhang,
        "10.1.2.3",
        "Firefox/140",
    )


def test_login_failure_is_recorded_with_the_account_it_named(client, zhang):
    _login(client, "zhangsan", "wrong-password", REMOTE_ADDR="10.1.2.3")
    event = LoginEvent.objects.get()
    assert (event.kind, event.username, event.user, event.ip_address) == (
        LoginEvent.Kind.FAILURE,
        "zhangsan",
        zhang,
        "10.1.2.3",
    )


def test_login_failure_for_unknown_username_is_recorded_without_account(client, db):
    _login(client, "nobody", "whatever")
    event = LoginEvent.objects.get()
    assert (event.kind, event.username, event.user) == (LoginEvent.Kind.FAILURE, "nobody", None)


def test_logout_by_post_signs_out_and_is_recorded(client, zhang):
    client.force_login(zhang)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response["Location"] == LOGIN_URL
    assert SESSION_KEY not in client.session
    kinds = list(LoginEvent.objects.order_by("pk").values_list("kind", "user"))
    assert kinds == [(LoginEvent.Kind.SUCCESS, zhang.pk), (LoginEvent.Kind.LOGOUT, zhang.pk)]


def test_logout_by_get_is_refused(client, zhang):
    client.force_login(zhang)
    response = client.get(reverse("accounts:logout"))
    assert response.status_code == 405
    assert client.session[SESSION_KEY] == str(zhang.pk)
    assert not LoginEvent.objects.filter(kind=LoginEvent.Kind.LOGOUT).exists()


def test_logout_button_in_navigation_posts(client, zhang):
    client.force_login(zhang)
    page = client.get(reverse("home")).content.decode()
    assert f'<form method="post" action="{reverse("accounts:logout")}">' in page
    assert "退出登录" in page


def test_password_change_page_is_chinese(client, zhang):
    client.force_login(zhang)
    page = client.get(reverse("accounts:password_change")).content.decode()
    assert "修改密码" in page
    assert "旧密码" in page
    assert "新密码" in page
    assert "你的密码必须包含至少 10 个字符。" in page


def test_password_change_with_wrong_old_password_shows_chinese_error(client, zhang):
    client.force_login(zhang)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "not-the-password",
            "new_password1": "Qinglian-2026-new",
            "new_password2": "Qinglian-2026-new",
        },
    )
    assert response.status_code == 200
    assert "你的旧密码不正确。请重新输入。" in response.content.decode()
    zhang.refresh_from_db()
    assert zhang.check_password(PASSWORD)


def test_password_change_with_short_or_mismatched_password_shows_chinese_errors(client, zhang):
    client.force_login(zhang)
    short = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "Qx7-a", "new_password2": "Qx7-a"},
    )
    assert "密码长度太短。密码必须包含至少 10 个字符。" in short.content.decode()
    mismatched = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Qinglian-2026-new",
            "new_password2": "Qinglian-2026-other",
        },
    )
    assert "输入的两个密码不一致。" in mismatched.content.decode()
    zhang.refresh_from_db()
    assert zhang.check_password(PASSWORD)


def test_password_change_saves_new_password_and_keeps_session(client, zhang):
    client.force_login(zhang)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Qinglian-2026-new",
            "new_password2": "Qinglian-2026-new",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_changed")
    zhang.refresh_from_db()
    assert zhang.check_password("Qinglian-2026-new")
    done = client.get(response["Location"])
    assert done.status_code == 200
    assert "密码已修改，下次登录请使用新密码。" in done.content.decode()


def test_login_events_are_read_only_in_admin(client, admin_user, zhang):
    _login(client, "zhangsan", "wrong-password")
    event = LoginEvent.objects.get()
    client.force_login(admin_user)
    listing = client.get(reverse("admin:accounts_loginevent_changelist"))
    assert listing.status_code == 200
    assert "zhangsan" in listing.content.decode()
    assert client.get(reverse("admin:accounts_loginevent_add")).status_code == 403
    detail = client.get(reverse("admin:accounts_loginevent_change", args=[event.pk]))
    assert detail.status_code == 200
    assert 'name="username"' not in detail.content.decode()
    delete = client.post(
        reverse("admin:accounts_loginevent_delete", args=[event.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403
    assert LoginEvent.objects.filter(pk=event.pk).exists()


def test_login_events_are_hidden_from_party_office_in_admin(client, party_office):
    client.force_login(party_office)
    response = client.get(reverse("admin:accounts_loginevent_changelist"))
    assert response.status_code == 302
