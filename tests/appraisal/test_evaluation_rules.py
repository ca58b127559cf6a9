"""The yearly evaluation's permissions (appraisal/rules.py), each alone."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser

from appraisal.models import EvaluationResult
from tests.factories import open_evaluation

pytestmark = pytest.mark.django_db

RESULT = "appraisal.view_evaluation_result"


@pytest.fixture
def result_a(party_office, department_a, department_b):
    campaign = open_evaluation(party_office)
    application = campaign.applications.get(unit=department_a)
    return EvaluationResult.objects.create(
        application=application,
        campaign=campaign,
        unit=department_a,
        year=campaign.year,
        total=Decimal("91.00"),
        rank=1,
        grade="excellent",
        criterion_scores={},
        average_total=Decimal("85.00"),
        confirmed_on=datetime.date(2026, 1, 5),
    )


def _publish(result):
    from django.utils import timezone

    result.campaign.results_published_at = timezone.now()


def test_the_units_applicant_and_head_read_its_result_once_published(result_a, applicant_a, head_a):
    assert not applicant_a.has_perm(RESULT, result_a)
    assert not head_a.has_perm(RESULT, result_a)
    _publish(result_a)
    assert applicant_a.has_perm(RESULT, result_a)
    assert head_a.has_perm(RESULT, result_a)


def test_another_units_applicant_never_reads_it(result_a, applicant_b):
    _publish(result_a)
    assert not applicant_b.has_perm(RESULT, result_a)


def test_a_reviewer_and_staff_of_the_unit_never_read_it(result_a, reviewer_a, staff):
    _publish(result_a)
    assert not reviewer_a.has_perm(RESULT, result_a)
    assert not staff.has_perm(RESULT, result_a)
    assert not AnonymousUser().has_perm(RESULT, result_a)


def test_the_party_office_and_committee_read_every_result_before_publication(
    result_a, party_office, party_committee, leading_group
):
    assert party_office.has_perm(RESULT, result_a)
    assert party_committee.has_perm(RESULT, result_a)
    assert not leading_group.has_perm(RESULT, result_a)


def test_every_units_results_are_the_party_offices_and_committees(
    party_office, party_committee, leading_group, applicant_a, reviewer_a
):
    name = "appraisal.view_evaluation_results"
    assert party_office.has_perm(name)
    assert party_committee.has_perm(name)
    assert not leading_group.has_perm(name)
    assert not applicant_a.has_perm(name)
    assert not reviewer_a.has_perm(name)


def test_only_the_party_committee_confirms_results(
    party_office, party_committee, leading_group, admin_user
):
    name = "appraisal.confirm_evaluation_results"
    assert party_committee.has_perm(name)
    assert not party_office.has_perm(name)
    assert not leading_group.has_perm(name)
    assert not admin_user.has_perm(name)


def test_is_published_result_reads_the_campaign():
    from appraisal.rules import is_published_result

    published = SimpleNamespace(campaign=SimpleNamespace(results_published_at=object()))
    unpublished = SimpleNamespace(campaign=SimpleNamespace(results_published_at=None))
    assert is_published_result(None, published)
    assert not is_published_result(None, unpublished)
    assert not is_published_result(None, None)
