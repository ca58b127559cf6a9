"""The counts on the home pages match the records they count."""

import pytest

from appraisal.enums import ApplicationState
from appraisal.models import Application
from appraisal.selectors import running_campaigns
from tests.factories import (
    DepartmentFactory,
    applicant_of,
    listed_publicity,
    open_campaign,
    submitted_application,
)

pytestmark = pytest.mark.django_db


def _units(count):
    return [DepartmentFactory() for _ in range(count)]


def test_submitted_count_keeps_applications_past_the_review(party_office):
    """Six departments applied and are on the publicity list: six were submitted."""
    listed_publicity(party_office, _units(6))
    [campaign] = running_campaigns()
    assert campaign.submitted_count == 6


def test_submitted_count_leaves_out_drafts_returned_and_disqualified(party_office):
    from appraisal.services.applications import application_start

    campaign = open_campaign(party_office)
    units = _units(4)
    submitted = [submitted_application(campaign, unit) for unit in units[:3]]
    application_start(campaign=campaign, unit=units[3], by=applicant_of(units[3]))
    Application.objects.filter(pk=submitted[1].pk).update(state=ApplicationState.RETURNED)
    Application.objects.filter(pk=submitted[2].pk).update(state=ApplicationState.DISQUALIFIED)
    [campaign] = running_campaigns()
    assert campaign.submitted_count == 1
