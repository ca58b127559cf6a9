import datetime

import pytest
from django.utils import timezone

from appraisal.enums import CampaignState
from appraisal.models import Campaign, CampaignEvent
from appraisal.services import applications, deadlines
from appraisal.tasks import close_due_applications
from notifications.models import Notification
from tests.factories import STATEMENT, make_campaign

SH = timezone.get_fixed_timezone(8 * 60)


def at(*args):
    return datetime.datetime(*args, tzinfo=SH)


@pytest.fixture
def campaign(party_office, statutory_calendar):
    """Open from 2026-09-01 to Friday 2026-09-18 17:00."""
    from appraisal.services.campaigns import campaign_open

    draft = make_campaign(party_office, opens_at=at(2026, 9, 1, 8), closes_at=at(2026, 9, 18, 17))
    return campaign_open(campaign=draft, by=party_office, now=at(2026, 9, 1, 9))


def test_window_closes_by_itself_once(campaign, party_office):
    assert deadlines.close_due_applications(now=at(2026, 9, 18, 16, 59)) == []
    closed = deadlines.close_due_applications(now=at(2026, 9, 18, 17, 0))
    assert [c.pk for c in closed] == [campaign.pk]
    assert deadlines.close_due_applications(now=at(2026, 9, 18, 17, 1)) == []
    campaign.refresh_from_db()
    assert campaign.state == CampaignState.REVIEWING
    events = CampaignEvent.objects.filter(subject=campaign, transition="close_applications")
    assert events.count() == 1
    assert events.get().actor is None
    assert (
        Notification.objects.filter(recipient=party_office, subject__contains="申报已截止").count()
        == 1
    )


def test_a_worker_down_at_the_deadline_closes_at_its_next_run(campaign):
    closed = deadlines.close_due_applications(now=at(2026, 9, 21, 9, 0))
    assert [c.pk for c in closed] == [campaign.pk]


def test_beat_task_closes_due_campaigns(party_office):
    campaign = make_campaign(party_office)
    Campaign.objects.filter(pk=campaign.pk).update(
        state=CampaignState.OPEN, closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    close_due_applications.delay()
    campaign.refresh_from_db()
    assert campaign.state == CampaignState.REVIEWING


def test_reminder_goes_three_working_days_before_once(
    campaign, applicant_a, applicant_b, department_a, head_a
):
    # Friday 09-18 closes; three working days before: Tuesday 09-15 (Sunday 09-20 is
    # worked but lies after the deadline).
    assert deadlines.send_due_reminders(now=at(2026, 9, 14, 23, 59)) == []
    application = applications.application_start(
        campaign=campaign, unit=department_a, by=applicant_a, now=at(2026, 9, 2, 9)
    )
    applications.application_save(
        application=application,
        by=applicant_a,
        staff_count=5,
        party_member_count=1,
        materials_list="",
        statement=STATEMENT,
    )
    applications.head_confirm(application=application, by=head_a)
    applications.application_submit(application=application, by=applicant_a, now=at(2026, 9, 10, 9))
    reminded = deadlines.send_due_reminders(now=at(2026, 9, 15, 8, 0))
    assert [c.pk for c in reminded] == [campaign.pk]
    assert deadlines.send_due_reminders(now=at(2026, 9, 15, 9, 0)) == []
    reminders = Notification.objects.filter(subject__contains="将于9月18日17:00截止申报")
    assert list(reminders.values_list("recipient__username", flat=True)) == ["applicant_b"]


def test_reminder_skipped_while_the_year_is_unconfirmed(party_office, statutory_calendar, caplog):
    from appraisal.services.campaigns import campaign_open

    draft = make_campaign(
        party_office, year=2027, opens_at=at(2026, 12, 1, 8), closes_at=at(2027, 1, 8, 17)
    )
    campaign_open(campaign=draft, by=party_office, now=at(2026, 12, 1, 9))
    assert deadlines.send_due_reminders(now=at(2027, 1, 6, 9)) == []
    assert "2027 年的法定节假日" in caplog.text
