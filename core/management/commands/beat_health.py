"""``manage.py beat_health``: exit 1 when Celery beat has sent no task for a while.

docker-compose.yml's ``beat`` service uses it as its health check; on a server
with the systemd units, a monitoring system can run it. The message is printed
in Chinese and in English: whoever reads a health-check log may read either.
"""

import sys
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.beat import STALE_AFTER, last_tick


def _both(message, **values):
    lines = []
    for language in ("zh-hans", "en"):
        with translation.override(language):
            lines.append(_(message) % values)
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Exit status 1 when Celery beat has sent no task for --minutes (default 5)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--minutes",
            type=int,
            default=int(STALE_AFTER.total_seconds() // 60),
            help="How long beat may stay silent before it counts as down.",
        )

    def handle(self, *args, minutes, **options):
        last = last_tick()
        now = timezone.now()
        if last is None:
            self.stderr.write(
                _both(
                    gettext_noop(
                        "定时任务调度（beat）没有心跳记录：beat 未运行，或尚未发出任何任务。"
                    )
                )
            )
            sys.exit(1)
        silent = now - last
        if silent > timedelta(minutes=minutes):
            self.stderr.write(
                _both(
                    gettext_noop(
                        "定时任务调度（beat）已有 %(minutes)s 分钟没有发出任务（上次：%(last)s）。"
                    ),
                    minutes=int(silent.total_seconds() // 60),
                    last=timezone.localtime(last).strftime("%Y-%m-%d %H:%M:%S"),
                )
            )
            sys.exit(1)
        self.stdout.write(
            _both(
                gettext_noop("定时任务调度（beat）正常：%(seconds)s 秒前发出了任务。"),
                seconds=int(silent.total_seconds()),
            )
        )
