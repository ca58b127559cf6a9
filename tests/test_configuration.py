"""The README, .env.example, docker-compose.yml and make run agree with the settings."""

import importlib.util
import re
import subprocess

import pytest
from django.conf import settings
from django.urls import reverse

ROOT = settings.BASE_DIR
# Read by docker compose itself (or gunicorn), not by the settings.
COMPOSE_ONLY = {"POSTGRES_DB", "POSTGRES_USER", "POSTGRES_PASSWORD", "WEB_PORT", "WEB_CONCURRENCY"}


def _text(name):
    return (ROOT / name).read_text(encoding="utf-8")


def _settings_variables():
    return set(re.findall(r'env\.\w+\(\s*"([A-Z_]+)"', _text("qinglian/settings.py")))


def test_settings_variables_are_found():
    assert {
        "DEBUG",
        "SECRET_KEY",
        "DATABASE_URL",
        "REDIS_URL",
        "EMAIL_URL",
    } <= _settings_variables()


def test_readme_documents_every_environment_variable_of_the_settings():
    readme = _text("README.md")
    undocumented = sorted(name for name in _settings_variables() if f"`{name}`" not in readme)
    assert undocumented == []


def test_env_example_sets_only_variables_that_are_read():
    names = set(re.findall(r"^#?\s*([A-Z_]+)=", _text(".env.example"), flags=re.MULTILINE))
    assert {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "EMAIL_URL"} <= names
    assert sorted(names - _settings_variables() - COMPOSE_ONLY) == []


def test_compose_runs_exactly_one_beat_with_the_settings_scheduler():
    compose = _text("docker-compose.yml")
    assert compose.count(settings.CELERY_BEAT_SCHEDULER) == 1
    services = compose.split("\nservices:\n")[1].split("\nvolumes:\n")[0]
    assert re.findall(r"^  (\w+):$", services, flags=re.MULTILINE) == [
        "postgres",
        "redis",
        "web",
        "worker",
        "beat",
    ]
    assert settings.CELERY_BEAT_SCHEDULER in _text("scripts/run.sh")


def test_compose_and_healthcheck_probe_the_health_url():
    assert "scripts/healthcheck.py" in _text("docker-compose.yml")
    assert f'"http://127.0.0.1:8000{reverse("health")}"' in _text("scripts/healthcheck.py")


@pytest.fixture
def healthcheck():
    spec = importlib.util.spec_from_file_location(
        "healthcheck", ROOT / "scripts" / "healthcheck.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("allowed_hosts", "host"),
    [
        ("qinglian.hospital.example,other.example", "qinglian.hospital.example"),
        (".hospital.example", "hospital.example"),
        ("*", "localhost"),
        ("", "localhost"),
    ],
)
def test_healthcheck_asks_for_an_allowed_host(healthcheck, monkeypatch, allowed_hosts, host):
    monkeypatch.setenv("ALLOWED_HOSTS", allowed_hosts)

    assert healthcheck.probe_host() == host


def test_the_server_env_example_sets_only_variables_that_are_read():
    names = set(
        re.findall(r"^#?\s*([A-Z_]+)=", _text("deploy/qinglian.env.example"), flags=re.MULTILINE)
    )
    assert {"SECRET_KEY", "ALLOWED_HOSTS", "QINGLIAN_VAR_DIR", "DATABASE_URL"} <= names
    assert sorted(names - _settings_variables()) == []


def test_the_web_command_is_stated_once():
    """scripts/web.sh starts gunicorn with deploy/gunicorn.conf.py; the image, compose
    and the systemd unit run the script, and no other file spells gunicorn's options."""
    assert "exec gunicorn --config deploy/gunicorn.conf.py" in _text("scripts/web.sh")
    assert 'CMD ["scripts/web.sh"]' in _text("Dockerfile")
    web = _text("docker-compose.yml").split("\n  web:\n")[1].split("\n  worker:\n")[0]
    assert "command:" not in web
    assert "ExecStart=/opt/qinglian/app/scripts/web.sh" in _text(
        "deploy/systemd/qinglian-web.service"
    )
    tracked = subprocess.run(
        ["git", "ls-files"],  # noqa: S607 - the git on PATH
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    application = "qinglian.wsgi" + ":application"
    stated = [
        name
        for name in tracked
        if (ROOT / name).is_file()
        and application in (ROOT / name).read_text(encoding="utf-8", errors="ignore")
    ]
    assert stated == ["deploy/gunicorn.conf.py"]


def test_one_beat_unit_with_the_settings_scheduler_and_its_health_check():
    units = {path.name: path.read_text() for path in (ROOT / "deploy" / "systemd").glob("*")}
    assert sorted(units) == [
        "qinglian-beat.service",
        "qinglian-web.service",
        "qinglian-worker.service",
    ]
    starts = {
        name: re.findall(r"^ExecStart=(.*)$", text, flags=re.MULTILINE)
        for name, text in units.items()
    }
    assert [name for name, lines in starts.items() if " beat " in lines[0]] == [
        "qinglian-beat.service"
    ]
    assert settings.CELERY_BEAT_SCHEDULER in units["qinglian-beat.service"]
    beat = _text("docker-compose.yml").split("\n  beat:\n")[1].split("\nvolumes:\n")[0]
    assert '"manage.py", "beat_health"' in beat
