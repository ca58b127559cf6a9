from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from departments.demo import DEMO_PASSWORD
from home.demo import load_demo_hospital


class Command(BaseCommand):
    help = (
        "创建演示医院（科室、党支部、约 600 名人员、各角色的演示账号）；可重复运行，已有数据不变。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="DEBUG 关闭时也加载（演示账号的密码是公开的，切勿用于正式环境）。",
        )

    def handle(self, *args, allow_production=False, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "当前为生产配置（DEBUG 未开启），拒绝加载演示数据：演示账号的密码是公开的。"
                "如确为演示环境，请加 --allow-production。"
            )
        created = load_demo_hospital()
        if not any(created.values()):
            self.stdout.write("演示医院已存在，未作任何更改。")
        else:
            summary = "，".join(f"{label} {count}" for label, count in created.items() if count)
            self.stdout.write(self.style.SUCCESS(f"演示医院已创建：{summary}。"))
        self.stdout.write(
            f"演示账号的密码均为 {DEMO_PASSWORD}（运行 manage.py demo_accounts 查看账号）。"
        )
