"""Fixtures of the party office's review: a campaign under review with department
A's and B's applications, and a review team working in departments of their own."""

from types import SimpleNamespace

import pytest

from appraisal import records as registry
from appraisal.services import assignment
from tests.appraisal.fake_records import register_fake_kinds
from tests.appraisal.yearly import FigureRecords
from tests.factories import (
    DepartmentFactory,
    PartyBranchFactory,
    close_applications,
    make_reviewer,
    open_campaign,
    submitted_application,
)


@pytest.fixture
def reviewing(party_office, department_a, department_b, applicant_a, applicant_b, head_a):
    """A campaign under review (window closed) with A's and B's applications submitted."""
    campaign = open_campaign(party_office)
    a = submitted_application(campaign, department_a, applicant=applicant_a)
    b = submitted_application(campaign, department_b, applicant=applicant_b)
    return SimpleNamespace(campaign=close_applications(campaign), a=a, b=b)


@pytest.fixture
def team(reviewing, party_office, reviewer_a):
    """reviewer_a (department A) and five reviewers from departments of a third branch,
    all on the campaign's review team."""
    branch = PartyBranchFactory(name="医技党支部")
    reviewers = [reviewer_a]
    for n in range(1, 6):
        unit = DepartmentFactory(code=f"R0{n}", name=f"医技科{n}", party_branch=branch)
        reviewers.append(make_reviewer(unit, f"reviewer{n}", name=f"评审人{n}"))
    for reviewer in reviewers:
        assignment.pool_add(campaign=reviewing.campaign, reviewer=reviewer, by=party_office)
    return reviewers


@pytest.fixture
def fake_records():
    """The three integrity kinds registered with fake summaries; the registry is put
    back as it was afterwards (tests/appraisal/fake_records.py)."""
    fake, restore = register_fake_kinds()
    yield fake
    restore()


@pytest.fixture
def figure_records():
    """Record kinds ``test.talks`` and ``test.sessions`` with figures the test sets
    (tests/appraisal/yearly.py); the registry is put back as it was afterwards."""
    saved = dict(registry._kinds)
    # Only these kinds: the installed records apps' are not these tests'.
    registry._kinds.clear()
    fake = FigureRecords()
    for kind in fake.kinds():
        registry.register_record_kind(kind)
    yield fake
    registry._kinds.clear()
    registry._kinds.update(saved)
