"""Production settings: `check --deploy` is clean, and the security headers are sent."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.urls import reverse

BASE_DIR = Path(settings.BASE_DIR)


def _production_env(tmp_path, **overrides):
    """Only what a deployment sets: no DEBUG, no test settings module, nothing of this shell."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": "qinglian.settings",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "qinglian.hospital.example",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "QINGLIAN_VAR_DIR": str(tmp_path / "var"),
    }
    env.update(overrides)
    return {key: value for key, value in env.items() if value is not None}


def _manage(env, *args):
    return subprocess.run(  # noqa: S603 - our own manage.py, fixed arguments
        [sys.executable, str(BASE_DIR / "manage.py"), *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_passes_with_production_variables(tmp_path):
    result = _manage(_production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."
    assert "WARNING" not in result.stderr


def test_missing_secret_key_without_debug_is_refused_in_chinese(tmp_path):
    result = _manage(_production_env(tmp_path, SECRET_KEY=None), "check")
    assert result.returncode == 1
    assert "django.core.exceptions.ImproperlyConfigured: SECRET_KEY 未设置" in result.stderr
    assert "生产环境必须通过环境变量提供" in result.stderr


def test_content_security_policy_header(client, db):
    response = client.get(reverse("accounts:login"))
    directives = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"


def test_content_security_policy_on_error_and_lockout_pages(client, db):
    assert "object-src 'none'" in client.get("/no-such-page/")["Content-Security-Policy"]
    for _ in range(5):
        locked = client.post(reverse("accounts:login"), {"username": "x", "password": "y"})
    assert locked.status_code == 429
    assert "frame-ancestors 'none'" in locked["Content-Security-Policy"]


def test_security_headers_on_every_page(client, db):
    response = client.get(reverse("accounts:login"))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_strict_transport_security_on_secure_requests_in_production(client, db, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    response = client.get(reverse("accounts:login"), secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    plain = client.get(reverse("accounts:login"))
    assert "Strict-Transport-Security" not in plain


def test_production_settings_redirect_to_https_and_mark_cookies_secure(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 301
    assert response["Location"] == "https://testserver" + reverse("accounts:login")


def test_production_settings_turn_on_https_protections(tmp_path):
    """DEBUG=false, as a deployment may write it, means every HTTPS protection is on."""
    names = [
        "DEBUG",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SECURE_HSTS_SECONDS",
    ]
    script = (
        "import django; django.setup(); from django.conf import settings; "
        f"print(*[getattr(settings, name) for name in {names!r}])"
    )
    result = subprocess.run(  # noqa: S603 - our own settings, fixed arguments
        [sys.executable, "-c", script],
        cwd=BASE_DIR,
        env=_production_env(tmp_path, DEBUG="false"),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "True", "True", "True", "True", "31536000"]
