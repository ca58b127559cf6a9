"""The party office's actions on several applications at once, from the applications list:
return them for revision with one reason, recommend them (拟推荐: the review opinion
that puts them on the list forwarded to the leading group) with one opinion, assign a
reviewer to them, or move them from one reviewer to another.

Each is all or nothing: every application is locked and checked first, and a refusal
names every application (or reviewer and application) that stands in the way, with
nothing written. Each application is then handled as the single action handles it
(the same service where there is one), so the events and the notifications are the
single ones', except that a reviewer hears of their new or moved reviews once.
The leading group's bulk decision is decisions.py ``decisions_record_many``.
"""

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from appraisal.conflicts import ConflictRules, reviewer_units
from appraisal.enums import (
    APPLICATION_REVIEWED_STATES,
    REVIEW_LIVE_STATES,
    ApplicationState,
    ReviewState,
)
from appraisal.models import Application, Review
from core.errors import DomainError
from core.i18n import join_items, join_sentences, site_language
from core.permissions import require
from core.workflow import lock
from notifications.services import notify

from . import assignment
from .applications import RETURN, application_return
from .reviews import review_opinion_record

RETURNABLE_STATES = (ApplicationState.AWAITING_BRANCH, ApplicationState.SUBMITTED)


def _names(applications):
    return join_items(a.unit.name for a in applications)


def _with_states(applications):
    return join_items(
        _("%(unit)s（%(state)s）") % {"unit": a.unit.name, "state": a.get_state_display()}
        for a in applications
    )


def _lock_selection(campaign, applications):
    """The selected applications of ``campaign``, locked (in pk order, so two bulk
    actions never wait on each other crosswise), ordered by the unit's code."""
    pks = sorted({application.pk for application in applications})
    if not pks:
        raise DomainError(_("请先勾选申报。"))
    locked = list(
        Application.objects.select_for_update(of=("self",))
        .filter(pk__in=pks)
        .select_related("unit")
        .order_by("pk")
    )
    if len(locked) != len(pks) or any(a.campaign_id != campaign.pk for a in locked):
        raise DomainError(_("所选的申报有的已不在本批次中，请刷新页面后重新选择。"))
    return sorted(locked, key=lambda a: a.unit.code)


def _refuse_recused(by, perm, applications):
    own = [a for a in applications if not by.has_perm(perm, a)]
    if own:
        raise DomainError(
            _("您须回避本科室的申报，不能处理：%(units)s。请取消勾选后再提交。")
            % {"units": _names(own)}
        )


@transaction.atomic
def applications_return_many(*, campaign, applications, by, reason):
    """Return several applications for revision with one reason, all or none.

    Refused, with nothing written, for anyone but the party office, without a
    reason, when one of them is of the member's own department, or is no longer
    waiting for the party office (awaiting the branch or submitted; naming each
    with its state). Side effects, for each, as ``application_return``: state →
    returned with the reason, an event, the unit's applicants notified.
    """
    require(by, RETURN, message=_("只有党办可以退回申报。"))
    if not reason.strip():
        raise DomainError(_("退回必须说明理由，便于科室修改。"))
    locked = _lock_selection(campaign, applications)
    _refuse_recused(by, RETURN, locked)
    beyond = [a for a in locked if a.state not in RETURNABLE_STATES]
    if beyond:
        raise DomainError(
            _("只有已提交、尚未评审的申报可以退回，以下申报不能退回：%(units)s。")
            % {"units": _with_states(beyond)}
        )
    return [application_return(application=a, by=by, reason=reason) for a in locked]


@transaction.atomic
def applications_recommend_many(*, campaign, applications, by, opinion):
    """Recommend several applications (拟推荐) with one review opinion, all or none:
    the party office's forward of each to the leading group's list.

    Refused, with nothing written, for anyone but the party office, without an
    opinion, outside the review stage, when one of them is of the member's own
    department or not yet in review (naming each with its state). Side effects, for
    each, as ``review_opinion_record``: a ReviewOpinion, state → recommended, an
    event with the opinion.
    """
    assignment.require_manager(by)
    if not opinion.strip():
        raise DomainError(_("请填写评审意见。"))
    campaign = lock(campaign)
    assignment.require_reviewing(campaign)
    locked = _lock_selection(campaign, applications)
    _refuse_recused(by, assignment.MANAGE, locked)
    beyond = [a for a in locked if a.state not in APPLICATION_REVIEWED_STATES]
    if beyond:
        raise DomainError(
            _("分配评审人员后才能填写评审意见，以下申报不能推荐：%(units)s。")
            % {"units": _with_states(beyond)}
        )
    return [
        review_opinion_record(application=a, by=by, recommended=True, opinion=opinion)
        for a in locked
    ]


def _refuse_conflicts(campaign, reviewer, applications):
    """One refusal naming every pair of ``reviewer`` and an application they may not review."""
    rules = ConflictRules(avoid_branch=campaign.reviewers_avoid_own_branch)
    unit_id = reviewer_units([reviewer.pk]).get(reviewer.pk)
    name = reviewer.name or reviewer.username
    reasons = [
        rules.reason(reviewer_name=name, reviewer_unit_id=unit_id, unit=a.unit)
        for a in applications
    ]
    reasons = [reason for reason in reasons if reason]
    if reasons:
        raise DomainError(
            _("存在利益冲突，均未分配：%(reasons)s") % {"reasons": join_sentences(reasons)}
        )


def _refuse_already(reviewer, applications):
    held = set(
        Review.objects.filter(
            application__in=applications, reviewer=reviewer, state__in=REVIEW_LIVE_STATES
        ).values_list("application_id", flat=True)
    )
    already = [a for a in applications if a.pk in held]
    if already:
        raise DomainError(
            _("%(reviewer)s已是以下申报的评审人员：%(units)s。请取消勾选后再提交。")
            % {"reviewer": reviewer.name or reviewer.username, "units": _names(already)}
        )


def _check_new_reviewer(campaign, reviewer, applications, by):
    _refuse_recused(by, assignment.MANAGE, applications)
    beyond = [a for a in applications if a.state not in assignment.ASSIGNABLE_STATES]
    if beyond:
        raise DomainError(
            _("只有已提交或评审中的申报可以分配评审人员，以下申报不能分配：%(units)s。")
            % {"units": _with_states(beyond)}
        )
    assignment.require_team_member(campaign, reviewer)
    _refuse_conflicts(campaign, reviewer, applications)
    _refuse_already(reviewer, applications)


@transaction.atomic
def reviews_assign_many(*, campaign, applications, reviewer, by):
    """Assign ``reviewer`` to several applications, all or none.

    Refused, with nothing written, as ``review_assign`` refuses one: anyone but the
    party office, outside the review stage, an application of the member's own
    department or not assignable, a reviewer not on the team, away or without the
    role; every conflict of interest named as reviewer and department; an
    application the reviewer already reviews. Side effects: a Review with its event
    and grants per application, the start of review of submitted ones, one
    notification to the reviewer listing them.
    """
    assignment.require_manager(by)
    campaign = lock(campaign)
    assignment.require_reviewing(campaign)
    locked = _lock_selection(campaign, applications)
    _check_new_reviewer(campaign, reviewer, locked, by)
    return assignment.reviews_create(
        pairs=[(a, reviewer) for a in locked], by=by, reason=_("批量分配")
    )


@transaction.atomic
def reviews_move_many(*, campaign, applications, from_reviewer, to, by, reason):
    """Move the unfinished reviews of ``from_reviewer`` on several applications to ``to``,
    with one reason, all or none (``review_reassign`` for several).

    Refused, with nothing written, without a reason, when the two are the same
    person, when ``from_reviewer`` holds no unfinished review of one of them
    (submitted ones are reopened, not moved), and for every reason
    ``reviews_assign_many`` refuses ``to``. Side effects: each old review →
    unassigned (draft scores kept, grants taken away, an event with the reason);
    a new review for ``to`` with its event and grants; one notification to each of
    the two reviewers listing the applications.
    """
    assignment.require_manager(by)
    if not reason.strip():
        raise DomainError(_("改派必须说明理由。"))
    if from_reviewer.pk == to.pk:
        raise DomainError(_("请选择另一位评审人员接手。"))
    campaign = lock(campaign)
    assignment.require_reviewing(campaign)
    locked = _lock_selection(campaign, applications)
    _refuse_recused(by, assignment.MANAGE, locked)
    reviews = {
        review.application_id: review
        for review in Review.objects.select_for_update(of=("self",)).filter(
            application__in=locked, reviewer=from_reviewer, state=ReviewState.ASSIGNED
        )
    }
    missing = [a for a in locked if a.pk not in reviews]
    if missing:
        raise DomainError(
            _(
                "%(reviewer)s没有以下申报未完成的评审，不能改派：%(units)s。"
                "已提交的评审须退回重评，不能改派。"
            )
            % {"reviewer": from_reviewer.name or from_reviewer.username, "units": _names(missing)}
        )
    _check_new_reviewer(campaign, to, locked, by)
    to_name = to.name or to.username
    moved_reason = _("改派给%(reviewer)s：%(reason)s") % {
        "reviewer": to_name,
        "reason": reason.strip(),
    }
    for application in locked:
        assignment.review_take_back(review=reviews[application.pk], by=by, reason=moved_reason)
    with site_language():
        notify(
            recipients=[from_reviewer],
            subject=_("评审任务已改派：%(units)s") % {"units": _names(locked)},
            body=reason.strip(),
            url=reverse("appraisal:review_queue"),
        )
    return assignment.reviews_create(
        pairs=[(a, to) for a in locked],
        by=by,
        reason=_("改派：%(reason)s") % {"reason": reason.strip()},
    )
