"""The states of the appraisal workflows: the table to read to understand them.

Campaign (评选批次)
    draft       草稿      the party office prepares it: settings and rubric
    open        申报中    departments apply until the window closes
    reviewing   评审中    reviewers score; the party office writes its opinion
    deciding    审定中    the leading group approves or rejects each recommended
                          department, within the quota
    decided     已审定    the list (审定名单) is fixed and locked
    publicity   公示中    the list is on the board for N working days
                          (publicity.Publicity has the period's own states)
    closed      已结束    the party committee confirmed; departments commended

    draft ─open→ open ─close_applications→ reviewing ─forward→ deciding
          ─fix_list→ decided ─start_publicity→ publicity ─confirm→ closed

    fix_list is refused while a recommended department has no decision, when
    nothing is approved and above the quota. confirm is refused until the
    publicity has closed with every objection settled.

    forward is refused while a review is unfinished (unless the party office
    excuses it with a reason), while an application still waits for the branch,
    for reviewers or for the review opinion, and when nothing is recommended.

A yearly evaluation (年度清廉考评, ``CampaignKind.YEARLY_EVALUATION``) walks a
shorter path of the same states (docs/evaluation.md):

    draft       草稿      the party office prepares it: settings, rubric, grade bands
    open        考评中    every evaluated unit has its application (opened by the
                          party office, state submitted); the units read their draft
                          computed scores and explain them until ``closes_at``
    reviewing   评审中    reviewers score, as in a selection (no review opinion)
    deciding    待党委确认 the party office forwarded the ranking with the grades
    closed      已结束    the party committee confirmed the results (EvaluationResult,
                          never changed); ``results_published_at`` once published

    draft ─open (evaluation_open)→ open ─close_applications→ reviewing
          ─forward→ deciding ─confirm_results→ closed ─publish (a field, not a state)

    confirm_results is a transition of the yearly kind only; fix_list, publicity
    and confirm are the selection's and refuse a yearly campaign.

The application's and the review's tables are below, with their classes.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CampaignState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    OPEN = "open", _("申报中")
    REVIEWING = "reviewing", _("评审中")
    DECIDING = "deciding", _("审定中")
    DECIDED = "decided", _("名单已审定")
    PUBLICITY = "publicity", _("公示中")
    CLOSED = "closed", _("已结束")


class ReviewReminderKind(models.TextChoices):
    """The reminders to reviewers with unfinished reviews (models.ReviewReminder)."""

    BEFORE_DEADLINE = "before_deadline", _("截止前提醒")
    OVERDUE = "overdue", _("逾期提醒")
    MANUAL = "manual", _("党办提醒")


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
    approved         审定通过      the leading group approved it: on the list
    rejected         审定未通过    the leading group rejected it, with a reason
    removed          撤出名单      an upheld objection took it off the publicity list
    commended        已表彰        the party committee confirmed it: the unit holds
                                   the title (appraisal.Title)
    disqualified     取消资格      a veto event about the unit was confirmed while the
                                   campaign ran (veto.services): out of the campaign

    draft ─submit→ awaiting_branch ─branch_opinion→ submitted
    draft ─submit→ submitted                      (no branch step)
    awaiting_branch / submitted ─withdraw→ draft   (before review starts)
    awaiting_branch / submitted ─return_for_revision→ returned ─submit→ …
    submitted ─start_review→ under_review          (on the first assignment)
    under_review / recommended / not_recommended ─recommend→ recommended
    under_review / recommended / not_recommended ─not_recommend→ not_recommended
                                   (the opinion can be revised while the campaign
                                   is reviewing; every opinion is kept)
    recommended / rejected ─approve→ approved      (leading group, campaign deciding,
    recommended / approved ─reject→ rejected        within the quota; a decision may
                                                    change until the list is fixed)
    approved ─remove_from_list→ removed            (an upheld objection, during publicity)
    approved ─commend→ commended                   (the party committee's confirmation)
    any state but commended / removed ─disqualify→ disqualified   (a confirmed veto)
    """

    DRAFT = "draft", _("草稿")
    AWAITING_BRANCH = "awaiting_branch", _("待支部意见")
    SUBMITTED = "submitted", _("已提交")
    RETURNED = "returned", _("退回修改")
    UNDER_REVIEW = "under_review", _("评审中")
    RECOMMENDED = "recommended", _("拟推荐")
    NOT_RECOMMENDED = "not_recommended", _("不推荐")
    APPROVED = "approved", _("审定通过")
    REJECTED = "rejected", _("审定未通过")
    REMOVED = "removed", _("撤出名单")
    COMMENDED = "commended", _("已表彰")
    DISQUALIFIED = "disqualified", _("取消资格")


# The leading group decides on these: recommended ones, and ones it decided on
# while the campaign is still deciding.
APPLICATION_DECIDABLE_STATES = (
    ApplicationState.RECOMMENDED,
    ApplicationState.APPROVED,
    ApplicationState.REJECTED,
)


class TitleStatus(models.TextChoices):
    """Title (清廉科室称号), held by a commended unit.

    held     有效      since the party committee's confirmation
    revoked  已撤销    a confirmed veto event revoked it (veto issue), with the
                       date and the reason on the record

    held ─revoke→ revoked
    """

    HELD = "held", _("有效")
    REVOKED = "revoked", _("已撤销")


# The unit may change its application in these states.
APPLICATION_EDITABLE_STATES = (ApplicationState.DRAFT, ApplicationState.RETURNED)

# The unit handed the application in and it is still in the campaign: counted as
# submitted (已提交的申报) whatever step it has reached since. Drafts and returned
# ones are back with the unit; a disqualified one is out of the campaign.
APPLICATION_SUBMITTED_STATES = (
    ApplicationState.AWAITING_BRANCH,
    ApplicationState.SUBMITTED,
    ApplicationState.UNDER_REVIEW,
    ApplicationState.RECOMMENDED,
    ApplicationState.NOT_RECOMMENDED,
    ApplicationState.APPROVED,
    ApplicationState.REJECTED,
    ApplicationState.REMOVED,
    ApplicationState.COMMENDED,
)

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

    ASSIGNED = "assigned", _("待评分")
    SUBMITTED = "submitted", _("已提交")
    EXCUSED = "excused", _("已免评")
    UNASSIGNED = "unassigned", pgettext_lazy("review state", "已撤销")


# A reviewer's live reviews: they hold the application's object grants.
REVIEW_LIVE_STATES = (ReviewState.ASSIGNED, ReviewState.SUBMITTED, ReviewState.EXCUSED)
# What counts in a reviewer's load when work is shared out.
REVIEW_LOAD_STATES = (ReviewState.ASSIGNED, ReviewState.SUBMITTED)


class CampaignKind(models.TextChoices):
    """What a campaign is for (docs/evaluation.md).

    selection           评选        departments apply for the 清廉科室 title, within a quota
    yearly_evaluation   年度考评    every active department (and clean team, when the
                                    campaign says so) is evaluated without applying, and
                                    graded (YearlyGrade); criteria may be computed from the
                                    year's records (models.CriterionFormula)
    """

    SELECTION = "selection", _("清廉科室评选")
    YEARLY_EVALUATION = "yearly_evaluation", _("年度清廉考评")


class YearlyGrade(models.TextChoices):
    """The grades of the yearly evaluation, best first. A yearly campaign sets the
    total each one starts at (models.GradeBand); a selection campaign may require an
    applicant's last grade to be at least one of them."""

    EXCELLENT = "excellent", _("优秀")
    GOOD = "good", _("良好")
    PASS = "pass", _("合格")
    FAIL = "fail", _("不合格")


# 1 is the best grade: "at least GOOD" is "rank <= YEARLY_GRADE_RANK[GOOD]".
YEARLY_GRADE_RANK = {grade: rank for rank, grade in enumerate(YearlyGrade, start=1)}


class ComputationState(models.TextChoices):
    """A run of the worker task that computes a yearly campaign's draft scores.

    queued     排队中    asked for; the worker has not started
    running    计算中    the worker is computing (``done`` of ``total`` units)
    finished   已完成    every unit's computed criteria are written
    failed     失败      the worker stopped on an error (``error``); nothing of the
                         run is kept, the earlier scores stay
    """

    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("计算中")
    FINISHED = "finished", _("已完成")
    FAILED = "failed", _("失败")
