"""The review's deadline and the reminders to reviewers with unfinished reviews:
counted in working days (adjusted working weekends included), swept once, never
to a reviewer who finished; the late list; the party office's reminder."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from appraisal.enums import CampaignState, ReviewReminderKind
from appraisal.models import Campaign, ReviewReminder
from appraisal.review_selectors import late_reviewers, reviewer_progress
from appraisal.services import assignment, reminders
from appraisal.services.campaigns import campaign_create, campaign_update
from appraisal.tasks import send_due_review_reminders
from core.errors import DomainError
from notifications.models import Notification
from tests.factories import campaign_settings, fill_review

pytestmark = pytest.mark.django_db

SH = timezone.get_fixed_timezone(8 * 60)


def at(*args):
    return datetime.datetime(*args, tzinfo=SH)


@pytest.fixture
def assigned(reviewing, team, party_office, statutory_calendar):
    """The window closed on Friday 2026-09-18 17:00; reviewer1 has A's and B's
    applications, reviewer2 has B's and has submitted it."""
    campaign = reviewing.campaign
    Campaign.objects.filter(pk=campaign.pk).update(
        opens_at=at(2026, 9, 1, 8), closes_at=at(2026, 9, 18, 17)
    )
    first, second = team[1], team[2]
    for application in (reviewing.a, reviewing.b):
        assignment.review_assign(application=application, reviewer=first, by=party_office)
    done = assignment.review_assign(application=reviewing.b, reviewer=second, by=party_office)
    fill_review(done, by=second)
    campaign.refresh_from_db()
    return campaign


def _set(campaign, **values):
    Campaign.objects.filter(pk=campaign.pk).update(**values)
    campaign.refresh_from_db()
    return campaign


def _reminded(user):
    return list(
        Notification.objects.filter(recipient=user, body__contains="份评审未提交")
        .order_by("pk")
        .values_list("subject", "body")
    )


# --- when the deadline and the reminders fall ------------------------------------------------


def test_review_deadline_counts_working_days_after_the_window_across_an_adjusted_sunday(
    assigned,
):
    # Sat 19 Sept is off, Sun 20 Sept is an adjusted working day: day 1; Mon 21 day 2; Tue 22 day 3.
    campaign = _set(assigned, review_working_days=3)

    due = reminders.review_due_at(campaign)

    assert due == at(2026, 9, 23, 0, 0)
    # Two working days before Tue 22 Sept (not counted): Mon 21, then the adjusted Sun 20.
    assert reminders.reminder_due_at(campaign, due) == at(2026, 9, 20, 8, 0)


def test_review_deadline_on_a_date_ends_at_its_midnight(assigned):
    campaign = _set(assigned, review_deadline_on=datetime.date(2026, 9, 30))

    assert reminders.review_due_at(campaign) == at(2026, 10, 1, 0, 0)


def test_reminder_skips_the_national_day_holidays(assigned):
    # Deadline Thu 8 Oct 2026; 1-7 Oct are holidays: one working day before is Wed 30 Sept.
    campaign = _set(
        assigned, review_deadline_on=datetime.date(2026, 10, 8), review_reminder_working_days=1
    )

    due = reminders.review_due_at(campaign)

    assert reminders.reminder_due_at(campaign, due) == at(2026, 9, 30, 8, 0)


def test_schedule_writes_the_deadline_and_two_reminder_rows_once(assigned):
    _set(assigned, review_working_days=3)

    assert [c.pk for c in reminders.schedule_review_deadlines()] == [assigned.pk]
    assert reminders.schedule_review_deadlines() == []

    assigned.refresh_from_db()
    assert assigned.review_due_at == at(2026, 9, 23, 0, 0)
    assert assigned.review_last_day == datetime.date(2026, 9, 22)
    rows = dict(ReviewReminder.objects.filter(campaign=assigned).values_list("kind", "due_at"))
    assert rows == {
        ReviewReminderKind.BEFORE_DEADLINE: at(2026, 9, 20, 8, 0),
        ReviewReminderKind.OVERDUE: at(2026, 9, 23, 0, 0),
    }


def test_schedule_leaves_a_campaign_without_a_deadline_alone(assigned):
    assert reminders.schedule_review_deadlines() == []
    assert not ReviewReminder.objects.exists()


def test_schedule_waits_while_the_deadline_reaches_an_unconfirmed_year(assigned):
    # From 18 Dec 2026, 20 working days reach into 2027, which nobody has confirmed.
    _set(assigned, closes_at=at(2026, 12, 18, 17), review_working_days=20)

    assert reminders.send_due_review_reminders(now=at(2026, 12, 21, 9)) == []

    assigned.refresh_from_db()
    assert assigned.review_due_at is None
    assert not ReviewReminder.objects.exists()


# --- the sweep -------------------------------------------------------------------------------


def test_before_deadline_reminder_goes_on_its_working_day_once(assigned, team):
    _set(assigned, review_working_days=3)

    assert reminders.send_due_review_reminders(now=at(2026, 9, 20, 7, 59)) == []
    sent = reminders.send_due_review_reminders(now=at(2026, 9, 20, 8, 0))
    again = reminders.send_due_review_reminders(now=at(2026, 9, 20, 8, 15))

    assert [r.kind for r in sent] == [ReviewReminderKind.BEFORE_DEADLINE]
    assert again == []
    assert sent[0].reviewers_reminded == 1
    title = assigned.title
    assert _reminded(team[1]) == [
        (f"“{title}”评审将于2026年9月22日截止", "您还有 2 份评审未提交，请尽快完成评分并提交。")
    ]


def test_reviewer_who_finished_is_not_reminded(assigned, team):
    _set(assigned, review_working_days=3)

    reminders.send_due_review_reminders(now=at(2026, 9, 20, 8, 0))
    reminders.send_due_review_reminders(now=at(2026, 9, 23, 0, 0))

    assert _reminded(team[2]) == []
    assert len(_reminded(team[1])) == 2


def test_overdue_reminder_goes_when_the_deadline_passes_once(assigned, team):
    _set(assigned, review_working_days=3)
    reminders.send_due_review_reminders(now=at(2026, 9, 20, 8, 0))

    assert reminders.send_due_review_reminders(now=at(2026, 9, 22, 23, 59)) == []
    sent = reminders.send_due_review_reminders(now=at(2026, 9, 23, 0, 0))
    assert reminders.send_due_review_reminders(now=at(2026, 9, 23, 0, 15)) == []

    assert [r.kind for r in sent] == [ReviewReminderKind.OVERDUE]
    subjects = [subject for subject, _ in _reminded(team[1])]
    assert subjects[-1] == f"“{assigned.title}”评审已过截止时间"
    assert len(subjects) == 2


def test_before_reminder_found_after_the_deadline_reminds_nobody(assigned, team):
    # The worker was down from before the reminder until after the deadline.
    _set(assigned, review_working_days=3)

    sent = reminders.send_due_review_reminders(now=at(2026, 9, 24, 9, 0))

    assert sorted((r.kind, r.reviewers_reminded) for r in sent) == [
        (ReviewReminderKind.BEFORE_DEADLINE, 0),
        (ReviewReminderKind.OVERDUE, 1),
    ]
    assert [s for s, _ in _reminded(team[1])] == [f"“{assigned.title}”评审已过截止时间"]


def test_no_reminder_once_the_campaign_left_the_review(assigned, team):
    _set(assigned, review_working_days=3)
    reminders.schedule_review_deadlines()
    _set(assigned, state=CampaignState.DECIDING)

    assert reminders.send_due_review_reminders(now=at(2026, 9, 24, 9, 0)) == []
    assert _reminded(team[1]) == []


def test_beat_task_sweeps_review_reminders(assigned, team):
    _set(assigned, review_deadline_on=timezone.localdate() - datetime.timedelta(days=1))

    send_due_review_reminders.delay()

    assert ReviewReminder.objects.filter(sent_at__isnull=False).count() == 2
    assert settings.CELERY_BEAT_SCHEDULE["appraisal-send-due-review-reminders"] == {
        "task": "appraisal.tasks.send_due_review_reminders",
        "schedule": datetime.timedelta(minutes=15),
    }


# --- who is late ---------------------------------------------------------------------------


def test_late_reviewers_are_those_with_unfinished_reviews_after_the_deadline(assigned, team):
    _set(assigned, review_due_at=at(2026, 9, 23, 0, 0))

    assert late_reviewers(assigned, now=at(2026, 9, 22, 23, 59)) == []
    late = late_reviewers(assigned, now=at(2026, 9, 23, 0, 0))

    assert [(m.reviewer, m.assigned) for m in late] == [(team[1], 2)]
    progress = {m.reviewer: (m.done, m.total, m.is_late) for m in reviewer_progress(assigned)}
    assert progress[team[1]] == (0, 2, True)
    assert progress[team[2]] == (1, 1, False)


def test_nobody_is_late_without_a_deadline(assigned):
    assert late_reviewers(assigned, now=at(2027, 1, 1)) == []


# --- the party office's reminder ----------------------------------------------------------


def test_reviewers_remind_tells_the_unfinished_and_records_who_and_when(
    assigned, team, party_office
):
    reminder = reminders.reviewers_remind(
        campaign=assigned, by=party_office, now=at(2026, 9, 21, 10)
    )

    assert (reminder.kind, reminder.sent_by, reminder.sent_at, reminder.reviewers_reminded) == (
        ReviewReminderKind.MANUAL,
        party_office,
        at(2026, 9, 21, 10),
        1,
    )
    assert [s for s, _ in _reminded(team[1])] == [f"请尽快完成“{assigned.title}”的评审"]
    assert _reminded(team[2]) == []


def test_reviewers_remind_after_the_deadline_says_it_passed(assigned, team, party_office):
    _set(assigned, review_due_at=at(2026, 9, 23, 0, 0))

    reminders.reviewers_remind(campaign=assigned, by=party_office, now=at(2026, 9, 24, 10))

    assert [s for s, _ in _reminded(team[1])] == [f"“{assigned.title}”评审已过截止时间"]


def test_reviewers_remind_refused_to_a_reviewer(assigned, team):
    with pytest.raises(DomainError, match="只有党办可以管理评审"):
        reminders.reviewers_remind(campaign=assigned, by=team[1])
    assert not ReviewReminder.objects.exists()


def test_reviewers_remind_refused_when_everyone_finished(reviewing, team, party_office):
    review = assignment.review_assign(application=reviewing.b, reviewer=team[2], by=party_office)
    fill_review(review, by=team[2])

    with pytest.raises(DomainError, match="所有评审人员都已提交评审，无需提醒"):
        reminders.reviewers_remind(campaign=reviewing.campaign, by=party_office)
    assert not ReviewReminder.objects.exists()


def test_reviewers_remind_refused_outside_the_review(assigned, party_office):
    _set(assigned, state=CampaignState.DECIDING)

    with pytest.raises(DomainError, match="只有评审阶段才能提醒评审人员"):
        reminders.reviewers_remind(campaign=assigned, by=party_office)


# --- the campaign's settings ------------------------------------------------------------------


def test_campaign_refuses_a_review_deadline_before_the_review_starts(party_office):
    values = campaign_settings(
        closes_at=at(2026, 9, 18, 17), review_deadline_on=datetime.date(2026, 9, 18)
    )

    with pytest.raises(DomainError) as refused:
        campaign_create(by=party_office, **values)

    assert str(refused.value) == (
        "评审截止日期（2026年9月18日）必须晚于申报截止日期（2026年9月18日）：评审在申报截止后才开始。"
    )


def test_campaign_refuses_both_a_deadline_date_and_working_days(party_office):
    values = campaign_settings(
        closes_at=at(2026, 9, 18, 17),
        review_deadline_on=datetime.date(2026, 9, 30),
        review_working_days=5,
    )

    with pytest.raises(DomainError, match="只能填写一项"):
        campaign_create(by=party_office, **values)


def test_campaign_update_keeps_the_review_settings(party_office):
    campaign = campaign_create(by=party_office, **campaign_settings())

    updated = campaign_update(
        campaign=campaign, by=party_office, review_working_days=7, review_reminder_working_days=3
    )

    assert (updated.review_working_days, updated.review_reminder_working_days) == (7, 3)
    assert updated.review_deadline_on is None
    assert updated.history.first().history_user == party_office
