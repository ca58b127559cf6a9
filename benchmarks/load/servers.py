"""The processes the load benchmark starts, watches and stops: gunicorn, a Celery worker.

Each runs in a session of its own, so stopping it (SIGTERM to the group, then
SIGKILL after a grace period) reaches its workers and nothing else.
"""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent.parent
SETTINGS_MODULE = "benchmarks.load.settings"


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url():
    """DATABASE_URL of the database this process uses, which is the runner's
    freshly created benchmark database (``<name>_bench`` on PostgreSQL; the
    SQLite file itself, under the runner's temporary folder)."""
    from urllib.parse import urlsplit, urlunsplit

    from django.db import connection

    original = os.environ["DATABASE_URL"]
    if connection.vendor == "sqlite":
        return f"sqlite:///{connection.settings_dict['NAME']}"
    parts = urlsplit(original)
    return urlunsplit(parts._replace(path=f"/{connection.settings_dict['NAME']}"))


def environment():
    """The runner's environment (DEBUG off, plain HTTP, the temporary QINGLIAN_VAR_DIR)
    with the benchmark settings and the benchmark database."""
    values = dict(os.environ)
    values.update(
        {
            "DJANGO_SETTINGS_MODULE": SETTINGS_MODULE,
            "DATABASE_URL": database_url(),
            "PYTHONPATH": str(REPOSITORY),
            # The board readable without signing in, as on a hospital's intranet:
            # measured for anonymous readers beside the signed-in ones.
            "PUBLICITY_BOARD_PUBLIC": "true",
        }
    )
    return values


class Server:
    """A process group started by the benchmark."""

    def __init__(self, command, log_path):
        self.log_path = log_path
        self._log = Path(log_path).open("wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            command,
            cwd=REPOSITORY,
            env=environment(),
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    @property
    def pid(self):
        return self.process.pid

    def children(self):
        """The pids of the process's children (gunicorn's workers)."""
        path = Path(f"/proc/{self.pid}/task/{self.pid}/children")
        if path.exists():
            return [int(pid) for pid in path.read_text().split()]
        found = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.pid:
                found.append(int(stat.parent.name))
        return found

    def log_tail(self, lines=30):
        self._log.flush()
        return "\n".join(Path(self.log_path).read_text(errors="replace").splitlines()[-lines:])

    def stop(self, grace=15):
        if self.process.poll() is None:
            os.killpg(self.pid, signal.SIGTERM)
            try:
                self.process.wait(grace)
            except subprocess.TimeoutExpired:
                os.killpg(self.pid, signal.SIGKILL)
                self.process.wait()
        self._log.close()


def memory_mb(pid):
    """(peak, current) resident memory of ``pid`` in MB, from /proc/<pid>/status
    (VmHWM: the most the process has ever held in RAM, VmRSS: now)."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmHWM", "VmRSS"):
            values[key] = int(rest.split()[0]) / 1024  # kB
    return round(values["VmHWM"], 1), round(values["VmRSS"], 1)


def gunicorn_workers():
    """2 × cores + 1: gunicorn's own advice for sync workers. A sync worker
    holds one request at a time and sits idle while the database answers, so
    a few more workers than cores keep every core busy; many more only add
    memory and switching."""
    return 2 * (os.cpu_count() or 1) + 1


def start_gunicorn(folder, port):
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        # Production's settings (scripts/web.sh), with this machine's address and
        # workers, and the access log (written in production too) in a file.
        "--config",
        str(Path(__file__).resolve().parents[2] / "deploy" / "gunicorn.conf.py"),
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(gunicorn_workers()),
        "--access-logfile",
        str(Path(folder) / "access.log"),
    ]
    server = Server(command, Path(folder) / "gunicorn.log")
    url = f"http://127.0.0.1:{port}/health/"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            break
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    # Every worker has loaded the application before the figures start.
                    _wait_for_workers(server)
                    return server
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    tail = server.log_tail()
    server.stop()
    raise RuntimeError(f"gunicorn did not answer {url}:\n{tail}")


def wait_until_idle(folder, quiet=2.0, timeout=180):
    """Wait until gunicorn has answered everything it was sent.

    When wrk stops, the requests it had in flight (and those queued behind
    them) are still worked on: a slow page at 50 clients leaves many seconds
    of work that would otherwise land in the next measure. gunicorn writes an
    access log line for every request it finishes, even to a closed
    connection, so it is idle once the log has not grown for ``quiet`` seconds.
    """
    log = Path(folder) / "access.log"
    deadline = time.monotonic() + timeout
    size, since = -1, time.monotonic()
    while time.monotonic() < deadline:
        now_size = log.stat().st_size if log.exists() else 0
        if now_size != size:
            size, since = now_size, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn was still busy {timeout} s after the load stopped")


def _wait_for_workers(server, timeout=30):
    deadline = time.monotonic() + timeout
    while len(server.children()) < gunicorn_workers() and time.monotonic() < deadline:
        time.sleep(0.2)


def start_celery_worker(folder):
    """A Celery worker in one process (``--pool=solo``), so its peak memory is the
    peak of the process that renders; the benchmark's own task module included."""
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "qinglian",
        "worker",
        "--pool=solo",
        "--loglevel=WARNING",
        "--include=benchmarks.load.tasks",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
    ]
    return Server(command, Path(folder) / "celery.log")
