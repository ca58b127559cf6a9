"""Idle timeout: a session not used for SESSION_COOKIE_AGE seconds is over."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db


def _session(client):
    return Session.objects.get(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value)


def _idle_for(client, seconds):
    """Pretend the last request was ``seconds`` ago."""
    last_request = timezone.now() - timedelta(seconds=seconds)
    Session.objects.filter(pk=_session(client).pk).update(
        expire_date=last_request + timedelta(seconds=settings.SESSION_COOKIE_AGE)
    )


def test_idle_timeout_is_thirty_minutes_and_refreshed_by_every_request():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_session_idle_longer_than_limit_is_logged_out(client, staff):
    client.force_login(staff)
    _idle_for(client, settings.SESSION_COOKIE_AGE + 1)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_session_idle_shorter_than_limit_stays_and_is_extended(client, staff):
    client.force_login(staff)
    _idle_for(client, settings.SESSION_COOKIE_AGE - 60)
    before = timezone.now()
    response = client.get(reverse("home"))
    assert response.status_code == 200
    remaining = _session(client).expire_date - before
    assert remaining >= timedelta(seconds=settings.SESSION_COOKIE_AGE)


def test_session_cookie_is_httponly_and_ends_with_the_browser(client, staff):
    client.force_login(staff)
    response = client.get(reverse("home"))
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["max-age"] == ""
