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
from django.utils.translation import gettext_lazy as _


class CampaignState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    OPEN = "open", _("申报中")
    REVIEWING = "reviewing", _("评审中")
    DECIDING = "deciding", _("审定中")
    PUBLICITY = "publicity", _("公示中")
    CLOSED = "closed", _("已结束")


# Settings of a campaign may change while departments have not started
# relying on them.
CAMPAIGN_EDITABLE_STATES = (CampaignState.DRAFT, CampaignState.OPEN)


class ApplicationState(models.TextChoices):
    """Application (申报)

    draft            草稿          the unit writes it; the head confirms it
    awaiting_branch  待支部意见    submitted; the branch secretary gives the opinion
                                   (only when the campaign uses the branch step)
    submitted        已提交        ready for the party office
    returned         退回修改      the party office sent it back with a reason
    under_review     评审中        reviewers score it (issue 4)

    draft ─submit→ awaiting_branch ─branch_opinion→ submitted
    draft ─submit→ submitted                      (no branch step)
    awaiting_branch / submitted ─withdraw→ draft   (before review starts)
    awaiting_branch / submitted ─return_for_revision→ returned ─submit→ …
    submitted ─start_review→ under_review
    """

    DRAFT = "draft", _("草稿")
    AWAITING_BRANCH = "awaiting_branch", _("待支部意见")
    SUBMITTED = "submitted", _("已提交")
    RETURNED = "returned", _("退回修改")
    UNDER_REVIEW = "under_review", _("评审中")


# The unit may change its application in these states.
APPLICATION_EDITABLE_STATES = (ApplicationState.DRAFT, ApplicationState.RETURNED)
