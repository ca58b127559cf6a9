"""Scoring, the review opinion and forwarding the list (the process, step 4).

A reviewer scores only a review assigned to them, while it is not submitted
and the campaign is reviewing; the conflict of interest is checked again
at every score against the roster as it stands, whatever the request says.
Submitting locks the review; only the party office reopens it, with a reason.
The party office writes the review opinion (评审意见) with its recommendation
and forwards the recommended list to the leading group.
"""

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from guardian.shortcuts import remove_perm

from accounts.roles import users_with_role
from accounts.rules import is_reviewer
from appraisal.conflicts import conflict_of_interest
from appraisal.enums import (
    APPLICATION_REVIEWED_STATES,
    ApplicationState,
    CampaignKind,
    CampaignState,
    ReviewState,
)
from appraisal.models import (
    ApplicationEvent,
    CampaignEvent,
    Criterion,
    CriterionFormula,
    Review,
    ReviewEvent,
    ReviewOpinion,
    Score,
)
from appraisal.ranking import campaign_ranking
from appraisal.rules import SCORE, is_reviewer_of_review
from core.errors import DomainError
from core.history import changed_by
from core.i18n import join_items, join_sentences, site_language
from core.workflow import apply_transition, lock
from notifications.services import notify

from .applications import request_application_forms
from .assignment import require_manager
from .evaluations import refuse_yearly, unscored_units

SCORE_REVIEW = "appraisal.score_review"

HALF = Decimal("0.5")


def comment_required(criterion, score):
    """A score below half the criterion's points needs a comment saying why."""
    return score is not None and score < criterion.points / 2


def _scorer_refusal(review, by):
    """Why ``by`` may not score ``review`` (the rule ``appraisal.score_review`` refused)."""
    if not is_reviewer_of_review(by, review):
        return _("您未被分配评审该申报，不能评分。")
    if not is_reviewer(by):
        return _("您没有“党办评审人员”角色，不能评分。")
    return conflict_of_interest(by, review.application)


def _require_scorer(review, by):
    """The reviewer of ``review``, assigned, present in a reviewing campaign, no conflict."""
    application = review.application
    if not by.has_perm(SCORE_REVIEW, review):
        raise DomainError(_scorer_refusal(review, by))
    if application.campaign.state != CampaignState.REVIEWING:
        raise DomainError(_("评审阶段已经结束，不能再评分。"))
    if review.state == ReviewState.SUBMITTED:
        raise DomainError(_("该评审已提交，评分已锁定；如需修改，请联系党办退回重评。"))
    if review.state != ReviewState.ASSIGNED:
        raise DomainError(
            _("该评审%(state)s，不能再评分。") % {"state": review.get_state_display()}
        )


def parse_score(value):
    """A score typed by a person, as Decimal (None when empty); DomainError when not a number."""
    if value is None or str(value).strip() == "":
        return None
    try:
        score = Decimal(str(value).strip())
    except InvalidOperation:
        raise DomainError(_("评分须为数字。")) from None
    if not score.is_finite():
        raise DomainError(_("评分须为数字。"))
    return score


@transaction.atomic
def score_save(*, review, by, criterion, score, not_applicable, comment=""):
    """Save the reviewer's draft score for ``criterion`` (as they type).

    ``score`` from 0 to the criterion's points in steps of 0.5, or None (not
    yet scored); ``not_applicable`` clears the score. The comment a low score
    needs is checked on submit, so typing the score first is not refused.
    Refused for anyone but the assigned reviewer, with a conflict, after
    submission, or out of bounds. Side effects: one Score row (history keeps
    every change).
    """
    review = lock(review)
    _require_scorer(review, by)
    if criterion.standard.rubric_id != review.application.campaign.rubric_id:
        raise DomainError(_("该评分项不属于本批次的考评细则。"))
    if _is_computed(criterion, review.application.campaign):
        raise DomainError(_("该评分项按台账数据计算得分，评审人员不评分。"))
    if not_applicable:
        score = None
    elif score is not None:
        score = Decimal(score)
        if not Decimal(0) <= score <= criterion.points or score % HALF != 0:
            raise DomainError(
                _("评分须在 0 至 %(points)s 分之间，以 0.5 分为单位。")
                % {"points": criterion.points.normalize()}
            )
    comment = comment.strip()
    row = Score.objects.filter(review=review, criterion=criterion).first()
    if row is None:
        row = Score(review=review, criterion=criterion)
    elif (row.score, row.not_applicable, row.comment) == (score, not_applicable, comment):
        return row
    row.score, row.not_applicable, row.comment = score, not_applicable, comment
    changed_by(row, by=by)
    row.save()
    return row


def _is_computed(criterion, campaign):
    """A yearly campaign's criterion with a formula: computed, never scored by reviewers."""
    return (
        campaign.kind == CampaignKind.YEARLY_EVALUATION
        and CriterionFormula.objects.filter(criterion=criterion).exists()
    )


def missing_for_submit(review):
    """What the review still lacks before it can be submitted: a list of sentences.
    A yearly campaign's computed criteria are not the reviewer's to score: skipped."""
    campaign = review.application.campaign
    criteria = list(
        Criterion.objects.filter(standard__rubric=campaign.rubric_id)
        .select_related("standard", "formula")
        .order_by("standard__order", "standard__pk", "order", "pk")
    )
    yearly = campaign.kind == CampaignKind.YEARLY_EVALUATION
    scores = {s.criterion_id: s for s in review.scores.all()}
    missing = []
    for number, criterion in enumerate(criteria, start=1):
        if yearly and hasattr(criterion, "formula"):
            continue
        row = scores.get(criterion.pk)
        if row is None or not row.is_filled:
            missing.append(_("第 %(number)s 项尚未评分。") % {"number": number})
        elif comment_required(criterion, row.score) and not row.comment:
            missing.append(
                _("第 %(number)s 项得分低于该项分值的一半，须填写评语说明理由。")
                % {"number": number}
            )
    return missing


@transaction.atomic
def review_submit(*, review, by, now=None):
    """The reviewer submits the review: every criterion scored or "not applicable",
    a comment wherever the score is below half the points. Locks the review.

    Side effects: state → submitted, submitted_at, the review's own total
    (``submitted_total`` of ``submitted_points``, read by the ranking's spread
    check); an event.
    """
    review = lock(review)
    _require_scorer(review, by)
    missing = missing_for_submit(review)
    if missing:
        listed = join_sentences(missing[:5])
        if len(missing) > 5:
            raise DomainError(_("暂不能提交：%(missing)s等。") % {"missing": listed})
        raise DomainError(_("暂不能提交：%(missing)s") % {"missing": listed})
    sums = review.scores.aggregate(
        total=Sum("score"), points=Sum("criterion__points", filter=Q(score__isnull=False))
    )
    return apply_transition(
        instance=review,
        transition="submit",
        by=by,
        event_model=ReviewEvent,
        update_fields=["submitted_at", "submitted_total", "submitted_points", "reopen_reason"],
        at=now or timezone.now(),
        total=sums["total"] or Decimal(0),
        points=sums["points"] or Decimal(0),
    )


def _party_office_action(review, by, reason, no_reason):
    """Checks common to the party office's acts on a review; returns it locked and fresh."""
    require_manager(by)
    review = lock(review)
    require_manager(by, review.application)
    if not reason.strip():
        raise DomainError(no_reason)
    if review.application.campaign.state != CampaignState.REVIEWING:
        raise DomainError(_("评审阶段已经结束，不能再调整评审。"))
    return review


@transaction.atomic
def review_reopen(*, review, by, reason):
    """The party office reopens a submitted review for correction, with a reason.

    Side effects: state → assigned (the scores stay, editable again; the
    review no longer counts until resubmitted); the reason shown to the
    reviewer; an event; a notification to the reviewer.
    """
    review = _party_office_action(review, by, reason, _("退回重评必须说明理由。"))
    review = apply_transition(
        instance=review,
        transition="reopen",
        by=by,
        event_model=ReviewEvent,
        reason=reason.strip(),
        update_fields=["reopen_reason", "submitted_total", "submitted_points"],
        reason_text=reason.strip(),
    )
    with site_language():
        notify(
            recipients=[review.reviewer],
            subject=_("党办退回了您对“%(unit)s”的评审，请修改后重新提交")
            % {"unit": review.application.unit.name},
            body=_("理由：%(reason)s") % {"reason": reason.strip()},
            url=reverse("appraisal:review", args=[review.pk]),
        )
    return review


@transaction.atomic
def review_excuse(*, review, by, reason):
    """The party office excuses an unfinished review (免评), with a reason.

    Side effects: state → excused (not counted; the draft scores stay); the
    scoring grant taken away; an event; a notification to the reviewer.
    """
    review = _party_office_action(review, by, reason, _("免评必须说明理由。"))
    review = apply_transition(
        instance=review, transition="excuse", by=by, event_model=ReviewEvent, reason=reason.strip()
    )
    remove_perm(SCORE, review.reviewer, review.application)
    with site_language():
        notify(
            recipients=[review.reviewer],
            subject=_("您对“%(unit)s”的评审已由党办免评") % {"unit": review.application.unit.name},
            body=_("理由：%(reason)s") % {"reason": reason.strip()},
            url=reverse("appraisal:review_queue"),
        )
    return review


@transaction.atomic
def review_opinion_record(*, application, by, recommended, opinion):
    """The party office's review opinion (评审意见) and whether it recommends the application.

    Possible while the campaign is reviewing, once the application is in
    review; a later opinion replaces the earlier one as the current one (both
    are kept). Side effects: one ReviewOpinion; state → recommended or
    not_recommended; an event with the opinion as its reason.
    """
    require_manager(by)
    application = lock(application)
    require_manager(by, application)
    refuse_yearly(application.campaign, _("评审意见（推荐）"))
    if application.campaign.state != CampaignState.REVIEWING:
        raise DomainError(_("评审阶段已经结束，评审意见不能再修改。"))
    if application.state not in APPLICATION_REVIEWED_STATES:
        raise DomainError(
            _("申报当前为“%(state)s”，分配评审人员后才能填写评审意见。")
            % {"state": application.get_state_display()}
        )
    if not opinion.strip():
        raise DomainError(_("请填写评审意见。"))
    ReviewOpinion.objects.create(
        application=application, recommended=recommended, opinion=opinion.strip(), written_by=by
    )
    return apply_transition(
        instance=application,
        transition="recommend" if recommended else "not_recommend",
        by=by,
        event_model=ApplicationEvent,
        reason=opinion.strip(),
    )


def unfinished_reviews(campaign):
    return (
        Review.objects.filter(application__campaign=campaign, state=ReviewState.ASSIGNED)
        .select_related("reviewer", "application__unit")
        .order_by("application__unit__code", "reviewer__name")
    )


def _names(applications):
    names = join_items(a.unit.name for a in applications[:10])
    if len(applications) > 10:
        return _("%(units)s等 %(count)s 份") % {"units": names, "count": len(applications)}
    return names


@transaction.atomic
def campaign_forward(*, campaign, by, excuse_reason=""):
    """Forward the recommended list, with the ranking, to the leading group
    (campaign: reviewing → deciding).

    Refused while a review is unfinished, unless ``excuse_reason`` is given:
    then every unfinished review is excused with it. Refused while an
    application still waits for its branch opinion, its reviewers or its
    review opinion, and when no application is recommended.
    Side effects: the excused reviews (as ``review_excuse``); the campaign's
    state and a CampaignEvent; the leading group is notified.
    """
    require_manager(by)
    campaign = lock(campaign)
    if campaign.state != CampaignState.REVIEWING:
        raise DomainError(
            _("“%(campaign)s”当前为“%(state)s”，不能报送。")
            % {"campaign": campaign.title, "state": campaign.get_state_display()}
        )
    unfinished = list(unfinished_reviews(campaign))
    if unfinished and not excuse_reason.strip():
        listed = join_items(
            _("%(reviewer)s（%(unit)s）")
            % {"reviewer": r.reviewer, "unit": r.application.unit.name}
            for r in unfinished[:10]
        )
        raise DomainError(
            ngettext(
                "尚有 %(count)s 份评审未完成：%(reviews)s。"
                "请督促评审人员提交，或填写理由对未完成的评审免评后再报送。",
                "尚有 %(count)s 份评审未完成：%(reviews)s。"
                "请督促评审人员提交，或填写理由对未完成的评审免评后再报送。",
                len(unfinished),
            )
            % {"count": len(unfinished), "reviews": listed}
        )
    for review in unfinished:
        review_excuse(review=review, by=by, reason=excuse_reason.strip())
    if campaign.kind == CampaignKind.YEARLY_EVALUATION:
        return _forward_evaluation(campaign, by, len(unfinished), excuse_reason.strip())
    applications = list(campaign.applications.select_related("unit").order_by("unit__code"))
    waiting = [
        a
        for a in applications
        if a.state
        in (
            ApplicationState.AWAITING_BRANCH,
            ApplicationState.SUBMITTED,
            ApplicationState.UNDER_REVIEW,
        )
    ]
    if waiting:
        raise DomainError(
            _(
                "以下申报尚未完成评审或尚无评审意见：%(units)s。"
                "请分配评审、填写评审意见或退回后再报送。"
            )
            % {"units": _names(waiting)}
        )
    recommended = [a for a in applications if a.state == ApplicationState.RECOMMENDED]
    if not recommended:
        raise DomainError(_("没有推荐的申报，不能报送领导小组。"))
    campaign = apply_transition(
        instance=campaign,
        transition="forward",
        by=by,
        event_model=CampaignEvent,
        reason=(
            _("推荐 %(count)s 个：%(units)s；%(excused)s 份未完成的评审已免评：%(reason)s")
            if unfinished
            else _("推荐 %(count)s 个：%(units)s")
        )
        % {
            "count": len(recommended),
            "units": _names(recommended),
            "excused": len(unfinished),
            "reason": excuse_reason.strip(),
        },
    )
    # The forms print the review opinion from now on (appraisal/documents.py).
    request_application_forms(applications)
    with site_language():
        notify(
            recipients=users_with_role("leading_group"),
            subject=_("党办报送了“%(campaign)s”的推荐名单（%(count)s 个），请审定")
            % {"campaign": campaign.title, "count": len(recommended)},
            body=_("评选名额 %(quota)s 个。") % {"quota": campaign.quota},
            url=reverse("appraisal:campaign", args=[campaign.pk]),
        )
    return campaign


def _forward_evaluation(campaign, by, excused, excuse_reason):
    """A yearly evaluation goes to the party committee with the ranking and its grades:
    every unit needs reviewers and a total; there is no review opinion."""
    waiting = list(
        campaign.applications.filter(state=ApplicationState.SUBMITTED)
        .select_related("unit")
        .order_by("unit__code")
    )
    if waiting:
        raise DomainError(
            _("以下单元还没有分配评审人员：%(units)s。请分配评审后再报送。")
            % {"units": _names(waiting)}
        )
    missing = unscored_units(campaign_ranking(campaign))
    if missing:
        raise DomainError(
            _("以下单元没有一份已提交的评审，不能报送：%(units)s。")
            % {"units": join_items(unit.name for unit in missing[:10])}
        )
    count = campaign.applications.count()
    campaign = apply_transition(
        instance=campaign,
        transition="forward",
        by=by,
        event_model=CampaignEvent,
        reason=(
            _("考评 %(count)s 个单元；%(excused)s 份未完成的评审已免评：%(reason)s")
            if excused
            else _("考评 %(count)s 个单元")
        )
        % {"count": count, "excused": excused, "reason": excuse_reason},
    )
    with site_language():
        notify(
            recipients=users_with_role("party_committee"),
            subject=_("党办报送了“%(campaign)s”的考评结果（%(count)s 个单元），请确认")
            % {"campaign": campaign.title, "count": count},
            url=reverse("appraisal:evaluation_results", args=[campaign.pk]),
        )
    return campaign
