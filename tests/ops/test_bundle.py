"""The offline installation: the bundle's wheels install with ``pip --no-index`` and the app starts.

Builds the wheels of the production lock as ``make bundle`` does
(scripts/bundle-wheels.sh, from PyPI through pip's cache), then runs
scripts/install-offline.sh as an operator would on a server without internet
(``--no-systemd``: no user, no units), with pip cut off from every index and
from every other folder of wheels. The installed environment must hold exactly
the production lock (no test or lint tool), import every module of the product,
and serve ``/health/`` and a page through scripts/web.sh, on SQLite in a
temporary folder, with the production settings (DEBUG off).

One test, not several: the installation takes a minute or two, and pytest-xdist
would repeat it in each worker that got a test of this module.
"""

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(settings.BASE_DIR)
HOST = "qinglian.test"
DEV_TOOLS = {"pytest", "playwright", "ruff", "hypothesis", "factory-boy", "faker", "import-linter"}

# Imports every module of the product in the installed environment, as Django and
# Celery load them and beyond (a module only a command or a task imports, too).
IMPORT_EVERYTHING = """
import importlib, os, pkgutil, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qinglian.settings")
django.setup()
from qinglian.celery import app
app.loader.import_default_modules()
import kombu.transport.redis  # the broker in production
count = 0
for name in {apps!r}:
    package = importlib.import_module(name)
    for module in pkgutil.walk_packages(package.__path__, name + "."):
        if ".migrations." not in module.name + ".":
            importlib.import_module(module.name)
            count += 1
print(count)
"""


def _lock_names():
    return {
        canonicalize_name(Requirement(line).name)
        for line in (ROOT / "requirements.txt").read_text().splitlines()
        if line.strip() and not line.startswith(("#", "-"))
    }


def _offline_environment(folder):
    """The environment of a server without internet: pip reads no configuration
    file and no PIP_* variable of this machine, and every index is unreachable."""
    environment = {
        name: value
        for name, value in os.environ.items()
        if name in {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR"}
    }
    environment.update(
        PIP_CONFIG_FILE=os.devnull,
        PIP_NO_INDEX="1",
        PIP_INDEX_URL="http://127.0.0.1:9/simple/",  # nothing listens on the discard port
        PIP_NO_CACHE_DIR="1",
        PIP_DISABLE_PIP_VERSION_CHECK="1",
        PYTHON=sys.executable,  # the Python 3.11 the suite runs on creates the new venv
        HOME=str(folder),
    )
    return environment


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url, **headers):
    request = urllib.request.Request(url, headers={"Host": HOST, **headers})  # noqa: S310  (loopback)
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return response.status, response.read().decode()


def _run(command, **options):
    result = subprocess.run(command, capture_output=True, text=True, check=False, **options)  # noqa: S603
    assert result.returncode == 0, f"{command}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


def test_the_bundle_installs_without_network_and_serves(tmp_path):
    wheels = tmp_path / "wheels"
    _run(["bash", str(ROOT / "scripts" / "bundle-wheels.sh"), str(wheels)], cwd=ROOT)

    prefix, var = tmp_path / "opt", tmp_path / "var"
    env_file = tmp_path / "qinglian.env"
    env_file.write_text(
        f"SECRET_KEY={secrets.token_urlsafe(50)}\n"
        f"ALLOWED_HOSTS={HOST}\n"
        f"SITE_URL=https://{HOST}\n"
        f"QINGLIAN_VAR_DIR={var}\n"
        "TRUSTED_PROXY_COUNT=1\n"
        "EMAIL_URL=smtp://127.0.0.1:25\n"
    )
    offline = _offline_environment(tmp_path)
    command = [
        "bash",
        str(ROOT / "scripts" / "install-offline.sh"),
        "--prefix",
        str(prefix),
        "--env-file",
        str(env_file),
        "--wheels",
        str(wheels),
        "--no-systemd",
    ]
    installed = _run(command, env=offline)
    assert "check --deploy" in installed.stdout
    assert (var / "db.sqlite3").exists()
    assert (var / "static" / "staticfiles.json").exists()
    python = prefix / "venv" / "bin" / "python"

    # Exactly the production lock: no test or lint tool came along.
    listed = _run([str(python), "-m", "pip", "list", "--format", "json"], env=offline)
    names = {canonicalize_name(entry["name"]) for entry in json.loads(listed.stdout)}
    assert names - {"pip", "setuptools", "wheel"} == _lock_names()
    assert not names & DEV_TOOLS

    app_environment = {
        **offline,
        **dict(line.split("=", 1) for line in env_file.read_text().splitlines()),
        "PATH": f"{prefix / 'venv' / 'bin'}:{offline['PATH']}",
    }
    apps = [name for name in settings.INSTALLED_APPS if (ROOT / name).is_dir()] + ["qinglian"]
    imported = _run(
        [str(python), "-c", IMPORT_EVERYTHING.format(apps=apps)],
        cwd=prefix / "app",
        env=app_environment,
    )
    assert int(imported.stdout.split()[-1]) > 50

    port = _free_port()
    web = subprocess.Popen(  # noqa: S603
        ["/bin/sh", str(prefix / "app" / "scripts" / "web.sh")],
        env={**app_environment, "WEB_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, body = _get(f"http://127.0.0.1:{port}/health/")
                break
            except (urllib.error.URLError, ConnectionError):
                assert web.poll() is None, web.stdout.read().decode()
                assert time.monotonic() < deadline, "gunicorn did not answer in 60 s"
                time.sleep(0.3)
        assert status == 200
        assert json.loads(body)["status"] == "ok"
        # A page with its static files, through the proxy's HTTPS header.
        status, page = _get(
            f"http://127.0.0.1:{port}{reverse('accounts:login')}", **{"X-Forwarded-Proto": "https"}
        )
        assert status == 200
        assert "/static/" in page
    finally:
        os.killpg(web.pid, signal.SIGTERM)
        web.wait(timeout=30)
