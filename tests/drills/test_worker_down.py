"""Drill: no Celery worker runs across a publicity's deadline.

The beat goes on ticking while the worker is down, so the sweep's messages
pile up in the broker (Redis when REDIS_URL is set, else the filesystem
broker the product uses without it). A real worker process is then started
on the test database: it works through the backlog, the publicity closes
once (one event, one notification and one e-mail to each party-office
user), and the sweeps after the first change nothing.
"""

import datetime
import os
import subprocess
import sys
import time
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from accounts.roles import Role
from notifications.models import EmailStatus, Notification
from publicity.enums import PublicityState
from publicity.models import PublicityEvent
from publicity.services.publicities import close_due_publicities
from publicity.tasks import close_due_publicities as close_due_publicities_task
from qinglian.celery import app as celery_app
from tests.drills.conftest import through_broker
from tests.factories import PersonFactory, UserFactory, listed_publicity

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the SQLite test database lives in memory, out of a worker process's reach; "
        "CI runs this drill on PostgreSQL",
    ),
]

WAIT_SECONDS = 25
CLOSED_SUBJECT = "“2026年度清廉科室评选”公示期满，无未办结的异议"


def _database_url():
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = db["HOST"] or "localhost"
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{credentials}@{host}{port}/{quote(db['NAME'], safe='')}"


@pytest.fixture
def worker(tmp_path):
    """``worker()`` starts a real worker on the test database and the test's broker;
    returns its log file. Stopped (warm shutdown, then killed) at the end."""
    processes = []
    log = tmp_path / "worker.log"
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()

    def start():
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.drills.worker_settings",
            "DATABASE_URL": _database_url(),
            # The same folders as this process: the filesystem broker's queue.
            "QINGLIAN_VAR_DIR": str(settings.VAR_DIR),
            "QINGLIAN_DRILL_MAIL_DIR": str(mail_dir),
            "CELERY_BROKER_URL": celery_app.conf.broker_url,
        }
        command = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "qinglian",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            f"--hostname=drill-{os.getpid()}@%h",
        ]
        with log.open("wb") as output:
            processes.append(
                subprocess.Popen(  # noqa: S603 - our own worker, fixed arguments
                    command, cwd=settings.BASE_DIR, env=env, stdout=output, stderr=output
                )
            )
        return log, mail_dir

    yield start
    for process in processes:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_for(condition, log):
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    pytest.fail(f"the worker did not get there in {WAIT_SECONDS} s; its log:\n{log.read_text()}")


def _succeeded(log, task_ids):
    text = log.read_text() if log.exists() else ""
    return all(f"[{task_id}] succeeded" in text for task_id in task_ids)


def test_publicity_past_its_deadline_closes_once_when_the_worker_comes_back(
    party_office, department_a, worker
):
    second_clerk = UserFactory(username="party_office_2", roles=[Role.PARTY_OFFICE])
    PersonFactory(user=second_clerk, name="党办干事二", department=department_a)
    now = timezone.now()
    # Opened a week ago; the deadline passed a minute ago, while no worker ran.
    publicity, _applications = listed_publicity(
        party_office,
        [department_a],
        starts_on=timezone.localdate() - datetime.timedelta(days=7),
        ends_at=now - datetime.timedelta(minutes=1),
    )
    with through_broker():
        celery_app.control.purge()
        # The beat ticked three times during the outage: three sweeps wait in the queue.
        sweeps = [close_due_publicities_task.apply_async().id for _ in range(3)]
    publicity.refresh_from_db()
    assert publicity.state == PublicityState.OPEN

    log, mail_dir = worker()
    closing = Notification.objects.filter(subject=CLOSED_SUBJECT)

    def backlog_done():
        return (
            _succeeded(log, sweeps)
            and closing.count() == 2
            and not closing.exclude(email_status=EmailStatus.SENT).exists()
        )

    _wait_for(backlog_done, log)
    publicity.refresh_from_db()
    assert publicity.state == PublicityState.CLOSED
    assert now < publicity.closed_at
    events = PublicityEvent.objects.filter(subject=publicity).exclude(transition="open")
    assert list(events.values_list("transition", "actor", "to_state")) == [
        ("close", None, PublicityState.CLOSED)
    ]
    assert sorted(closing.values_list("recipient__username", flat=True)) == [
        "party_office",
        "party_office_2",
    ]
    sent = b"".join(path.read_bytes() for path in mail_dir.iterdir())
    assert sent.count(b"To: party_office@hospital.example") == 1
    assert sent.count(b"To: party_office_2@hospital.example") == 1

    # The beat's next tick, after the backlog: nothing more happens.
    assert close_due_publicities() == []
    assert events.count() == 1
    assert closing.count() == 2
