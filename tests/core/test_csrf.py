"""A stale or forged form is refused with a Chinese page and changes nothing."""

import pytest
from django.test import Client
from django.urls import reverse

from notifications.models import Notification
from notifications.services import notify
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def strict_client():
    return Client(enforce_csrf_checks=True)


def _assert_refused_in_chinese(response):
    page = response.content.decode()
    assert response.status_code == 403
    assert "页面已过期，操作未执行" in page
    assert "请返回并刷新页面后重新操作" in page


def test_post_without_csrf_token_is_refused_in_chinese(strict_client, staff):
    notify(recipients=[staff], subject="评审安排")
    strict_client.force_login(staff)
    response = strict_client.post(reverse("notifications:mark_read"))
    _assert_refused_in_chinese(response)
    assert Notification.objects.get().read_at is None


def _sign_in(client, username):
    client.get(reverse("accounts:login"))
    token = client.cookies["csrftoken"].value
    response = client.post(
        reverse("accounts:login"),
        {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    return client.cookies["csrftoken"].value


def test_post_with_token_from_before_a_new_login_is_refused(strict_client, staff):
    """Signed out and in again in another tab: the form of the old page is stale."""
    notify(recipients=[staff], subject="评审安排")
    old_token = _sign_in(strict_client, "staff")
    strict_client.post(reverse("accounts:logout"), {"csrfmiddlewaretoken": old_token})
    new_token = _sign_in(strict_client, "staff")
    assert new_token != old_token
    response = strict_client.post(
        reverse("notifications:mark_read"), {"csrfmiddlewaretoken": old_token}
    )
    _assert_refused_in_chinese(response)
    assert Notification.objects.get().read_at is None


def test_login_post_without_token_is_refused_in_chinese(strict_client, staff):
    response = strict_client.post(
        reverse("accounts:login"), {"username": "staff", "password": "whatever"}
    )
    _assert_refused_in_chinese(response)


def test_post_with_current_token_is_accepted(strict_client, staff):
    notify(recipients=[staff], subject="评审安排")
    strict_client.force_login(staff)
    strict_client.get(reverse("notifications:inbox"))
    token = strict_client.cookies["csrftoken"].value
    response = strict_client.post(
        reverse("notifications:mark_read"), {"csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert Notification.objects.get().read_at is not None
