"""Computing a yearly campaign's draft scores: the worker's side (docs/evaluation.md,
"Computed criteria").

``computation_run`` is what the task ``appraisal.tasks.compute_draft_scores`` calls.
It starts only a queued run (a conditional update, so a message delivered twice
computes once), reads every unit's summaries of the kinds the formulas name in one
``record_summaries`` pass (the queries do not grow with the units), applies each
formula (``formula_points``) and writes every ``ComputedScore`` in one transaction at
the end: existing rows updated, new ones created, each change kept in the history.

Progress: ``done`` counts the units whose scores are computed, committed every
``PROGRESS_EVERY`` units so the party office's page sees it move; the scores
themselves are written together, so a run that fails writes none of them: it is
marked failed with the error and the earlier scores stay as they were.
"""

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from appraisal.computed_selectors import campaign_formulas, computed_applications, review_started
from appraisal.enums import ComputationState
from appraisal.formulas import figure_value, formula_points
from appraisal.models import ComputedScore, ScoreComputation
from appraisal.ranking import ranking_renew
from appraisal.records import record_summaries
from core.errors import DomainError
from core.i18n import site_language

logger = logging.getLogger(__name__)

PROGRESS_EVERY = 25
WRITE_BATCH = 1000
ERROR_MAX_CHARS = 2000
SCORE_FIELDS = ["score", "basis", "computation", "computed_at"]


def computation_run(*, computation_id, now=None):
    """Run the queued computation ``computation_id``; returns it as it ended (finished or
    failed), or None when it was not queued (already run, or unknown).

    Side effects: the computation's state, ``total``, ``done``, times and error; the
    campaign's ComputedScore rows (one per application and computed criterion) and
    their history; the campaign's kept ranking renewed.
    """
    now = now or timezone.now()
    started = ScoreComputation.objects.filter(
        pk=computation_id, state=ComputationState.QUEUED
    ).update(state=ComputationState.RUNNING, started_at=now)
    if started != 1:
        return None
    computation = ScoreComputation.objects.select_related("campaign", "requested_by").get(
        pk=computation_id
    )
    try:
        with site_language():
            _compute(computation)
    except Exception as error:  # any failure is the run's: recorded and shown
        logger.exception("score computation %s failed", computation_id)
        message = str(error.message if isinstance(error, DomainError) else error) or repr(error)
        ScoreComputation.objects.filter(pk=computation_id).update(
            state=ComputationState.FAILED,
            finished_at=timezone.now(),
            error=message[:ERROR_MAX_CHARS],
        )
    computation.refresh_from_db()
    return computation


def _compute(computation):
    campaign = computation.campaign
    campaign.refresh_from_db()
    if review_started(campaign):
        raise DomainError(_("评审已经开始，计算得分不再重新计算。"))
    formulas = campaign_formulas(campaign)
    applications = list(computed_applications(campaign))
    ScoreComputation.objects.filter(pk=computation.pk).update(total=len(applications), done=0)
    keys = {formula.kind for formula in formulas.values()}
    summaries = record_summaries([a.unit for a in applications], campaign.year, keys=keys)
    computed = []
    for number, application in enumerate(applications, start=1):
        by_kind = {summary.kind: summary for summary in summaries.get(application.unit_id, [])}
        for criterion_pk, formula in formulas.items():
            score, basis = _score(formula, formula.criterion, by_kind.get(formula.kind))
            computed.append((application.pk, criterion_pk, score, basis))
        if number % PROGRESS_EVERY == 0:
            ScoreComputation.objects.filter(pk=computation.pk).update(done=number)
    _write(computation, computed, len(applications))


def _score(formula, criterion, summary):
    """The points ``formula`` gives the unit whose summary of its kind is ``summary``
    (None: no records), never above the criterion's points, and the basis shown."""
    figures = dict(summary.figures) if summary is not None else {}
    value = figure_value(figures, formula.figure)
    points = min(formula_points(formula.bands, value), criterion.points)
    basis = {
        "kind": formula.kind,
        "figure": formula.figure,
        "value": None if value is None else str(value),
        "text": summary.text if summary is not None else _("本年度无记录"),
        "figures": figures,
        "url": summary.url if summary is not None else "",
        "bands": list(formula.bands),
    }
    return points, basis


@transaction.atomic
def _write(computation, computed, done):
    now = timezone.now()
    campaign = computation.campaign
    existing = {
        (row.application_id, row.criterion_id): row
        for row in ComputedScore.objects.select_for_update().filter(application__campaign=campaign)
    }
    changed, added = [], []
    for application_id, criterion_id, score, basis in computed:
        row = existing.get((application_id, criterion_id))
        if row is None:
            row = ComputedScore(application_id=application_id, criterion_id=criterion_id)
            added.append(row)
        else:
            changed.append(row)
        row.score, row.basis, row.computation, row.computed_at = score, basis, computation, now
    by = computation.requested_by
    if changed:
        bulk_update_with_history(
            changed, ComputedScore, SCORE_FIELDS, batch_size=WRITE_BATCH, default_user=by
        )
    if added:
        bulk_create_with_history(added, ComputedScore, batch_size=WRITE_BATCH, default_user=by)
    ScoreComputation.objects.filter(pk=computation.pk).update(
        state=ComputationState.FINISHED, finished_at=now, done=done
    )
    ranking_renew(campaign.pk)
