from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from core.errors import DomainError
from departments.models import Department
from home.demo import load_demo_year_round


class Command(BaseCommand):
    @property
    def help(self):
        # A property, not gettext_lazy: argparse needs a real string, in the active language.
        return _(
            "创建演示医院本年度的日常工作（工作计划与月度报告、清廉台账、廉政风险点与重点岗位、"
            "调研指导与整改台账、季度形势分析研判）；可重复运行。需先运行 load_demo_hospital。"
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
        if not Department.objects.exists():
            raise CommandError(_("尚无演示医院：请先运行 python manage.py load_demo_hospital。"))
        try:
            load_demo_year_round()
        except DomainError as error:
            raise CommandError(error.message) from None
        self.stdout.write(self.style.SUCCESS(_("演示医院本年度的日常工作已就绪。")))
