"""The party office's review progress: late reviewers marked, the reminder button
with the last reminder, progress bars, the campaign form's deadline fields."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from appraisal.models import Campaign, ReviewReminder
from appraisal.services import assignment
from notifications.models import Notification
from tests.factories import DepartmentFactory, fill_review, make_reviewer

pytestmark = pytest.mark.django_db


@pytest.fixture
def late(reviewing, team, party_office):
    """The deadline passed yesterday: reviewer1 has A's and B's unfinished, reviewer2
    submitted B's."""
    campaign = reviewing.campaign
    for application in (reviewing.a, reviewing.b):
        assignment.review_assign(application=application, reviewer=team[1], by=party_office)
    done = assignment.review_assign(application=reviewing.b, reviewer=team[2], by=party_office)
    fill_review(done, by=team[2])
    Campaign.objects.filter(pk=campaign.pk).update(
        review_due_at=timezone.now() - datetime.timedelta(days=1)
    )
    return campaign


@pytest.fixture
def office(client, party_office):
    client.force_login(party_office)
    return client


def _queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_progress_page_marks_the_late_reviewer_with_the_unfinished_count(late, office, team):
    page = office.get(reverse("appraisal:review_progress", args=[late.pk])).content.decode()

    assert 'id="late-reviewers"' in page
    assert "评审人1：2 份未完成" in page
    assert "评审人2：" not in page
    assert "已逾期" in page
    assert "提醒所有未完成的评审人" in page
    assert "党办尚未手动提醒过评审人员。" in page


def test_progress_bars_carry_values_and_a_text_equivalent(late, office):
    page = office.get(reverse("appraisal:review_progress", args=[late.pk])).content.decode()

    assert (
        'role="progressbar" aria-label="评审人1的评审进度" aria-valuenow="0" '
        'aria-valuemin="0" aria-valuemax="2" aria-valuetext="已完成 0/2"'
    ) in page
    assert 'aria-label="骨科的评审进度" aria-valuenow="1" aria-valuemin="0" aria-valuemax="2"' in (
        page
    )
    assert "已完成 1/1" in page


def test_progress_page_before_the_deadline_shows_nobody_late(reviewing, team, office, party_office):
    assignment.review_assign(application=reviewing.b, reviewer=team[1], by=party_office)
    Campaign.objects.filter(pk=reviewing.campaign.pk).update(
        review_due_at=timezone.now() + datetime.timedelta(days=2)
    )
    url = reverse("appraisal:review_progress", args=[reviewing.campaign.pk])

    page = office.get(url).content.decode()

    assert 'id="late-reviewers"' not in page
    assert "已逾期" not in page
    last_day = timezone.localdate(
        timezone.now() + datetime.timedelta(days=2) - datetime.timedelta(minutes=1)
    )
    assert f"评审截止：{last_day.year}年{last_day.month}月{last_day.day}日 24:00。" in page


def test_remind_button_notifies_and_the_page_shows_who_and_when(late, office, team, party_office):
    url = reverse("appraisal:reviewers_remind", args=[late.pk])

    response = office.post(url, follow=True)

    page = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("appraisal:review_progress", args=[late.pk])
    assert "已提醒 1 名尚未完成评审的评审人员。" in page
    reminder = ReviewReminder.objects.get()
    assert reminder.sent_by == party_office
    sent = timezone.localtime(reminder.sent_at)
    assert (
        f"上次提醒：{sent:%Y}年{sent.month}月{sent.day}日 {sent:%H:%M}，由{party_office}发送，提醒 1 人。"
        in page
    )
    assert Notification.objects.filter(recipient=team[1], body__contains="2 份评审未提交").exists()


def test_remind_from_the_overview_returns_to_the_overview(late, office):
    response = office.post(
        reverse("appraisal:reviewers_remind", args=[late.pk]), {"next": "overview"}
    )

    assert response.url == reverse("appraisal:review_overview", args=[late.pk])


def test_remind_when_everyone_finished_says_so(reviewing, team, office, party_office):
    review = assignment.review_assign(application=reviewing.b, reviewer=team[2], by=party_office)
    fill_review(review, by=team[2])

    response = office.post(
        reverse("appraisal:reviewers_remind", args=[reviewing.campaign.pk]), follow=True
    )

    assert "所有评审人员都已提交评审，无需提醒。" in response.content.decode()
    assert not ReviewReminder.objects.exists()


def test_overview_marks_the_late_reviewer(late, office):
    page = office.get(reverse("appraisal:review_overview", args=[late.pk])).content.decode()

    assert "评审人1：2 份未完成" in page
    assert page.count('class="table-danger"') == 1
    assert 'aria-valuetext="已完成 0/2"' in page


def test_progress_query_count_does_not_grow_with_reviewers(late, office, team, party_office):
    url = reverse("appraisal:review_progress", args=[late.pk])
    reminder_url = reverse("appraisal:reviewers_remind", args=[late.pk])
    office.post(reminder_url)
    one = _queries(office, url)
    unit = DepartmentFactory(code="R09", name="医技科9")
    for n in range(3):
        reviewer = make_reviewer(unit, f"extra{n}", name=f"加评人{n}")
        assignment.pool_add(campaign=late, reviewer=reviewer, by=party_office)
        assignment.review_assign(
            application=late.applications.first(), reviewer=reviewer, by=party_office
        )
    office.post(reminder_url)

    assert _queries(office, url) == one


def test_progress_query_count_one_and_many_with_a_single_reviewer(
    reviewing, office, party_office, reviewer_a
):
    """At one reviewer on the team and at three or more the page runs the same queries."""
    url = reverse("appraisal:review_progress", args=[reviewing.campaign.pk])
    assignment.pool_add(campaign=reviewing.campaign, reviewer=reviewer_a, by=party_office)
    assignment.review_assign(application=reviewing.b, reviewer=reviewer_a, by=party_office)
    one = _queries(office, url)
    unit = DepartmentFactory(code="R08", name="医技科8")
    for n in range(3):
        reviewer = make_reviewer(unit, f"more{n}", name=f"再加评人{n}")
        assignment.pool_add(campaign=reviewing.campaign, reviewer=reviewer, by=party_office)
        assignment.review_assign(application=reviewing.a, reviewer=reviewer, by=party_office)

    assert _queries(office, url) == one


# --- the campaign form ----------------------------------------------------------------------


def _form_data(**overrides):
    data = {
        "year": "2026",
        "title": "2026年度清廉科室评选",
        "document_number": "",
        "opens_at": "2026-09-01T08:00",
        "closes_at": "2026-09-18T17:00",
        "quota": "3",
        "publicity_working_days": "5",
        "statement_min_chars": "600",
        "statement_max_chars": "1000",
        "allows_departments": "on",
        "reviewers_per_application": "5",
        "review_reminder_working_days": "2",
    }
    data.update(overrides)
    return data


def test_campaign_form_refuses_a_review_deadline_before_the_review_starts(office):
    response = office.post(
        reverse("appraisal:campaign_create"), _form_data(review_deadline_on="2026-09-10")
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert (
        "评审截止日期（2026年9月10日）必须晚于申报截止日期（2026年9月18日）：评审在申报截止后才开始。"
        in page
    )
    assert not Campaign.objects.exists()


def test_campaign_form_refuses_both_ways_of_the_deadline(office):
    response = office.post(
        reverse("appraisal:campaign_create"),
        _form_data(review_deadline_on="2026-09-30", review_working_days="5"),
    )

    assert "评审截止日期和评审期（工作日）只能填写一项。" in response.content.decode()
    assert not Campaign.objects.exists()


def test_campaign_form_saves_the_review_settings_with_help(office, party_office):
    page = office.get(reverse("appraisal:campaign_create")).content.decode()
    assert "申报截止（评审开始）后的第 N 个工作日 24:00 评审截止" in page

    office.post(
        reverse("appraisal:campaign_create"),
        _form_data(review_working_days="10", review_reminder_working_days="3"),
    )

    campaign = Campaign.objects.get()
    assert (campaign.review_working_days, campaign.review_reminder_working_days) == (10, 3)
    assert campaign.history.first().history_user == party_office
