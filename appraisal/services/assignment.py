"""The review team and who reviews what (the process, step 4).

The party office chooses the campaign's reviewers (its pool) from people with
the reviewer role, then assigns them by hand or automatically. Every rule
holds whoever calls (page, admin, command):

- a reviewer never reviews an application of their own department (nor of a
  clean team of it, nor the department of their own clean team); when the
  campaign says so, nor one of their own party branch. The roster as it stands
  decides (``departments.Person`` with its user), checked again at every score
  (the rule is appraisal/conflicts.py);
- the automatic assignment gives every application k reviewers and shares the
  work so that the loads of the reviewers present differ by at most one
  (a maximum flow over application → eligible reviewer, see balancing.py);
- an assignment grants the django-guardian permissions ``view_application``
  and ``score_application`` on the application; unassigning takes them away;
- the first assignment of a submitted application starts its review
  (submitted → under_review), so it can no longer be withdrawn.

One module (about 530 lines) because the team and the assignments share one
state: who is present, who is assignable, each reviewer's load.
"""

import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from guardian.shortcuts import assign_perm, remove_perm

from accounts.roles import Role
from appraisal.conflicts import ConflictRules, conflict_of_interest, reviewer_units
from appraisal.enums import (
    APPLICATION_REVIEWED_STATES,
    REVIEW_LIVE_STATES,
    REVIEW_LOAD_STATES,
    ApplicationState,
    CampaignState,
    ReviewState,
)
from appraisal.models import (
    Application,
    ApplicationEvent,
    Campaign,
    CampaignReviewer,
    Review,
    ReviewEvent,
)
from appraisal.ranking import ranking_renew
from core.errors import DomainError
from core.history import changed_by
from core.i18n import join_items, join_sentences, site_language
from core.permissions import require
from core.workflow import apply_transition, lock
from notifications.services import notify

from .balancing import balanced_plan

MANAGE = "appraisal.manage_reviews"
VIEW = "appraisal.view_application"
SCORE = "appraisal.score_application"
MAX_REVIEWERS_PER_APPLICATION = 15
# Applications that can take reviewers: ready for the party office, or already in
# review (an opinion written may still call for one more reviewer).
ASSIGNABLE_STATES = (ApplicationState.SUBMITTED, *APPLICATION_REVIEWED_STATES)


# --- who may act (the rules are appraisal/rules.py) ---------------------------------------


def require_manager(user, application=None):
    """The party office; for ``application``, never of its own unit's family (appraisal.conflicts)."""
    require(user, MANAGE, message=_("只有党办可以管理评审。"))
    if application is not None:
        require(
            user,
            MANAGE,
            application,
            message=_("您是“%(unit)s”的人员，须回避，不能处理本科室申报的评审。")
            % {"unit": application.unit.name},
        )


def require_reviewing(campaign):
    if campaign.state != CampaignState.REVIEWING:
        raise DomainError(
            _("“%(campaign)s”当前为“%(state)s”阶段，只有申报截止后的评审阶段才能分配和评审。")
            % {"campaign": campaign.title, "state": campaign.get_state_display()}
        )


# --- the review team -------------------------------------------------------------------------


def _is_reviewer(user):
    return user.is_active and user.groups.filter(name=Role.REVIEWER).exists()


def _require_team_editable(campaign):
    if campaign.state not in (CampaignState.DRAFT, CampaignState.OPEN, CampaignState.REVIEWING):
        raise DomainError(
            _("“%(campaign)s”的评审已经结束，评审组不能再调整。") % {"campaign": campaign.title}
        )


@transaction.atomic
def pool_add(*, campaign, reviewer, by):
    """Add ``reviewer`` to the campaign's review team. Idempotent.

    Only people with the reviewer role who are on the roster (so their
    department is known for the conflict rules). Side effects: one
    CampaignReviewer (history credits ``by``).
    """
    require_manager(by)
    _require_team_editable(campaign)
    name = reviewer.name or reviewer.username
    if not _is_reviewer(reviewer):
        raise DomainError(
            _("%(reviewer)s没有“党办评审人员”角色，不能加入评审组。") % {"reviewer": name}
        )
    if reviewer.pk not in reviewer_units([reviewer.pk]):
        raise DomainError(
            _("%(reviewer)s不在在职人员名单中，无法核实回避关系，不能加入评审组。")
            % {"reviewer": name}
        )
    member = CampaignReviewer.objects.filter(campaign=campaign, reviewer=reviewer).first()
    if member is not None:
        return member
    member = CampaignReviewer(campaign=campaign, reviewer=reviewer, added_by=by)
    changed_by(member, by=by)
    member.save()
    return member


@transaction.atomic
def pool_remove(*, campaign, reviewer, by):
    """Take ``reviewer`` off the team, while they have no review in the campaign.

    A reviewer with reviews stays on the team (their scores belong to it);
    mark them away instead, which hands their unfinished reviews to others.
    Side effects: the CampaignReviewer row goes (its history keeps it).
    """
    require_manager(by)
    _require_team_editable(campaign)
    member = CampaignReviewer.objects.filter(campaign=campaign, reviewer=reviewer).first()
    if member is None:
        return
    if Review.objects.filter(
        application__campaign=campaign, reviewer=reviewer, state__in=REVIEW_LIVE_STATES
    ).exists():
        raise DomainError(
            _(
                "%(reviewer)s已有评审任务，不能移出评审组；"
                "如其不能继续评审，请标记请假，未完成的评审会改派给其他评审人员。"
            )
            % {"reviewer": reviewer.name or reviewer.username}
        )
    changed_by(member, by=by)
    member.delete()


@dataclass
class AssignmentResult:
    """What an automatic assignment did: the new reviews and everyone's load after it."""

    reviews: list = field(default_factory=list)
    loads: dict = field(default_factory=dict)  # reviewer name -> live reviews in the campaign
    message: str = ""

    @property
    def load_range(self):
        if not self.loads:
            return (0, 0)
        return (min(self.loads.values()), max(self.loads.values()))


@transaction.atomic
def reviewer_mark_away(*, campaign, reviewer, by, reason):
    """``reviewer`` cannot review (leave, illness): their unfinished reviews go to others.

    Side effects: the team row is marked away with the reason; each of their
    assigned (unfinished) reviews is unassigned (grants taken away, an event
    with the reason) and the automatic assignment fills the gaps, keeping the
    loads balanced. When it cannot (too few reviewers without a conflict),
    the reviews stay unassigned and the result says so; the party office then
    assigns by hand. Submitted reviews stay theirs.
    """
    require_manager(by)
    if not reason.strip():
        raise DomainError(_("请说明评审人员不能评审的原因（如请假、出差）。"))
    member = (
        CampaignReviewer.objects.select_for_update()
        .filter(campaign=campaign, reviewer=reviewer)
        .first()
    )
    if member is None:
        raise DomainError(_("该评审人员不在本批次的评审组中。"))
    member.away_since = timezone.now()
    member.away_reason = reason.strip()
    changed_by(member, by=by)
    member.save(update_fields=["away_since", "away_reason"])
    unfinished = list(
        Review.objects.filter(
            application__campaign=campaign, reviewer=reviewer, state=ReviewState.ASSIGNED
        ).select_related("application__unit")
    )
    for review in unfinished:
        review_take_back(
            review=review,
            by=by,
            reason=_("评审人员不能评审：%(reason)s") % {"reason": reason.strip()},
        )
    if not unfinished or campaign.state != CampaignState.REVIEWING:
        return AssignmentResult(message=_("已标记请假，没有需要改派的评审。"))
    wanted = Counter(review.application for review in unfinished)
    try:
        with transaction.atomic():
            result = _assign_balanced(
                campaign=campaign,
                by=by,
                wanted=dict(wanted),
                reason=_("评审人员不能评审，改派"),
            )
    except DomainError as refusal:
        return AssignmentResult(
            message=ngettext(
                "已标记请假并撤销其 %(count)s 份未完成的评审，但未能自动改派："
                "%(refusal)s请在申报的评审页手工分配。",
                "已标记请假并撤销其 %(count)s 份未完成的评审，但未能自动改派："
                "%(refusal)s请在申报的评审页手工分配。",
                len(unfinished),
            )
            % {"count": len(unfinished), "refusal": refusal.message}
        )
    result.message = ngettext(
        "已标记请假，其 %(count)s 份未完成的评审已改派（%(reassigned)s 份）。",
        "已标记请假，其 %(count)s 份未完成的评审已改派（%(reassigned)s 份）。",
        len(unfinished),
    ) % {"count": len(unfinished), "reassigned": len(result.reviews)}
    return result


@transaction.atomic
def reviewer_mark_back(*, campaign, reviewer, by):
    """``reviewer`` can review again: the next automatic assignment counts them."""
    require_manager(by)
    member = (
        CampaignReviewer.objects.select_for_update()
        .filter(campaign=campaign, reviewer=reviewer)
        .first()
    )
    if member is None:
        raise DomainError(_("该评审人员不在本批次的评审组中。"))
    member.away_since = None
    member.away_reason = ""
    changed_by(member, by=by)
    member.save(update_fields=["away_since", "away_reason"])
    return member


# --- assigning ----------------------------------------------------------------------------------


def _grant(reviewer, applications):
    assign_perm(VIEW, reviewer, list(applications))
    assign_perm(SCORE, reviewer, list(applications))


def reviews_create(*, pairs, by, reason):
    """Reviews for ``pairs`` [(application, reviewer)], with their events, grants and
    the start of review of submitted applications. Returns the reviews."""
    reviews = Review.objects.bulk_create(
        Review(application=application, reviewer=reviewer, assigned_by=by)
        for application, reviewer in pairs
    )
    ReviewEvent.objects.bulk_create(
        ReviewEvent(
            subject=review,
            actor=by,
            transition="assign",
            from_state="",
            to_state=ReviewState.ASSIGNED,
            reason=reason,
        )
        for review in reviews
    )
    # bulk_create sends no post_save: the kept rankings (their review counts) renew here.
    ranking_renew(*(application.campaign_id for application, _reviewer in pairs))
    per_reviewer = defaultdict(list)
    for application, reviewer in pairs:
        per_reviewer[reviewer].append(application)
    for reviewer, applications in per_reviewer.items():
        _grant(reviewer, applications)
    started = {
        application.pk: application
        for application, _reviewer in pairs
        if application.state == ApplicationState.SUBMITTED
    }
    for application in started.values():
        apply_transition(
            instance=application,
            transition="start_review",
            by=by,
            event_model=ApplicationEvent,
            reason=_("已分配评审人员"),
        )
    for reviewer, applications in per_reviewer.items():
        with site_language():
            names = join_items(a.unit.name for a in applications[:5])
            if len(applications) > 5:
                subject = _("您有新的评审任务：%(units)s等 %(count)s 份") % {
                    "units": names,
                    "count": len(applications),
                }
            else:
                subject = _("您有新的评审任务：%(units)s") % {"units": names}
            notify(
                recipients=[reviewer],
                subject=subject,
                body=_("请在评审阶段内完成评分并提交。"),
                url=reverse("appraisal:review_queue"),
            )
    return reviews


def require_team_member(campaign, reviewer):
    """Refuse a reviewer who may take no new review in ``campaign``: not on its team,
    away, or without the reviewer role."""
    name = reviewer.name or reviewer.username
    member = CampaignReviewer.objects.filter(campaign=campaign, reviewer=reviewer).first()
    if member is None:
        raise DomainError(
            _("%(reviewer)s不在本批次的评审组中，请先将其加入评审组。") % {"reviewer": name}
        )
    if member.is_away:
        raise DomainError(_("%(reviewer)s已标记请假，不能分配新的评审任务。") % {"reviewer": name})
    if not _is_reviewer(reviewer):
        raise DomainError(_("%(reviewer)s没有“党办评审人员”角色，不能评审。") % {"reviewer": name})


@transaction.atomic
def review_assign(*, application, reviewer, by):
    """The party office assigns ``reviewer`` to ``application`` by hand.

    Refused unless the campaign is reviewing, the application is submitted or
    in review, the reviewer is on the team and present, holds no live review of
    it yet, and has no conflict of interest. Side effects: one Review with its
    event, the grants, the start of review of a submitted application, a
    notification to the reviewer.
    """
    require_manager(by)
    campaign = lock(application.campaign)
    require_reviewing(campaign)
    application = lock(application)
    require_manager(by, application)
    if application.state not in ASSIGNABLE_STATES:
        raise DomainError(
            _("申报当前为“%(state)s”，只有已提交或评审中的申报可以分配评审人员。")
            % {"state": application.get_state_display()}
        )
    require_team_member(campaign, reviewer)
    name = reviewer.name or reviewer.username
    conflict = conflict_of_interest(reviewer, application)
    if conflict:
        raise DomainError(conflict)
    if Review.objects.filter(
        application=application, reviewer=reviewer, state__in=REVIEW_LIVE_STATES
    ).exists():
        raise DomainError(_("%(reviewer)s已是该申报的评审人员。") % {"reviewer": name})
    (review,) = reviews_create(pairs=[(application, reviewer)], by=by, reason=_("手工分配"))
    return review


def review_take_back(*, review, by, reason):
    review = apply_transition(
        instance=review, transition="unassign", by=by, event_model=ReviewEvent, reason=reason
    )
    remove_perm(VIEW, review.reviewer, review.application)
    remove_perm(SCORE, review.reviewer, review.application)
    return review


@transaction.atomic
def review_unassign(*, review, by, reason=""):
    """Take an unfinished review back from its reviewer.

    A submitted review cannot be taken back (its scores count); reopen it
    instead. Side effects: state → unassigned (draft scores kept), the grants
    taken away, an event, a notification to the reviewer.
    """
    require_manager(by)
    review = lock(review)
    require_manager(by, review.application)
    if review.state == ReviewState.SUBMITTED:
        raise DomainError(_("该评审已提交，不能撤销分配；如需修改评分，请退回重评。"))
    review = review_take_back(review=review, by=by, reason=reason.strip() or _("撤销分配"))
    with site_language():
        notify(
            recipients=[review.reviewer],
            subject=_("评审任务已撤销：%(unit)s") % {"unit": review.application.unit.name},
            body=reason.strip(),
            url=reverse("appraisal:review_queue"),
        )
    return review


@transaction.atomic
def review_reassign(*, review, to, by, reason):
    """Give an unfinished review to another reviewer (the first is away or conflicted).

    Side effects: as ``review_unassign`` for the old review and
    ``review_assign`` for the new one, in one transaction.
    """
    if not reason.strip():
        raise DomainError(_("改派必须说明理由。"))
    review_unassign(
        review=review,
        by=by,
        reason=_("改派给%(reviewer)s：%(reason)s")
        % {"reviewer": to.name or to.username, "reason": reason.strip()},
    )
    return review_assign(application=review.application, reviewer=to, by=by)


# --- the automatic assignment -----------------------------------------------------------------


def _present_reviewers(campaign):
    """``{user_id: user}`` of the team members who can take work now."""
    members = CampaignReviewer.objects.filter(
        campaign=campaign,
        away_since__isnull=True,
        reviewer__is_active=True,
        reviewer__groups__name=Role.REVIEWER,
    ).select_related("reviewer")
    return {m.reviewer.pk: m.reviewer for m in members}


def _assign_balanced(*, campaign, by, wanted, reason, seed=None):
    """Create the reviews ``wanted`` ({application: how many more}) from the
    present team, balanced by ``balancing.balanced_plan``. Returns an AssignmentResult."""
    reviewers = _present_reviewers(campaign)
    if not reviewers:
        raise DomainError(_("评审组还没有可以评审的成员，请先选定评审人员。"))
    loads = Counter(dict.fromkeys(reviewers, 0))
    taken = defaultdict(set)
    for application_id, reviewer_id, state in Review.objects.filter(
        application__campaign=campaign, state__in=REVIEW_LIVE_STATES
    ).values_list("application_id", "reviewer_id", "state"):
        taken[application_id].add(reviewer_id)
        if state in REVIEW_LOAD_STATES and reviewer_id in loads:
            loads[reviewer_id] += 1
    result = AssignmentResult()
    if wanted:
        rules = ConflictRules(avoid_branch=campaign.reviewers_avoid_own_branch)
        units = reviewer_units(reviewers)
        order = list(reviewers)
        random.Random(seed).shuffle(order)  # noqa: S311 - fairness between equal plans, not secrecy
        eligible = {
            a: [
                pk
                for pk in order
                if pk not in taken[a.pk]
                and not rules.reason(reviewer_name="", reviewer_unit_id=units.get(pk), unit=a.unit)
            ]
            for a in wanted
        }
        plan = balanced_plan(
            needs=wanted, eligible=eligible, loads=dict(loads), label=lambda a: a.unit.name
        )
        pairs = [(a, reviewers[pk]) for a in wanted for pk in sorted(plan[a])]
        result.reviews = reviews_create(pairs=pairs, by=by, reason=reason)
        for _application, reviewer in pairs:
            loads[reviewer.pk] += 1
    result.loads = {reviewers[pk].name or reviewers[pk].username: n for pk, n in loads.items()}
    return result


@transaction.atomic
def reviews_assign_automatically(*, campaign, by, per_application=None, seed=None):
    """Give every submitted or in-review application of ``campaign`` its reviewers.

    Each gets ``per_application`` (default: the campaign's setting, 5) reviews
    (assigned or submitted), from the present members of the review team,
    never with a conflict of interest, the loads differing by at most one
    whenever the conflicts allow it. Applications that already have enough
    keep theirs, so running it again after a resubmission only fills the gaps.
    ``seed`` fixes the random order that decides between equally good plans.
    Side effects: as ``review_assign`` for every new review. Returns an
    AssignmentResult.
    """
    require_manager(by)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    require_reviewing(campaign)
    k = per_application or campaign.reviewers_per_application
    if not 1 <= k <= MAX_REVIEWERS_PER_APPLICATION:
        raise DomainError(
            _("每份申报的评审人数须在 1 至 %(max)s 之间。") % {"max": MAX_REVIEWERS_PER_APPLICATION}
        )
    counted = Counter(
        Review.objects.filter(
            application__campaign=campaign, state__in=REVIEW_LOAD_STATES
        ).values_list("application_id", flat=True)
    )
    applications = (
        Application.objects.filter(campaign=campaign, state__in=ASSIGNABLE_STATES)
        .select_related("unit")
        .order_by("pk")
    )
    wanted = {a: k - counted[a.pk] for a in applications if counted[a.pk] < k}
    result = _assign_balanced(
        campaign=campaign,
        by=by,
        wanted=wanted,
        reason=_("自动分配（每份 %(count)s 人）") % {"count": k},
        seed=seed,
    )
    low, high = result.load_range
    if not wanted:
        result.message = ngettext(
            "每份申报都已有 %(count)s 名评审人员，无需分配。",
            "每份申报都已有 %(count)s 名评审人员，无需分配。",
            k,
        ) % {"count": k}
    else:
        result.message = ngettext(
            "已分配 %(count)s 份评审任务；每位评审人员现有 %(low)s–%(high)s 份。",
            "已分配 %(count)s 份评审任务；每位评审人员现有 %(low)s–%(high)s 份。",
            len(result.reviews),
        ) % {"count": len(result.reviews), "low": low, "high": high}
    if high - low > 1:
        result.message = join_sentences(
            [result.message, _("因回避要求，任务量未能做到相差不超过一份。")]
        )
    return result
