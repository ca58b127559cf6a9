from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from appraisal.demo import DEMO_CAMPAIGN_TITLE, load_demo_campaign
from appraisal.demo_evaluation import load_demo_evaluations


class Command(BaseCommand):
    @property
    def help(self):
        # A property, not gettext_lazy: argparse needs a real string, in the active language.
        return _(
            "创建演示评选批次（已评审并报送领导小组）和年度清廉考评（2025 年已发布，"
            "2026 年已开始）；已存在时不作更改。需先运行 load_demo_hospital。"
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
        campaign = load_demo_campaign()
        if campaign is None:
            self.stdout.write(
                _("演示评选批次“%(campaign)s”已存在，未作任何更改。")
                % {"campaign": DEMO_CAMPAIGN_TITLE}
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    _("演示评选批次“%(campaign)s”已创建：已评审并报送领导小组（leader1 审定）。")
                    % {"campaign": campaign.title}
                )
            )
        for evaluation in load_demo_evaluations():
            self.stdout.write(
                self.style.SUCCESS(
                    _("演示年度清廉考评“%(campaign)s”已创建（%(state)s）。")
                    % {"campaign": evaluation.title, "state": evaluation.get_state_display()}
                )
            )
