"""A wrong password five times: the pair (username, address) is locked for 30 minutes."""

from collections import Counter
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.test import RequestFactory
from django.urls import reverse

from accounts.models import LoginEvent
from accounts.security import client_ip_address
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("accounts:login")
OFFICE = "10.20.0.15"
WARD = "10.30.0.8"


@pytest.fixture
def zhang(db):
    return UserFactory(username="zhangsan", name="张三")


@pytest.fixture
def li(db):
    return UserFactory(username="lisi", name="李四")


def _login(client, username, password, address=OFFICE, **extra):
    return client.post(
        LOGIN_URL, {"username": username, "password": password}, REMOTE_ADDR=address, **extra
    )


def _fail(client, times, username="zhangsan", address=OFFICE, **extra):
    return [_login(client, username, "wrong-password", address, **extra) for _ in range(times)]


def test_four_wrong_passwords_do_not_lock(client, zhang):
    responses = _fail(client, 4)
    assert [r.status_code for r in responses] == [200, 200, 200, 200]
    assert _login(client, "zhangsan", PASSWORD).status_code == 302
    assert client.session[SESSION_KEY] == str(zhang.pk)


def test_fifth_wrong_password_locks_with_chinese_page(client, zhang):
    fifth = _fail(client, 5)[-1]
    page = fifth.content.decode()
    assert fifth.status_code == 429
    assert "登录失败次数过多，已暂时锁定" in page
    assert "该账号在您当前的网络地址上连续登录失败 5 次，已锁定 30 分钟。" in page


def test_locked_pair_is_refused_even_with_right_password(client, zhang):
    _fail(client, 5)
    response = _login(client, "zhangsan", PASSWORD)
    assert response.status_code == 429
    assert "登录失败次数过多，已暂时锁定" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_lock_leaves_other_username_from_same_address_free(client, zhang, li):
    _fail(client, 5)
    response = _login(client, "lisi", PASSWORD)
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(li.pk)


def test_lock_leaves_same_username_from_other_address_free(client, zhang):
    _fail(client, 5)
    response = _login(client, "zhangsan", PASSWORD, address=WARD)
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(zhang.pk)


def test_successful_login_resets_failure_count(client, zhang):
    _fail(client, 4)
    assert _login(client, "zhangsan", PASSWORD).status_code == 302
    client.post(reverse("accounts:logout"))
    responses = _fail(client, 4)
    assert [r.status_code for r in responses] == [200, 200, 200, 200]
    assert _login(client, "zhangsan", PASSWORD).status_code == 302


def _age_attempts(minutes):
    for attempt in AccessAttempt.objects.all():
        AccessAttempt.objects.filter(pk=attempt.pk).update(
            attempt_time=attempt.attempt_time - timedelta(minutes=minutes)
        )


def test_lock_still_holds_after_29_minutes(client, zhang):
    _fail(client, 5)
    _age_attempts(29)
    assert _login(client, "zhangsan", PASSWORD).status_code == 429


def test_lock_ends_after_30_minutes(client, zhang):
    _fail(client, 5)
    _age_attempts(31)
    response = _login(client, "zhangsan", PASSWORD)
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(zhang.pk)


def test_trying_again_while_locked_does_not_extend_the_lock(client, zhang):
    _fail(client, 5)
    _age_attempts(20)
    _fail(client, 3)
    _age_attempts(11)
    assert _login(client, "zhangsan", PASSWORD).status_code == 302


def test_lockout_is_recorded(client, zhang):
    _fail(client, 5)
    _login(client, "zhangsan", PASSWORD)
    # Five failures, then the refused sixth attempt: each attempt is a failure,
    # and the fifth and sixth also meet the lock.
    kinds = Counter(LoginEvent.objects.values_list("kind", flat=True))
    assert kinds == {LoginEvent.Kind.FAILURE: 6, LoginEvent.Kind.LOCKED_OUT: 2}
    lockout = LoginEvent.objects.filter(kind=LoginEvent.Kind.LOCKED_OUT).first()
    assert (lockout.username, lockout.user, lockout.ip_address) == ("zhangsan", zhang, OFFICE)


def test_forged_forwarded_for_does_not_dodge_lock(client, zhang):
    for n in range(5):
        _login(client, "zhangsan", "wrong-password", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    assert (
        _login(client, "zhangsan", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.99").status_code == 429
    )


def test_behind_trusted_proxy_people_are_told_apart_by_forwarded_address(client, settings, zhang):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.1"
    _fail(client, 5, address=proxy, HTTP_X_FORWARDED_FOR=OFFICE)
    locked = _login(client, "zhangsan", PASSWORD, address=proxy, HTTP_X_FORWARDED_FOR=OFFICE)
    assert locked.status_code == 429
    other = _login(client, "zhangsan", PASSWORD, address=proxy, HTTP_X_FORWARDED_FOR=WARD)
    assert other.status_code == 302
    assert LoginEvent.objects.filter(kind=LoginEvent.Kind.SUCCESS).get().ip_address == WARD


def test_administrator_lifts_a_lock_in_admin(client, admin_user, zhang):
    _fail(client, 5)
    attempt = AccessAttempt.objects.get(username="zhangsan")
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    client.post(reverse("accounts:logout"))
    assert _login(client, "zhangsan", PASSWORD).status_code == 302


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        (0, OFFICE, "", OFFICE),
        (0, OFFICE, "192.0.2.7", OFFICE),
        (1, "10.0.0.1", "192.0.2.7", "192.0.2.7"),
        (1, "10.0.0.1", "203.0.113.9, 192.0.2.7", "192.0.2.7"),
        (2, "10.0.0.1", "203.0.113.9, 192.0.2.7, 10.0.0.2", "192.0.2.7"),
        (2, "10.0.0.1", "192.0.2.7", "10.0.0.1"),
        (1, "10.0.0.1", "not-an-address", "10.0.0.1"),
        (1, "10.0.0.1", "", "10.0.0.1"),
    ],
)
def test_client_ip_address_believes_only_trusted_proxies(
    settings, proxies, remote, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip_address(request) == expected


def test_admin_login_page_is_locked_too(client, zhang):
    for _ in range(5):
        response = client.post(
            reverse("admin:login"), {"username": "zhangsan", "password": "wrong-password"}
        )
    assert response.status_code == 429
    assert "登录失败次数过多，已暂时锁定" in response.content.decode()
    assert _login(client, "zhangsan", PASSWORD, address="127.0.0.1").status_code == 429
