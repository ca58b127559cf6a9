"""The demo's records as evidence: attach, to the demo campaign's applications
still with their units, every summary their criteria offer (docs/yearwork.md,
"Records as evidence").

The records apps (integrity, risks, supervision, reports) register their kinds in
``ready()`` and load their own demo records; whoever loads the demo calls
``attach_demo_records(campaign)`` after those, as the units' applicants would
click “附上”. The demo's own applications also attach what is on record when they
are filled in (``attach_offered_records`` in demo.py's ``_apply``), which attaches
nothing while no records app is installed or its demo is not loaded yet.
"""

from appraisal.enums import APPLICATION_EDITABLE_STATES
from appraisal.models import Application, Criterion
from appraisal.records import record_kind, record_summaries
from appraisal.services import records as records_services


def attach_offered_records(application, *, by):
    """Attach every kind each criterion offers for which the unit has records of the
    campaign's year (one summary call for all kinds). Returns the rows attached.
    Side effects: as ``records_attach`` (a refreshed kind marks its old row replaced)."""
    campaign = application.campaign
    criteria = [
        c
        for c in Criterion.objects.filter(standard__rubric=campaign.rubric_id).order_by("pk")
        if c.record_kinds
    ]
    keys = {key for c in criteria for key in c.record_kinds if record_kind(key) is not None}
    if not keys:
        return []
    unit = application.unit
    on_record = {s.kind for s in record_summaries([unit], campaign.year, keys=keys)[unit.pk]}
    return [
        records_services.records_attach(
            application=application, criterion=criterion, kind=key, by=by
        )
        for criterion in criteria
        for key in criterion.record_kinds
        if key in on_record
    ]


def attach_demo_records(campaign):
    """For each of ``campaign``'s applications in draft or returned, attach what its
    unit's records of the year offer, by the applicant who started it. Returns how
    many summaries were attached (0 when every application is already submitted)."""
    attached = 0
    for application in Application.objects.filter(
        campaign=campaign, state__in=APPLICATION_EDITABLE_STATES
    ).select_related("campaign", "unit", "created_by"):
        attached += len(attach_offered_records(application, by=application.created_by))
    return attached
