"""The ranking page kept in the cache (appraisal/ranking.py ``ranking_kept``): served
from the cache until the ranking changes, and renewed once each of the services that
change it commits: a review submitted, reopened or excused, a leading-group decision."""

import itertools
from contextlib import suppress

from django.db import transaction
from django.urls import reverse

from appraisal.ranking import ranking_kept
from appraisal.services import assignment
from appraisal.services import decisions as decision_services
from appraisal.services import reviews as services
from departments.models import Department
from tests.factories import deciding_campaign, fill_review


def _probe(campaign):
    """A value kept beside the campaign's ranking: a new number each time it is computed."""
    counter = itertools.count(1)
    return lambda: ranking_kept(campaign, "probe", lambda: next(counter))


def _page(client, campaign):
    return client.get(reverse("appraisal:ranking", args=[campaign.pk])).content.decode()


def test_ranking_page_is_served_from_the_cache_until_the_ranking_changes(
    reviewing, team, party_office, persona_client
):
    review = assignment.review_assign(application=reviewing.b, reviewer=team[1], by=party_office)
    fill_review(review, by=team[1], direct=True)
    client = persona_client("party_office")
    assert "100.00" in _page(client, reviewing.campaign)
    # A change that bypasses the services (and so renews nothing) is not seen.
    Department.objects.filter(pk=reviewing.b.unit_id).update(name="改名科")
    page = _page(client, reviewing.campaign)
    assert "骨科" in page
    assert "改名科" not in page


def test_review_submit_renews_the_ranking(
    reviewing, team, party_office, persona_client, django_capture_on_commit_callbacks
):
    client = persona_client("party_office")
    review = assignment.review_assign(application=reviewing.b, reviewer=team[1], by=party_office)
    fill_review(review, by=team[1], direct=True, submit=False)
    probe = _probe(reviewing.campaign)
    assert probe() == 1
    assert "100.00" not in _page(client, reviewing.campaign)
    with django_capture_on_commit_callbacks(execute=True):
        services.review_submit(review=review, by=team[1])
    assert probe() == 2
    assert "100.00" in _page(client, reviewing.campaign)


def test_review_reopen_renews_the_ranking(
    reviewing, team, party_office, persona_client, django_capture_on_commit_callbacks
):
    client = persona_client("party_office")
    review = assignment.review_assign(application=reviewing.b, reviewer=team[1], by=party_office)
    review = fill_review(review, by=team[1], direct=True)
    probe = _probe(reviewing.campaign)
    assert probe() == 1
    assert "100.00" in _page(client, reviewing.campaign)
    with django_capture_on_commit_callbacks(execute=True):
        services.review_reopen(review=review, by=party_office, reason="第 3 项请复核")
    assert probe() == 2
    assert "100.00" not in _page(client, reviewing.campaign)


def test_review_excuse_renews_the_ranking(
    reviewing, team, party_office, django_capture_on_commit_callbacks
):
    review = assignment.review_assign(application=reviewing.b, reviewer=team[1], by=party_office)
    probe = _probe(reviewing.campaign)
    assert probe() == 1
    assert probe() == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.review_excuse(review=review, by=party_office, reason="出差")
    assert probe() == 2


def test_decision_renews_the_ranking(
    party_office, leading_group, department_a, persona_client, django_capture_on_commit_callbacks
):
    campaign, (application,) = deciding_campaign(party_office, [department_a], quota=1)
    client = persona_client("party_office")
    probe = _probe(campaign)
    assert probe() == 1
    assert "拟推荐" in _page(client, campaign)
    with django_capture_on_commit_callbacks(execute=True):
        decision_services.decision_record(
            application=application, by=leading_group, approve=True, reason="同意。"
        )
    assert probe() == 2
    page = _page(client, campaign)
    assert "审定通过" in page
    assert "拟推荐" not in page


def test_a_rolled_back_change_keeps_the_kept_ranking(
    reviewing, team, party_office, django_capture_on_commit_callbacks
):
    review = assignment.review_assign(application=reviewing.b, reviewer=team[1], by=party_office)
    probe = _probe(reviewing.campaign)
    assert probe() == 1
    with (
        django_capture_on_commit_callbacks(execute=True),
        suppress(RuntimeError),
        transaction.atomic(),
    ):
        services.review_excuse(review=review, by=party_office, reason="出差")
        raise RuntimeError
    assert probe() == 1


def test_a_department_renamed_renews_every_ranking(
    reviewing, team, party_office, persona_client, django_capture_on_commit_callbacks
):
    assignment.review_assign(application=reviewing.b, reviewer=team[1], by=party_office)
    client = persona_client("party_office")
    assert "骨科" in _page(client, reviewing.campaign)
    unit = reviewing.b.unit
    unit.name = "骨科（一病区）"
    with django_capture_on_commit_callbacks(execute=True):
        unit.save()
    assert "骨科（一病区）" in _page(client, reviewing.campaign)
