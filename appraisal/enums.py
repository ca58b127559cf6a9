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

    forward is refused while a review is unfinished (unless the party office
    excuses it with a reason), while an application still waits for the branch,
    for reviewers or for the review opinion, and when nothing is recommended.

The application's and the review's tables are below, with their classes.
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
    under_review     评审中        reviewers score it: it moved here when the party
                                   office assigned its first reviewer
    recommended      拟推荐        the party office's review opinion: recommend it
                                   to the leading group
    not_recommended  不推荐        the party office's review opinion: do not

    draft ─submit→ awaiting_branch ─branch_opinion→ submitted
    draft ─submit→ submitted                      (no branch step)
    awaiting_branch / submitted ─withdraw→ draft   (before review starts)
    awaiting_branch / submitted ─return_for_revision→ returned ─submit→ …
    submitted ─start_review→ under_review          (on the first assignment)
    under_review / recommended / not_recommended ─recommend→ recommended
    under_review / recommended / not_recommended ─not_recommend→ not_recommended
                                   (the opinion can be revised while the campaign
                                   is reviewing; every opinion is kept)
    """

    DRAFT = "draft", _("草稿")
    AWAITING_BRANCH = "awaiting_branch", _("待支部意见")
    SUBMITTED = "submitted", _("已提交")
    RETURNED = "returned", _("退回修改")
    UNDER_REVIEW = "under_review", _("评审中")
    RECOMMENDED = "recommended", _("拟推荐")
    NOT_RECOMMENDED = "not_recommended", _("不推荐")


# The unit may change its application in these states.
APPLICATION_EDITABLE_STATES = (ApplicationState.DRAFT, ApplicationState.RETURNED)

# The application has reviewers: the party office's review is under way or done.
APPLICATION_REVIEWED_STATES = (
    ApplicationState.UNDER_REVIEW,
    ApplicationState.RECOMMENDED,
    ApplicationState.NOT_RECOMMENDED,
)


class ReviewState(models.TextChoices):
    """Review (评审): one reviewer's scoring of one application.

    assigned    待评分    the party office assigned it; the reviewer's draft scores
                          save as they type
    submitted   已提交    the reviewer submitted it: locked, counted in the ranking
    excused     已免评    the party office excused it, with a reason (the reviewer
                          could not finish); not counted
    unassigned  已撤销    the party office took it back (reassigned, or the reviewer
                          was away); its draft scores are kept, not counted

    assigned ─submit→ submitted ─reopen→ assigned   (party office only, with a reason)
    assigned ─excuse→ excused                        (party office, with a reason)
    assigned ─unassign→ unassigned                   (party office; also on reassignment)

    Only submitted reviews count in the ranking. The campaign is forwarded to the
    leading group only when no review is still assigned (or the party office
    excuses the unfinished ones, with a reason).
    """

    ASSIGNED = "assigned", "待评分"
    SUBMITTED = "submitted", "已提交"
    EXCUSED = "excused", "已免评"
    UNASSIGNED = "unassigned", "已撤销"


# A reviewer's live reviews: they hold the application's object grants.
REVIEW_LIVE_STATES = (ReviewState.ASSIGNED, ReviewState.SUBMITTED, ReviewState.EXCUSED)
# What counts in a reviewer's load when work is shared out.
REVIEW_LOAD_STATES = (ReviewState.ASSIGNED, ReviewState.SUBMITTED)
