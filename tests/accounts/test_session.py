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
    """Pretend the last request (and so the session's last refresh) was ``seconds`` ago."""
    from django.contrib.sessions.backends.db import SessionStore

    from core.middleware import REFRESHED_AT_KEY

    last_request = timezone.now() - timedelta(seconds=seconds)
    session = SessionStore(session_key=_session(client).session_key)
    session[REFRESHED_AT_KEY] = int(last_request.timestamp())
    session.save()
    Session.objects.filter(pk=_session(client).pk).update(
        expire_date=last_request + timedelta(seconds=settings.SESSION_COOKIE_AGE)
    )


def test_idle_timeout_is_thirty_minutes_refreshed_at_most_once_a_minute():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_REFRESH_SECONDS == 60


def test_request_within_a_minute_of_the_refresh_writes_no_session(client, staff):
    client.force_login(staff)
    client.get(reverse("home"))
    refreshed = _session(client).expire_date

    _idle_for(client, 10)
    expire_before = _session(client).expire_date
    client.get(reverse("home"))

    assert _session(client).expire_date == expire_before
    assert expire_before < refreshed


def test_request_right_after_login_writes_no_session(client, staff):
    client.force_login(staff)
    expire_at_login = _session(client).expire_date

    response = client.get(reverse("home"))

    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert _session(client).expire_date == expire_at_login


def test_request_a_minute_after_the_refresh_extends_the_session(client, staff):
    client.force_login(staff)
    _idle_for(client, 61)
    before = timezone.now()

    client.get(reverse("home"))

    assert _session(client).expire_date - before >= timedelta(
        seconds=settings.SESSION_COOKIE_AGE - 1
    )


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
    _idle_for(client, 120)
    response = client.get(reverse("home"))
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["max-age"] == ""
