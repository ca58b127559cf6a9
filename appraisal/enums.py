"""The states of the appraisal workflows: the table to read to understand them.

Campaign (评选批次)
    draft       草稿      the party office prepares it: settings and rubric
    open        申报中    departments apply until the window closes
    reviewing   评审中    reviewers score; the party office writes its opinion
    deciding    审定中    the leading group approves within the quota
    publicity   公示中    the list is on the board for N working days
    closed      已结束    confirmed and commended

    draft ─open→ open ─close_applications→ reviewing ─forward→ deciding
          ─start_publicity→ publicity ─close→ closed
"""

from django.db import models


class CampaignState(models.TextChoices):
    DRAFT = "draft", "草稿"
    OPEN = "open", "申报中"
    REVIEWING = "reviewing", "评审中"
    DECIDING = "deciding", "审定中"
    PUBLICITY = "publicity", "公示中"
    CLOSED = "closed", "已结束"


# Settings of a campaign may change while departments have not started
# relying on them.
CAMPAIGN_EDITABLE_STATES = (CampaignState.DRAFT, CampaignState.OPEN)
