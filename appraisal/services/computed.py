"""The computed criteria of a yearly campaign: formulas, the request to compute the draft
scores, and the units' explanations (docs/evaluation.md, "Computed criteria").

Who: the party office sets formulas and asks for the computation
(``appraisal.change_campaign``); a unit's applicants and head explain its draft scores
(``appraisal.explain_computed_score``). When: everything here is refused once the review
has started (``computed_selectors.review_started``), and in a selection campaign.
The computing itself runs in the worker (appraisal/computation.py).
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from appraisal.computed_selectors import (
    COMPUTATION_LIVE_STATES,
    COMPUTATION_LOST_AFTER_SECONDS,
    computed_applications,
    is_yearly,
    review_started,
)
from appraisal.enums import CampaignState, ComputationState
from appraisal.formulas import clean_formula
from appraisal.models import Campaign, CriterionFormula, Explanation, ScoreComputation
from appraisal.ranking import ranking_renew
from appraisal.rules import MANAGE_CAMPAIGNS
from appraisal.tasks import compute_draft_scores
from core.broker import enqueue
from core.errors import DomainError
from core.history import changed_by
from core.permissions import require

EXPLAIN = "appraisal.explain_computed_score"
EXPLANATION_MAX_CHARS = 1000


def _campaign_of(criterion):
    return Campaign.objects.select_for_update().get(rubric=criterion.standard.rubric_id)


def _require_formulas_editable(campaign):
    if not is_yearly(campaign):
        raise DomainError(_("评选批次的评分项由评审人员评分，不能设置计算公式。"))
    if review_started(campaign):
        raise DomainError(
            _("“%(campaign)s”已进入评审（%(state)s），计算公式不能再修改。")
            % {"campaign": campaign.title, "state": campaign.get_state_display()}
        )


@transaction.atomic
def formula_save(*, criterion, by, kind, figure, bands):
    """Make ``criterion`` computed (or change its formula): ``figure`` of record kind
    ``kind`` turned into points by ``bands`` (``[{"at_least", "points"}]``).

    Refused for anyone but the party office, in a selection campaign, once the review
    started, and whatever ``clean_formula`` refuses (unknown kind or figure, points above
    the criterion's, …). Side effects: the CriterionFormula row (history keeps every
    version); the campaign's kept ranking renewed.
    """
    require(by, MANAGE_CAMPAIGNS, message=_("只有党办可以设置计算公式。"))
    campaign = _campaign_of(criterion)
    _require_formulas_editable(campaign)
    cleaned = clean_formula(criterion=criterion, kind=kind, figure=figure, bands=bands)
    formula = CriterionFormula.objects.filter(criterion=criterion).first()
    if formula is None:
        formula = CriterionFormula(criterion=criterion)
    formula.kind, formula.figure, formula.bands, formula.set_by = kind, figure, cleaned, by
    changed_by(formula, by=by)
    formula.save()
    ranking_renew(campaign.pk)
    return formula


@transaction.atomic
def formula_remove(*, criterion, by):
    """``criterion`` is scored by the reviewers again. Refused as ``formula_save`` is, and
    when it has no formula. Side effects: the formula row removed (its history kept; the
    scores it gave stay in ComputedScore and its history, no longer counted); the
    campaign's kept ranking renewed."""
    require(by, MANAGE_CAMPAIGNS, message=_("只有党办可以设置计算公式。"))
    campaign = _campaign_of(criterion)
    _require_formulas_editable(campaign)
    formula = CriterionFormula.objects.filter(criterion=criterion).first()
    if formula is None:
        raise DomainError(_("该评分项没有计算公式，本来就由评审人员评分。"))
    changed_by(formula, by=by)
    formula.delete()
    ranking_renew(campaign.pk)


def _settle_lost(campaign, now):
    """Mark failed the runs of ``campaign`` queued or running for too long (the worker
    died); returns the one still live, or None."""
    lost_before = now - datetime.timedelta(seconds=COMPUTATION_LOST_AFTER_SECONDS)
    live = ScoreComputation.objects.filter(campaign=campaign, state__in=COMPUTATION_LIVE_STATES)
    live.filter(requested_at__lt=lost_before).update(
        state=ComputationState.FAILED,
        finished_at=now,
        error=_("超过 %(minutes)s 分钟未完成，视为中断。")
        % {"minutes": COMPUTATION_LOST_AFTER_SECONDS // 60},
    )
    return live.order_by("-requested_at", "-pk").first()


@transaction.atomic
def computation_request(*, campaign, by, now=None):
    """Ask the worker to compute every unit's draft scores of ``campaign``.

    Refused for anyone but the party office, in a selection campaign, before the
    campaign is open (no units yet), once the review started, when no criterion is
    computed, and while another run is queued or running. Side effects: a queued
    ScoreComputation; the task ``compute_draft_scores`` enqueued once committed.
    """
    require(by, MANAGE_CAMPAIGNS, message=_("只有党办可以计算得分。"))
    now = now or timezone.now()
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if not is_yearly(campaign):
        raise DomainError(_("只有年度清廉考评有计算得分。"))
    if review_started(campaign):
        raise DomainError(_("评审已经开始，计算得分不再重新计算。"))
    if campaign.state != CampaignState.OPEN:
        raise DomainError(_("考评开始（每个单元都有了考评记录）后才能计算得分。"))
    if not CriterionFormula.objects.filter(criterion__standard__rubric=campaign.rubric_id).exists():
        raise DomainError(_("尚未给任何评分项设置计算公式，没有可计算的得分。"))
    running = _settle_lost(campaign, now)
    if running is not None:
        raise DomainError(
            _(
                "上一次计算（%(state)s，已完成 %(done)s/%(total)s 个单元）尚未结束，请等它完成后再计算。"
            )
            % {"state": running.get_state_display(), "done": running.done, "total": running.total}
        )
    computation = ScoreComputation.objects.create(
        campaign=campaign,
        requested_by=by,
        total=computed_applications(campaign).count(),
    )
    pk = computation.pk
    transaction.on_commit(lambda: enqueue(compute_draft_scores, pk), robust=True)
    return computation


@transaction.atomic
def explanation_add(*, application, criterion, by, text):
    """The unit explains one computed criterion's draft score (情况说明): a new row each
    time, the latest shown. Refused for anyone but the unit's applicants and head, for a
    criterion that is not computed, once the review started, and when empty or longer
    than 1,000 characters. Side effects: one Explanation row."""
    require(by, EXPLAIN, application, message=_("只有本单元的负责人或联络员可以填写情况说明。"))
    campaign = Campaign.objects.select_for_update().get(pk=application.campaign_id)
    if not is_yearly(campaign):
        raise DomainError(_("只有年度清廉考评的计算得分可以填写情况说明。"))
    if review_started(campaign):
        raise DomainError(_("评审已经开始，情况说明不能再添加。"))
    if (
        criterion.standard.rubric_id != campaign.rubric_id
        or not CriterionFormula.objects.filter(criterion=criterion).exists()
    ):
        raise DomainError(_("该评分项不是计算得分项，不需要情况说明。"))
    text = text.strip()
    if not text:
        raise DomainError(_("请填写情况说明。"), field="text")
    if len(text) > EXPLANATION_MAX_CHARS:
        raise DomainError(
            _("情况说明最多 %(max)s 字，现有 %(count)s 字。")
            % {"max": EXPLANATION_MAX_CHARS, "count": len(text)},
            field="text",
        )
    return Explanation.objects.create(
        application=application, criterion=criterion, text=text, written_by=by
    )
