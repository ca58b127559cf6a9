"""A password someone else set (an account slip, a reset) is changed at the first sign-in."""

import pytest
from django.urls import reverse

from accounts.models import User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def newcomer(client):
    user = UserFactory(username="Q001", name="王一", must_change_password=True)
    client.force_login(user)
    return user


def test_every_page_sends_them_to_the_password_change(client, newcomer):
    for url in (reverse("home"), reverse("notifications:inbox"), "/manage/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == reverse("accounts:password_change")


def test_htmx_is_sent_there_too(client, newcomer):
    response = client.get(reverse("notifications:inbox"), HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"] == reverse("accounts:password_change")


def test_the_change_page_says_why(client, newcomer):
    response = client.get(reverse("accounts:password_change"))
    assert response.status_code == 200
    assert "为了账号安全，请先设置只有您自己知道的新密码" in response.content.decode()


def test_what_stays_reachable(client, newcomer):
    assert client.get(reverse("health")).status_code == 200
    assert client.post(reverse("set_language"), {"language": "en"}).status_code == 302
    assert client.post(reverse("accounts:logout")).status_code == 302


def test_a_successful_change_clears_the_flag_and_lets_them_in(client, newcomer):
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "清廉科室-my-own-2026",
            "new_password2": "清廉科室-my-own-2026",
        },
    )
    assert response.status_code == 302
    newcomer.refresh_from_db()
    assert newcomer.must_change_password is False
    assert newcomer.check_password("清廉科室-my-own-2026")
    assert client.get(reverse("home")).status_code == 200


def test_a_refused_change_keeps_the_flag(client, newcomer):
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert response.status_code == 200
    assert User.objects.get(pk=newcomer.pk).must_change_password is True


def test_others_are_not_stopped(client, staff):
    client.force_login(staff)
    assert client.get(reverse("home")).status_code == 200
