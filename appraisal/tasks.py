"""Thin Celery tasks: each calls a service and logs what it did."""

import logging

from celery import shared_task

from appraisal.computation import computation_run
from appraisal.services import deadlines, reminders

logger = logging.getLogger(__name__)


@shared_task
def close_due_applications():
    for campaign in deadlines.close_due_applications():
        logger.info("applications closed for campaign %s", campaign.pk)


@shared_task
def send_due_reminders():
    for campaign in deadlines.send_due_reminders():
        logger.info("deadline reminder sent for campaign %s", campaign.pk)


@shared_task
def send_due_review_reminders():
    for reminder in reminders.send_due_review_reminders():
        logger.info(
            "review reminder %s (%s) sent to %s reviewers for campaign %s",
            reminder.pk,
            reminder.kind,
            reminder.reviewers_reminded,
            reminder.campaign_id,
        )


@shared_task
def compute_draft_scores(computation_id):
    """A yearly campaign's draft computed scores (appraisal/computation.py)."""
    computation = computation_run(computation_id=computation_id)
    if computation is None:
        logger.info("score computation %s not queued: already run or missing", computation_id)
    else:
        logger.info(
            "score computation %s %s: %s of %s units",
            computation.pk,
            computation.state,
            computation.done,
            computation.total,
        )
