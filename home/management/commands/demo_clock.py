import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError
from home.demo_clock import (
    demo_clock_advance,
    demo_clock_available,
    demo_clock_reset,
    moved_summary,
    waiting_on_the_clock,
)


class Command(BaseCommand):
    @property
    def help(self):
        # A property, not gettext_lazy: argparse needs a real string, in the active language.
        return _(
            "演示时钟（仅 DEBUG）：不带参数时列出等待到期的事项；--next 拨到下一个到期日，"
            "--to 拨到指定日期，随即执行公示截止、整改期满、申报截止的到期处理；--reset 回到真实时间。"
        )

    def add_arguments(self, parser):
        moves = parser.add_mutually_exclusive_group()
        moves.add_argument("--next", action="store_true", help=_("拨到下一个到期日。"))
        moves.add_argument(
            "--to", type=datetime.date.fromisoformat, help=_("拨到这一天（YYYY-MM-DD）。")
        )
        moves.add_argument("--reset", action="store_true", help=_("回到真实时间。"))

    def handle(self, *args, next=False, to=None, reset=False, **options):
        if not demo_clock_available():
            raise CommandError(_("演示时钟只在开发调试模式（DEBUG 开启）下可用。"))
        waiting = waiting_on_the_clock()
        try:
            if reset:
                demo_clock_reset()
                self.stdout.write(_("演示时钟已回到真实时间。"))
                return
            if next:
                if not waiting:
                    self.stdout.write(_("目前没有等待到期的事项。"))
                    return
                to = waiting[0].due_on
            if to is not None:
                self.stdout.write(moved_summary(demo_clock_advance(to=to)))
                return
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stdout.write(
            _("系统的今天：%(today)s。") % {"today": timezone.localdate().isoformat()}
        )
        for item in waiting:
            self.stdout.write(f"{item.due_on.isoformat()}  {item.kind}  {item.name}")
        if not waiting:
            self.stdout.write(_("目前没有等待到期的事项。"))
