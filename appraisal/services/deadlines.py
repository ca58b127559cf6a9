"""The beat sweeps of the application window.

Deadlines are rows: ``Campaign.closes_at`` and ``Campaign.reminder_sent_at``.
Each sweep claims what is due with a conditional update and acts only when
that update changed exactly one row, so running a sweep twice, or two workers
at once, acts once; a worker that was down at the deadline acts at its next run.
The review's deadline and its reminders follow the same pattern in reminders.py.
"""

import logging

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.roles import users_with_role
from appraisal.enums import ApplicationState, CampaignKind, CampaignState
from appraisal.models import Application, Campaign, CampaignEvent
from core.errors import DomainError
from core.i18n import month_day_time, site_language
from departments.models import Department
from departments.selectors import applicants_of
from notifications.services import notify
from workcalendar.workdays import working_days_before

logger = logging.getLogger(__name__)

REMIND_WORKING_DAYS_BEFORE = 3


def close_due_applications(*, now=None):
    """Close the application window of every open campaign whose deadline has passed.

    Side effects per campaign closed: state open → reviewing; a
    ``close_applications`` event by the system; the party office is notified.
    Returns the campaigns closed by this run.
    """
    now = now or timezone.now()
    closed = []
    for pk in Campaign.objects.filter(state=CampaignState.OPEN, closes_at__lte=now).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            changed = Campaign.objects.filter(
                pk=pk, state=CampaignState.OPEN, closes_at__lte=now
            ).update(state=CampaignState.REVIEWING)
            if changed != 1:
                continue
            campaign = Campaign.objects.get(pk=pk)
            CampaignEvent.objects.create(
                subject=campaign,
                actor=None,
                transition="close_applications",
                from_state=CampaignState.OPEN,
                to_state=CampaignState.REVIEWING,
                reason=_("申报截止时间已到，系统自动截止。"),
            )
            submitted = campaign.applications.exclude(
                state__in=[ApplicationState.DRAFT, ApplicationState.RETURNED]
            ).count()
            with site_language():
                notify(
                    recipients=users_with_role("party_office"),
                    subject=ngettext(
                        "“%(campaign)s”申报已截止，共收到 %(count)s 份申报",
                        "“%(campaign)s”申报已截止，共收到 %(count)s 份申报",
                        submitted,
                    )
                    % {"campaign": campaign.title, "count": submitted},
                    url=reverse("appraisal:applications", args=[campaign.pk]),
                )
            closed.append(campaign)
    return closed


def units_yet_to_submit(campaign):
    """Active units that may apply in ``campaign`` and have not submitted."""
    kinds = Q()
    if campaign.allows_departments:
        kinds |= Q(parent__isnull=True)
    if campaign.allows_clean_teams:
        kinds |= Q(parent__isnull=False)
    submitted = Application.objects.filter(campaign=campaign).exclude(
        state__in=[ApplicationState.DRAFT, ApplicationState.RETURNED]
    )
    return (
        Department.objects.filter(kinds, active=True)
        .exclude(pk__in=submitted.values("unit_id"))
        .order_by("code")
    )


def send_due_reminders(*, now=None):
    """Remind the units that have not submitted, three working days before the window closes, once.

    A campaign whose deadline lies in a year nobody has confirmed is skipped
    with a warning in the log (the administrator's home page asks for the year).
    Side effects per campaign: ``reminder_sent_at``; one notification per
    applicant of each unit yet to submit.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    reminded = []
    # A yearly evaluation's units never apply: nobody to remind.
    due = Campaign.objects.filter(
        state=CampaignState.OPEN,
        kind=CampaignKind.SELECTION,
        reminder_sent_at__isnull=True,
        closes_at__gt=now,
    )
    for campaign in due:
        try:
            remind_on = working_days_before(
                timezone.localdate(campaign.closes_at), REMIND_WORKING_DAYS_BEFORE
            )
        except DomainError as error:
            logger.warning("reminder for campaign %s not computed: %s", campaign.pk, error)
            continue
        if today < remind_on:
            continue
        with transaction.atomic():
            claimed = Campaign.objects.filter(pk=campaign.pk, reminder_sent_at__isnull=True).update(
                reminder_sent_at=now
            )
            if claimed != 1:
                continue
            for unit in units_yet_to_submit(campaign):
                with site_language():
                    notify(
                        recipients=applicants_of(unit),
                        subject=_("“%(campaign)s”将于%(deadline)s截止申报")
                        % {
                            "campaign": campaign.title,
                            "deadline": month_day_time(campaign.closes_at),
                        },
                        body=_(
                            "%(unit)s尚未提交申报。请在截止前完成申报材料并经科室负责人确认后提交。"
                        )
                        % {"unit": unit.name},
                        url=reverse("appraisal:unit_home", args=[campaign.pk, unit.pk]),
                    )
            reminded.append(campaign)
    return reminded
