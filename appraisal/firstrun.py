"""The first-run step this app owns (core.firstrun): 首个评选批次, the party
office's first campaign."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from appraisal.models import Campaign
from core.firstrun import FirstRunStep, register_step


def campaign_exists():
    return Campaign.objects.exists()


def campaign_progress():
    count = Campaign.objects.count()
    if not count:
        return _("尚无评选批次：由党办新建第一个批次，设置申报期、名额和评分标准。")
    return _("已建立 %(count)s 个评选批次。") % {"count": count}


def register():
    register_step(
        FirstRunStep(
            key="first_campaign",
            order=60,
            title=gettext_lazy("首个评选批次"),
            url_name="appraisal:campaign_create",
            perm="appraisal.add_campaign",
            is_done=campaign_exists,
            progress=campaign_progress,
        )
    )
