"""The review's deadline and the reminders to reviewers with unfinished reviews.

Deadlines are rows (docs/architecture.md, "Review deadline and reminders"):
once the review has started, the sweep writes ``Campaign.review_due_at`` and
one ``ReviewReminder`` row per automatic reminder, each with the moment it is
due; a later run of the same sweep claims each due row by setting its
``sent_at`` with a conditional update and sends only when that update changed
exactly one row. Running it twice, or on two workers, reminds once.
"""

import datetime
import logging

from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from appraisal.enums import CampaignState, ReviewReminderKind, ReviewState
from appraisal.models import Campaign, Review, ReviewReminder
from core.errors import DomainError
from core.i18n import full_date, site_language
from notifications.services import notify
from workcalendar.workdays import SHANGHAI, WorkCalendar, end_of_day

from .assignment import require_manager

logger = logging.getLogger(__name__)

# Reminders before the deadline go out at the start of the working day, not at midnight.
REMIND_AT = datetime.time(8, 0)


def review_due_at(campaign, calendar=None):
    """When the review of ``campaign`` ends, or None when the campaign sets no deadline.

    A date ends at its 24:00; N working days count from the first working day
    after the day the application window closed (the review starts then).
    Raises ``UnconfirmedYearError`` when the count reaches a year nobody confirmed.
    """
    if campaign.review_deadline_on:
        return end_of_day(campaign.review_deadline_on)
    if campaign.review_working_days:
        calendar = calendar or WorkCalendar()
        start = timezone.localdate(campaign.closes_at, SHANGHAI) + datetime.timedelta(days=1)
        return end_of_day(calendar.nth_working_day(start, campaign.review_working_days))
    return None


def reminder_due_at(campaign, due_at, calendar=None):
    """08:00 of the working day ``review_reminder_working_days`` working days before
    the deadline's last day (the last day itself not counted)."""
    calendar = calendar or WorkCalendar()
    last_day = timezone.localdate(due_at, SHANGHAI) - datetime.timedelta(days=1)
    day = calendar.working_days_before(last_day, campaign.review_reminder_working_days)
    return datetime.datetime.combine(day, REMIND_AT, tzinfo=SHANGHAI)


def schedule_review_deadlines():
    """Write the deadline and the reminder rows of every campaign whose review has
    started with a deadline set and not yet scheduled. Returns the campaigns scheduled.

    A campaign whose deadline cannot be computed (a year nobody confirmed) is
    skipped with a warning in the log and tried again at the next run.
    Side effects per campaign: ``review_due_at``; a before-deadline and an
    overdue ``ReviewReminder``.
    """
    scheduled = []
    due = Campaign.objects.filter(state=CampaignState.REVIEWING, review_due_at__isnull=True).filter(
        Q(review_deadline_on__isnull=False) | Q(review_working_days__isnull=False)
    )
    for campaign in due:
        calendar = WorkCalendar()
        try:
            due_at = review_due_at(campaign, calendar)
            remind_at = reminder_due_at(campaign, due_at, calendar)
        except DomainError as error:
            logger.warning("review deadline of campaign %s not computed: %s", campaign.pk, error)
            continue
        with transaction.atomic():
            claimed = Campaign.objects.filter(pk=campaign.pk, review_due_at__isnull=True).update(
                review_due_at=due_at
            )
            if claimed != 1:
                continue
            ReviewReminder.objects.bulk_create(
                [
                    ReviewReminder(
                        campaign=campaign,
                        kind=ReviewReminderKind.BEFORE_DEADLINE,
                        due_at=remind_at,
                    ),
                    ReviewReminder(
                        campaign=campaign, kind=ReviewReminderKind.OVERDUE, due_at=due_at
                    ),
                ]
            )
        campaign.review_due_at = due_at
        scheduled.append(campaign)
    return scheduled


def unfinished_by_reviewer(campaign):
    """``[(reviewer, unfinished count)]``: reviewers with assigned, unsubmitted reviews."""
    counts = dict(
        Review.objects.filter(application__campaign=campaign, state=ReviewState.ASSIGNED)
        .values("reviewer_id")
        .annotate(n=Count("pk"))
        .values_list("reviewer_id", "n")
        .order_by()
    )
    reviewers = User.objects.filter(pk__in=counts).order_by("name", "pk")
    return [(reviewer, counts[reviewer.pk]) for reviewer in reviewers]


def _remind(campaign, now):
    """Notify every reviewer with unfinished reviews in ``campaign``. Returns how many."""
    unfinished = unfinished_by_reviewer(campaign)
    url = reverse("appraisal:review_queue")
    due = campaign.review_due_at
    with site_language():
        for reviewer, count in unfinished:
            if due is not None and due <= now:
                subject = _("“%(campaign)s”评审已过截止时间") % {"campaign": campaign.title}
            elif due is not None:
                subject = _("“%(campaign)s”评审将于%(date)s截止") % {
                    "campaign": campaign.title,
                    # The deadline is 24:00 of the day before ``due`` (00:00 the next day).
                    "date": full_date(due - datetime.timedelta(minutes=1)),
                }
            else:
                subject = _("请尽快完成“%(campaign)s”的评审") % {"campaign": campaign.title}
            body = ngettext(
                "您还有 %(count)s 份评审未提交，请尽快完成评分并提交。",
                "您还有 %(count)s 份评审未提交，请尽快完成评分并提交。",
                count,
            ) % {"count": count}
            notify(recipients=[reviewer], subject=subject, body=body, url=url)
    return len(unfinished)


def send_due_review_reminders(*, now=None):
    """Schedule what has started, then send every automatic reminder that is due, once.

    A reminder whose campaign has left the review (forwarded) is never sent; a
    before-deadline reminder found due after the deadline has passed is
    marked sent to nobody (the overdue one says it all).
    Side effects per reminder sent: ``sent_at`` and ``reviewers_reminded``; one
    notification (inbox and e-mail) per reviewer with unfinished reviews.
    Returns the reminders sent.
    """
    now = now or timezone.now()
    schedule_review_deadlines()
    sent = []
    due = ReviewReminder.objects.filter(
        sent_at__isnull=True,
        due_at__lte=now,
        campaign__state=CampaignState.REVIEWING,
    ).values_list("pk", flat=True)
    for pk in due:
        with transaction.atomic():
            claimed = ReviewReminder.objects.filter(pk=pk, sent_at__isnull=True).update(sent_at=now)
            if claimed != 1:
                continue
            reminder = ReviewReminder.objects.select_related("campaign").get(pk=pk)
            campaign = reminder.campaign
            too_late = (
                reminder.kind == ReviewReminderKind.BEFORE_DEADLINE
                and campaign.review_due_at is not None
                and campaign.review_due_at <= now
            )
            if not too_late:
                reminder.reviewers_reminded = _remind(campaign, now)
                reminder.save(update_fields=["reviewers_reminded"])
            sent.append(reminder)
    return sent


@transaction.atomic
def reviewers_remind(*, campaign, by, now=None):
    """The party office reminds, now, every reviewer with unfinished reviews.

    Refused to anyone but the party office, outside the review, and when every
    review is finished. Side effects: a ``manual`` ReviewReminder recording who
    and when; one notification per reviewer with unfinished reviews.
    Returns the reminder.
    """
    require_manager(by)
    now = now or timezone.now()
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.state != CampaignState.REVIEWING:
        raise DomainError(
            _("“%(campaign)s”当前为“%(state)s”阶段，只有评审阶段才能提醒评审人员。")
            % {"campaign": campaign.title, "state": campaign.get_state_display()}
        )
    if not Review.objects.filter(
        application__campaign=campaign, state=ReviewState.ASSIGNED
    ).exists():
        raise DomainError(_("所有评审人员都已提交评审，无需提醒。"))
    reminder = ReviewReminder(
        campaign=campaign, kind=ReviewReminderKind.MANUAL, due_at=now, sent_at=now, sent_by=by
    )
    reminder.reviewers_reminded = _remind(campaign, now)
    reminder.save()
    return reminder
