from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from departments.demo import DEMO_PASSWORD
from home.demo import load_demo_hospital


class Command(BaseCommand):
    @property
    def help(self):
        # A property, not gettext_lazy: argparse needs a real string, in the active language.
        return _(
            "创建演示医院（科室、党支部、约 600 名人员、各角色的演示账号）；可重复运行，已有数据不变。"
        )

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help=_("DEBUG 关闭时也加载（演示账号的密码是公开的，切勿用于正式环境）。"),
        )

    def handle(self, *args, allow_production=False, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                _(
                    "当前为生产配置（DEBUG 未开启），拒绝加载演示数据：演示账号的密码是公开的。"
                    "如确为演示环境，请加 --allow-production。"
                )
            )
        created = load_demo_hospital()
        if not any(created.values()):
            self.stdout.write(_("演示医院已存在，未作任何更改。"))
        else:
            # Translators: what separates "党支部 7" from "科室 34" in the demo loader's summary.
            summary = pgettext("counts separator", "，").join(
                f"{label} {count}" for label, count in created.items() if count
            )
            self.stdout.write(
                self.style.SUCCESS(_("演示医院已创建：%(summary)s。") % {"summary": summary})
            )
        self.stdout.write(
            _("演示账号的密码均为 %(password)s（运行 manage.py demo_accounts 查看账号）。")
            % {"password": DEMO_PASSWORD}
        )
