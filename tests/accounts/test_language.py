"""The interface language a user chose: stored through one service, read by one middleware."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import reverse

from accounts.language import request_language, user_language_set
from accounts.models import User
from core.errors import DomainError
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_user_language_set_stores_the_choice():
    user = UserFactory()
    user_language_set(user=user, language="en")
    assert User.objects.get(pk=user.pk).language == "en"


def test_user_language_set_empty_goes_back_to_the_site_language():
    user = UserFactory(language="en")
    user_language_set(user=user, language="")
    assert User.objects.get(pk=user.pk).language == ""


def test_user_language_set_refuses_an_unknown_language():
    user = UserFactory(language="en")
    with pytest.raises(DomainError) as refusal:
        user_language_set(user=user, language="fr")
    assert refusal.value.message == "不支持该界面语言：fr。"
    assert User.objects.get(pk=user.pk).language == "en"


def test_unknown_language_posted_changes_nothing(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    assert response.status_code == 302
    assert User.objects.get(pk=user.pk).language == ""


def test_set_language_answers_only_posts(client):
    assert client.get(reverse("set_language"), {"language": "en"}).status_code == 405


@pytest.mark.parametrize(
    ("stored", "cookie", "expected"),
    [
        ("", "", "zh-hans"),
        ("", "en", "zh-hans"),  # signed in: the user's choice, not the browser's
        ("en", "", "en"),
        ("en", "zh-hans", "en"),
        ("xx", "", "zh-hans"),  # a code no longer offered
    ],
)
def test_request_language_of_a_signed_in_user(stored, cookie, expected):
    request = RequestFactory().get(
        "/", HTTP_ACCEPT_LANGUAGE="en", HTTP_COOKIE=f"django_language={cookie}"
    )
    request.user = UserFactory(language=stored)
    assert request_language(request) == expected


@pytest.mark.parametrize(
    ("cookie", "expected"),
    [("", "zh-hans"), ("en", "en"), ("zh-hans", "zh-hans"), ("fr", "zh-hans")],
)
def test_request_language_of_a_visitor(cookie, expected):
    request = RequestFactory().get(
        "/", HTTP_ACCEPT_LANGUAGE="en", HTTP_COOKIE=f"django_language={cookie}"
    )
    request.user = AnonymousUser()
    assert request_language(request) == expected
