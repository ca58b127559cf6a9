from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
from django.db import OperationalError
from django.urls import reverse

from core.beat import STALE_AFTER, record_tick

pytestmark = pytest.mark.django_db


def test_health_answers_ok_without_login(client):
    response = client.get(reverse("health"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": "ok", "beat": "late"}
    assert "no-cache" in response["Cache-Control"]


def test_health_answers_503_when_the_database_does_not(client):
    with mock.patch("core.views.connection.cursor", side_effect=OperationalError("down")):
        response = client.get(reverse("health"))

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unavailable", "beat": "late"}


def test_health_refuses_post(client):
    response = client.post(reverse("health"))

    assert response.status_code == 405


def test_health_is_not_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    response = client.get(reverse("health"))

    assert response.status_code == 200
    assert client.get(reverse("accounts:login")).status_code == 301


def test_health_reports_beat_ok_when_it_ticked_lately(client):
    record_tick()

    response = client.get(reverse("health"))

    assert response.status_code == 200
    assert response.json()["beat"] == "ok"


def test_health_stays_200_when_beat_is_late(client):
    record_tick(now=datetime.now(UTC) - STALE_AFTER - timedelta(seconds=1))

    response = client.get(reverse("health"))

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "beat": "late"}
