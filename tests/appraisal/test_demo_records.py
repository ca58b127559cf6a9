"""The demo's records as evidence (appraisal/demo_records.py): the demo campaign's
applications still with their units attach every summary their criteria offer."""

import pytest

from appraisal.demo_records import attach_demo_records
from appraisal.models import AttachedRecord
from appraisal.services import applications as application_services
from tests.factories import open_campaign, submitted_application

pytestmark = pytest.mark.django_db


def test_attach_demo_records_attaches_every_offered_kind_to_drafts_only(
    fake_records, party_office, applicant_a, department_a, department_b
):
    campaign = open_campaign(party_office)
    draft = application_services.application_start(
        campaign=campaign, unit=department_a, by=applicant_a
    )
    submitted = submitted_application(campaign, department_b)
    for unit in (department_a, department_b):
        fake_records.set(unit, "integrity.commitments", "已签 42/42 人")
        fake_records.set(unit, "integrity.talks", "约谈 40/42 人")

    # Commitments evidence three criteria of the default rubric, talks two; study
    # sessions have no records, and the other apps' kinds are not registered here.
    assert attach_demo_records(campaign) == 5
    attached = AttachedRecord.objects.filter(detached_at__isnull=True)
    assert {a.application_id for a in attached} == {draft.pk}
    assert sorted(a.kind for a in attached) == [
        "integrity.commitments",
        "integrity.commitments",
        "integrity.commitments",
        "integrity.talks",
        "integrity.talks",
    ]
    assert all(a.attached_by == applicant_a for a in attached)
    assert not submitted.attached_records.exists()


def test_attach_demo_records_without_records_apps_attaches_nothing(
    monkeypatch, party_office, applicant_a, department_a
):
    from appraisal import records as registry

    monkeypatch.setattr(registry, "_kinds", {})  # no records app has registered a kind
    campaign = open_campaign(party_office)
    application_services.application_start(campaign=campaign, unit=department_a, by=applicant_a)
    assert attach_demo_records(campaign) == 0
