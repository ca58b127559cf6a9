"""Where each campaign stands, and the next thing this user can do about it.

Every home page opens with the campaigns in progress: a stepper of the six steps
every campaign goes through (申报 → 评审 → 审定 → 公示 → 确认 → 表扬) and, under it,
the buttons for what *this* user may do next. A button is shown only when the
target page lets the user act: the same permission its view asks
(``has_perm``), never a condition of its own.

The campaign's states (``appraisal.enums.CampaignState``) and the publicity's
(``publicity.enums.PublicityState``) map onto the steps in ``current_step``.
The page's queries do not grow with the number of campaigns: the campaigns
come in one query with their counts and publicity; what depends on the user
(their reviews, their units, the objections they handle) is one query each.
"""

from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.roles import Role, has_role
from appraisal import selectors as appraisal_selectors
from appraisal.enums import (
    APPLICATION_EDITABLE_STATES,
    APPLICATION_SUBMITTED_STATES,
    ApplicationState,
    CampaignKind,
    CampaignState,
    ReviewState,
)
from appraisal.models import Campaign, Review
from publicity.enums import PublicityState
from publicity.objection_selectors import open_objection_counts

STEPS = (
    gettext_lazy("申报"),
    gettext_lazy("评审"),
    gettext_lazy("审定"),
    gettext_lazy("公示"),
    gettext_lazy("确认"),
    gettext_lazy("表扬"),
)
APPLY, REVIEW, DECIDE, PUBLICITY, CONFIRM, COMMEND = range(len(STEPS))

# The permissions the target pages ask (their views' decorators).
MANAGE_CAMPAIGN = "appraisal.change_campaign"  # appraisal.views.campaigns.campaign_open
VIEW_APPLICATIONS = "appraisal.view_application"  # appraisal.views.applications.application_list
MANAGE_REVIEWS = "appraisal.manage_reviews"  # appraisal.views.review_office
SCORE = "appraisal.score_assigned"  # appraisal.views.reviews.review_queue
DECIDE_APPLICATION = "appraisal.decide_application"  # appraisal.views.decisions
OPEN_PUBLICITY = "appraisal.open_publicity"  # publicity.views.opening
HANDLE_OBJECTION = "publicity.handle_objection"  # publicity.views.objections
CONFIRM_CAMPAIGN = "appraisal.confirm_campaign"  # publicity.views.confirmation


@dataclass(frozen=True)
class Step:
    label: str
    status: str  # "done", "current" or "todo"


@dataclass(frozen=True)
class Action:
    label: str
    url: str
    primary: bool = True


@dataclass(frozen=True)
class CampaignProgress:
    campaign: Campaign
    steps: list
    status: str
    actions: list


def campaigns_in_progress():
    """The campaigns not yet closed, drafts included, with their publicity and counts
    (one query): applications submitted, reviews still to be scored."""
    unfinished = (
        Review.objects.filter(application__campaign=OuterRef("pk"), state=ReviewState.ASSIGNED)
        .order_by()
        .values("application__campaign")
        .annotate(count=Count("pk"))
        .values("count")
    )
    # A yearly evaluation walks none of the selection's steps (apply, decide,
    # publicity): its own page says where it is (docs/evaluation.md).
    return (
        Campaign.objects.exclude(state=CampaignState.CLOSED)
        .filter(kind=CampaignKind.SELECTION)
        .select_related("publicity")
        .annotate(
            submitted_count=Count(
                "applications", filter=Q(applications__state__in=APPLICATION_SUBMITTED_STATES)
            ),
            unfinished_reviews=Coalesce(
                Subquery(unfinished, output_field=IntegerField()), 0, output_field=IntegerField()
            ),
        )
        .order_by("-year", "closes_at", "pk")
    )


def _publicity(campaign):
    try:
        return campaign.publicity
    except Campaign.publicity.RelatedObjectDoesNotExist:
        return None


def current_step(campaign):
    """The index in ``STEPS`` of the step the campaign is at."""
    state = campaign.state
    if state in (CampaignState.DRAFT, CampaignState.OPEN):
        return APPLY
    if state == CampaignState.REVIEWING:
        return REVIEW
    if state == CampaignState.DECIDING:
        return DECIDE
    if state == CampaignState.DECIDED:
        return PUBLICITY  # the list is fixed; the publicity is the next thing to do
    if state == CampaignState.PUBLICITY:
        publicity = _publicity(campaign)
        if publicity is not None and publicity.state == PublicityState.CLOSED:
            return CONFIRM
        return PUBLICITY
    return COMMEND


def steps_of(campaign):
    current = current_step(campaign)
    return [
        Step(
            label=str(label),
            status="done" if index < current else "current" if index == current else "todo",
        )
        for index, label in enumerate(STEPS)
    ]


def _status(campaign):
    publicity = _publicity(campaign)
    if campaign.state == CampaignState.PUBLICITY and publicity is not None:
        return publicity.get_state_display()
    return campaign.get_state_display()


class _UserFacts:
    """What depends on the user and not on the campaign, asked once and only if needed."""

    def __init__(self, user):
        self.user = user
        self._unfinished = None
        self._units = None
        self._objections = None
        self._confirmations = None

    def unfinished_reviews(self, campaign):
        """How many of the user's reviews in ``campaign`` wait for their scores."""
        if self._unfinished is None:
            self._unfinished = dict(
                Review.objects.filter(reviewer=self.user, state=ReviewState.ASSIGNED)
                .values("application__campaign")
                .annotate(count=Count("pk"))
                .values_list("application__campaign", "count")
            )
        return self._unfinished.get(campaign.pk, 0)

    def units_to_apply(self, campaign):
        """``[(unit, application or None)]`` the user applies for in ``campaign``."""
        if self._units is None:
            self._units = (
                appraisal_selectors.applicant_units_in_open_campaigns(self.user)
                if has_role(self.user, Role.APPLICANT)
                else []
            )
        return [
            (unit, application)
            for in_campaign, unit, application in self._units
            if in_campaign.pk == campaign.pk
        ]

    def confirmations(self, campaign):
        """``[(label, application)]``: what waits for the user's own signature in
        ``campaign``, whatever their role: as a department's head, as a branch secretary."""
        if self._confirmations is None:
            waiting = [
                (_("确认申报：%(unit)s"), application)
                for application in appraisal_selectors.applications_awaiting_head(self.user)
            ]
            if has_role(self.user, Role.BRANCH_SECRETARY):
                waiting += [
                    (_("填写党支部意见：%(unit)s"), application)
                    for application in appraisal_selectors.applications_awaiting_branch(self.user)
                ]
            self._confirmations = waiting
        return [
            (label, application)
            for label, application in self._confirmations
            if application.campaign_id == campaign.pk
        ]

    def open_objections(self):
        if self._objections is None:
            counts = open_objection_counts(self.user)
            self._objections = counts["submitted"] + counts["taken_up"]
        return self._objections


def _signature_actions(campaign, user, facts):
    return [
        Action(
            label % {"unit": application.unit.name},
            reverse("appraisal:application", args=[application.pk]),
        )
        for label, application in facts.confirmations(campaign)
    ]


def _apply_actions(campaign, user, facts):
    actions = []
    if campaign.state == CampaignState.DRAFT:
        if user.has_perm(MANAGE_CAMPAIGN):
            actions.append(
                Action(_("完善设置并开放申报"), reverse("appraisal:campaign", args=[campaign.pk]))
            )
        return actions
    for unit, application in facts.units_to_apply(campaign):
        if application is None or application.state in APPLICATION_EDITABLE_STATES:
            label = (
                _("修改后重新提交：%(unit)s")
                if application is not None and application.state == ApplicationState.RETURNED
                else _("提交申报：%(unit)s")
            )
            actions.append(
                Action(
                    label % {"unit": unit.name},
                    reverse("appraisal:unit_home", args=[campaign.pk, unit.pk]),
                )
            )
    if user.has_perm(VIEW_APPLICATIONS):
        actions.append(
            Action(
                _("查看申报（已提交 %(count)s 份）") % {"count": campaign.submitted_count},
                reverse("appraisal:applications", args=[campaign.pk]),
                primary=False,
            )
        )
    return actions


def _review_actions(campaign, user, facts):
    actions = []
    if user.has_perm(SCORE):
        mine = facts.unfinished_reviews(campaign)
        if mine:
            actions.append(
                Action(
                    _("评分（待评审 %(count)s 份）") % {"count": mine},
                    reverse("appraisal:review_queue"),
                )
            )
    if user.has_perm(MANAGE_REVIEWS):
        url = reverse("appraisal:review_overview", args=[campaign.pk])
        if campaign.unfinished_reviews:
            label = _("跟进评审（未完成 %(count)s 份）") % {"count": campaign.unfinished_reviews}
        else:
            label = _("提交领导小组审定")
        actions.append(Action(label, url))
    return actions


def _decide_actions(campaign, user, facts):
    if user.has_perm(DECIDE_APPLICATION):
        return [Action(_("审定"), reverse("appraisal:decision", args=[campaign.pk]))]
    return []


def _publicity_actions(campaign, user, facts):
    publicity = _publicity(campaign)
    if campaign.state == CampaignState.DECIDED:
        if user.has_perm(OPEN_PUBLICITY):
            return [Action(_("发布公示"), reverse("publicity:open", args=[campaign.pk]))]
        return []
    actions = []
    if publicity is not None and publicity.state == PublicityState.OPEN:
        actions.append(Action(_("查看公示"), reverse("publicity:board"), primary=False))
    if user.has_perm(HANDLE_OBJECTION) and facts.open_objections():
        actions.append(
            Action(
                _("处理异议（未办结 %(count)s 件）") % {"count": facts.open_objections()},
                reverse("publicity:objections"),
            )
        )
    return actions


def _confirm_actions(campaign, user, facts):
    if user.has_perm(CONFIRM_CAMPAIGN):
        return [Action(_("确认名单"), reverse("confirmation:confirm", args=[campaign.pk]))]
    return []


_ACTIONS = {
    APPLY: _apply_actions,
    REVIEW: _review_actions,
    DECIDE: _decide_actions,
    PUBLICITY: _publicity_actions,
    CONFIRM: _confirm_actions,
}


def campaign_progress(user):
    """``[CampaignProgress]`` for the campaigns in progress ``user`` may follow.

    Drafts only for those who prepare campaigns; the others from the moment
    departments may apply.
    """
    facts = _UserFacts(user)
    may_prepare = user.has_perm(MANAGE_CAMPAIGN)
    progress = []
    for campaign in campaigns_in_progress():
        if campaign.state == CampaignState.DRAFT and not may_prepare:
            continue
        step = current_step(campaign)
        actions = _ACTIONS[step](campaign, user, facts) if step in _ACTIONS else []
        if campaign.state in (CampaignState.OPEN, CampaignState.REVIEWING):
            actions = _signature_actions(campaign, user, facts) + actions
        progress.append(
            CampaignProgress(
                campaign=campaign,
                steps=steps_of(campaign),
                status=_status(campaign),
                actions=actions,
            )
        )
    return progress
