from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from integrity.demo import load_demo_year_round


class Command(BaseCommand):
    @property
    def help(self):
        # A property, not gettext_lazy: argparse needs a real string, in the active language.
        return _(
            "创建演示医院本年度的清廉台账（承诺书、约谈、科内学习）；可重复运行。需先运行 load_demo_hospital。"
        )

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help=_("DEBUG 关闭时也加载（仅用于演示环境）。"),
        )

    def handle(self, *args, allow_production=False, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(_("当前为生产配置（DEBUG 未开启），拒绝加载演示数据。"))
        created = load_demo_year_round()
        self.stdout.write(
            _(
                "清廉台账：新增承诺书 %(commitments)s 份、约谈 %(talks)s 次、科内学习 %(sessions)s 次。"
            )
            % created
        )
