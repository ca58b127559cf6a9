"""The hospital's issuing bodies and the items of its settings, as choices."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# The title's wordings the seeds use, in the catalogue so a page in English can
# name them (``hospital.selectors.title_label``); any other wording a hospital
# chooses is shown as it wrote it. Notices always print the wording itself.
TITLE_WORDING_CONTEXT = "title wording"
KNOWN_TITLE_WORDINGS = (
    pgettext_lazy("title wording", "清廉科室"),
    pgettext_lazy("title wording", "清廉示范科室"),
)


class IssuerRole(models.TextChoices):
    """Who issues a document: the party committee issues the publicity, the
    commendation and the certificates; the discipline commission the
    rectification notice (seed 001). Each numbers in its own sequence."""

    PARTY_COMMITTEE = "party_committee", _("院党委")
    DISCIPLINE_COMMISSION = "discipline_commission", _("院纪委")


class SettingsItem(models.TextChoices):
    """What one change of the settings changed (``SettingsChange.item``)."""

    INITIAL = "initial", _("首次保存")
    NAME = "name", _("医院名称")
    TITLE_WORDING = "title_wording", _("称号名称")
    OBJECTION_CONTACT = "objection_contact", _("异议受理")
    REPORT_DAY = "report_day", _("月度报告报送日")
    REPORT_REMINDER_WORKING_DAYS = "report_reminder_working_days", _("提前提醒（工作日）")
    KEY_POST_ROTATION_YEARS = "key_post_rotation_years", _("重点岗位轮岗年限")
    COVERAGE_START_YEAR = "coverage_start_year", _("全覆盖起算年度")
    COVERAGE_TARGET_YEAR = "coverage_target_year", _("全覆盖目标年度")
    ISSUER_NAME = "issuer_name", _("发文机关全称")
    NUMBER_PREFIX = "number_prefix", _("机关代字")
    NEXT_NUMBER = "next_number", _("下一文号")
