"""The integrity records' words and fixed numbers (docs/yearwork.md, "Integrity records")."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# A member counts towards the talks of a unit's year once they have been a member for
# at least this many days of it (up to today in the current year): someone who joined
# in the last weeks of December is not yet owed a talk.
TALK_MIN_DAYS = 30

QUARTERS = (1, 2, 3, 4)

# The hospital's commitment (seed 000 四(一), seed 004 第十八条); what a signer confirms in
# their own account is stored with the commitment, so a later wording changes nothing signed.
DEFAULT_COMMITMENT_TEXT = (
    "本人郑重承诺：严格遵守中央八项规定精神和《中国共产党廉洁自律准则》，"
    "落实医疗卫生行业“九项准则”和《医疗机构从业人员行为规范》；"
    "廉洁行医，不收受患者及其亲属的“红包”、礼品，不收取药品、耗材、设备等回扣，"
    "不参与商业贿赂；合理检查、合理用药、合理治疗，维护患者权益；"
    "遵守劳动纪律，文明规范服务，自觉接受组织和群众监督。如有违反，愿接受组织处理。"
)


class SigningMethod(models.TextChoices):
    """How a commitment came to be recorded."""

    SCAN = "scan", _("纸质签署（上传扫描件）")
    ONLINE = "online", _("本人在线确认")


class RecordKind(models.TextChoices):
    """The three kinds of record this app keeps (the withdraw URL names one)."""

    COMMITMENT = "commitment", _("廉洁承诺书")
    TALK = "talk", _("廉政约谈")
    SESSION = "session", _("科内学习")
