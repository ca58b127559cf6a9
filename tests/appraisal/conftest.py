"""Fixtures of the party office's review: a campaign under review with department
A's and B's applications, and a review team working in departments of their own."""

from types import SimpleNamespace

import pytest

from appraisal.services import assignment
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


# --- record kinds registered by the year-round apps (appraisal/records.py) ---------------

FAKE_KINDS = {
    "integrity.commitments": "廉洁承诺书",
    "integrity.talks": "廉政约谈",
    "integrity.study_sessions": "科内学习",
}


class FakeRecords:
    """Stand-ins for the records apps: each kind's live summary per unit, changed by
    the test (``records.set(unit, key, text)``); a unit with no text has no records."""

    def __init__(self):
        self.texts = {}
        self.calls = []

    def set(self, unit, key, text):
        self.texts[(unit.pk, key)] = text

    def kind(self, key, label, order):
        from appraisal.records import RecordItem, RecordKind, RecordSummary

        def summarize(units, year):
            self.calls.append((key, year))
            answer = {}
            for unit in units:
                text = self.texts.get((unit.pk, key))
                if text is not None:
                    answer[unit.pk] = RecordSummary(
                        kind=key,
                        text=text,
                        figures={"year": year},
                        url=f"/records/{key}/{unit.pk}/",
                        items=(RecordItem(label=f"{label}记录", date=f"{year}-03-01"),),
                    )
            return answer

        return RecordKind(key=key, label=label, summarize=summarize, order=order)


@pytest.fixture
def fake_records():
    """The three integrity kinds registered with fake summaries; the registry is put
    back as it was afterwards."""
    from appraisal import records as registry

    saved = dict(registry._kinds)
    fake = FakeRecords()
    for order, (key, label) in enumerate(FAKE_KINDS.items()):
        registry.register_record_kind(fake.kind(key, label, order))
    yield fake
    registry._kinds.clear()
    registry._kinds.update(saved)
