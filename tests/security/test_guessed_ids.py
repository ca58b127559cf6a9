"""Guessed ids: a URL with two ids names a record under a parent it does not belong to.

The permission matrix (tests/test_permission_matrix.py) asks every persona for
each URL with ids that fit together. Here the first id is one the persona may
use (its own application, its own objection, a rectification it may read) and
the second belongs to someone else's record: the evidence of department A
under department B's application, and so on. Every such request is answered
404, and nothing changes.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter

from appraisal.models import Criterion, Evidence
from tests import test_permission_matrix as matrix
from tests.factories import make_campaign, pdf_upload

pytestmark = pytest.mark.django_db


def _other_criterion(request):
    """A criterion of another campaign's rubric."""
    other = make_campaign(request.getfixturevalue("party_office"), title="另一批次")
    return Criterion.objects.filter(standard__rubric=other.rubric).first()


def _evidence_of_a_under_b(request):
    """Department B's own application in the same campaign, and A's evidence."""
    from appraisal.services.applications import application_start

    a = matrix._application_a(request)
    b = application_start(
        campaign=a.campaign,
        unit=request.getfixturevalue("department_b"),
        by=request.getfixturevalue("applicant_b"),
    )
    return [b.pk, a.evidence.get().pk]


def _standard_of_another_campaign(request):
    campaign = matrix._campaign(request)
    other = _other_criterion(request)
    return [campaign.pk, other.standard_id]


def _criterion_of_another_campaign(request):
    campaign = matrix._campaign(request)
    return [campaign.pk, _other_criterion(request).pk]


def _own_application_and_foreign_criterion(request):
    return [matrix._application_a(request).pk, _other_criterion(request).pk]


def _own_review_and_foreign_criterion(request):
    return [matrix._review_of_b(request).pk, _other_criterion(request).pk]


def _own_yearly_application_and_foreign_criterion(request):
    from tests.appraisal.computed_matrix_rows import _yearly

    return [_yearly(request)[1].pk, _other_criterion(request).pk]


def _team_and_someone_not_on_it(request):
    campaign, _, _ = matrix._reviewing_campaign(request)
    return [campaign.pk, request.getfixturevalue("staff").pk]


def _own_objection_and_someone_elses_attachment(request):
    from tests.factories import UserFactory, objection_of

    own = matrix._objection_against_a(request)
    other = objection_of(
        own.publicity,
        own.application,
        UserFactory(username="other_objector"),
        uploads=[pdf_upload("另一份.pdf")],
    )
    return [own.pk, other.attachments.get().pk]


def _event_of_b_and_evidence_of_a(request):
    from tests.factories import reported_veto_event

    a = matrix._veto_event_a(request, "confirmed")
    b = reported_veto_event(
        request.getfixturevalue("department_b"),
        request.getfixturevalue("discipline_office"),
        uploads=[pdf_upload("乙科室.pdf")],
    )
    return [b.pk, a.evidence.get().pk]


def _rectification_of_b_and_report_of_a(request):
    from tests.factories import rectification_of

    _, report_of_a = matrix._rectification_report_a(request)
    b = rectification_of(
        request.getfixturevalue("department_b"),
        state="due",
        reporter=request.getfixturevalue("discipline_office"),
    )
    return [b.pk, report_of_a]


def _campaign_and_unit_of_a(request):
    return matrix._campaign_and_unit_a(request)


def _own_application_and_a_record_attached_to_b(request):
    """Department A's application, and a record summary attached to B's in the campaign."""
    from django.utils import timezone

    from appraisal.models import AttachedRecord
    from appraisal.services.applications import application_start

    a = matrix._application_a(request)
    b = application_start(
        campaign=a.campaign,
        unit=request.getfixturevalue("department_b"),
        by=request.getfixturevalue("applicant_b"),
    )
    attached = AttachedRecord.objects.create(
        application=b,
        criterion=Criterion.objects.filter(standard__rubric=a.campaign.rubric).first(),
        kind="integrity.commitments",
        year=a.campaign.year,
        snapshot={"kind": "integrity.commitments", "text": "已签 9/9 人（100%）"},
        attached_by=request.getfixturevalue("applicant_b"),
        attached_at=timezone.now(),
    )
    return [a.pk, attached.pk]


def _report_of_b_and_file_of_a(request):
    from reports.models import Report
    from tests.reports.factories import monthly_report
    from tests.reports.matrix_rows import _report_file_args

    report_of_a, file_of_a = _report_file_args(request)
    task = Report.objects.get(pk=report_of_a).task
    of_b = monthly_report(task, request.getfixturevalue("department_b"), month=8)
    return [of_b.pk, file_of_a]


def _material_of_b_and_file_of_a(request):
    from tests.reports.factories import material
    from tests.reports.matrix_rows import _material_file_args

    _, file_of_a = _material_file_args(request)
    of_b = material(request.getfixturevalue("department_b"), request.getfixturevalue("applicant_b"))
    return [of_b.pk, file_of_a]


def _ledger_item_of_b_and_evidence_of_a(request):
    from tests.supervision.factories import ledger_item_of
    from tests.supervision.matrix_rows import _evidence_a

    _, evidence_of_a = _evidence_a(request)
    department_b = request.getfixturevalue("department_b")
    someone_of_b = request.getfixturevalue("applicant_b").person
    item_of_b = ledger_item_of(
        department_b,
        by=request.getfixturevalue("discipline_office"),
        responsible=someone_of_b,
    )
    return [item_of_b.pk, evidence_of_a]


# URLs whose two numbers are not two records, each with why.
NOT_TWO_RECORDS = {
    "integrity:unit": "a unit and a year: the year names no record",
}


CASES = {
    # Department B's applicant asks for A's page in the campaign.
    "appraisal:unit_home": ("get", _campaign_and_unit_of_a, ("applicant_b",)),
    "appraisal:evidence": ("get", _evidence_of_a_under_b, ("applicant_b", "party_office")),
    "appraisal:evidence_remove": ("post", _evidence_of_a_under_b, ("applicant_b", "party_office")),
    "appraisal:standard_edit": ("post", _standard_of_another_campaign, ("party_office",)),
    "appraisal:standard_remove": ("post", _standard_of_another_campaign, ("party_office",)),
    "appraisal:criterion_add": ("post", _standard_of_another_campaign, ("party_office",)),
    "appraisal:criterion_edit": ("post", _criterion_of_another_campaign, ("party_office",)),
    "appraisal:criterion_remove": ("post", _criterion_of_another_campaign, ("party_office",)),
    # A yearly campaign's computed criteria (docs/evaluation.md).
    "appraisal:formula": ("post", _criterion_of_another_campaign, ("party_office",)),
    "appraisal:formula_remove": ("post", _criterion_of_another_campaign, ("party_office",)),
    "appraisal:explanation_add": (
        "post",
        _own_yearly_application_and_foreign_criterion,
        ("applicant_a",),
    ),
    "appraisal:self_assessment": (
        "post",
        _own_application_and_foreign_criterion,
        ("applicant_a",),
    ),
    "appraisal:review_score": ("post", _own_review_and_foreign_criterion, ("reviewer_a",)),
    "appraisal:pool_remove": ("post", _team_and_someone_not_on_it, ("party_office",)),
    "appraisal:reviewer_away": ("post", _team_and_someone_not_on_it, ("party_office",)),
    "appraisal:reviewer_back": ("post", _team_and_someone_not_on_it, ("party_office",)),
    "publicity:objection_attachment": (
        "get",
        _own_objection_and_someone_elses_attachment,
        ("staff", "discipline_office"),
    ),
    "veto:evidence": ("get", _event_of_b_and_evidence_of_a, ("discipline_office",)),
    "appraisal:record_attach": (
        "post",
        _own_application_and_foreign_criterion,
        ("applicant_a",),
    ),
    "appraisal:record_detach": (
        "post",
        _own_application_and_a_record_attached_to_b,
        ("applicant_a",),
    ),
    "reports:report_file": ("get", _report_of_b_and_file_of_a, ("discipline_office",)),
    "reports:material_file": ("get", _material_of_b_and_file_of_a, ("party_office",)),
    "supervision:evidence": ("get", _ledger_item_of_b_and_evidence_of_a, ("discipline_office",)),
    "veto:report_file": (
        "get",
        _rectification_of_b_and_report_of_a,
        ("party_office", "party_committee"),
    ),
}


@pytest.mark.parametrize(
    ("url_name", "persona"),
    [(name, persona) for name, (_, _, personas) in CASES.items() for persona in personas],
)
def test_a_child_under_a_parent_it_does_not_belong_to_is_not_found(
    request, persona_client, url_name, persona
):
    method, build, _ = CASES[url_name]
    args = build(request)
    live_evidence = Evidence.objects.filter(removed_at__isnull=True).count()
    client = persona_client(persona)
    response = getattr(client, method)(reverse(url_name, args=args), {"score": "1"})
    assert response.status_code == 404, f"{persona} {method.upper()} {url_name} {args}"
    assert Evidence.objects.filter(removed_at__isnull=True).count() == live_evidence


def test_every_url_with_two_ids_has_a_case():
    """A new URL naming a record under a parent comes with its guessed-id case."""
    assert sorted(_urls_with_two_ids() - CASES.keys() - NOT_TWO_RECORDS.keys()) == []


def _urls_with_two_ids(resolver=None, namespace="", ids=0):
    found = set()
    for entry in (resolver or get_resolver()).url_patterns:
        converters = getattr(entry.pattern, "converters", {}).values()
        count = ids + sum(isinstance(converter, IntConverter) for converter in converters)
        if isinstance(entry, URLResolver):
            if entry.namespace != "admin":
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                found |= _urls_with_two_ids(entry, inner, count)
        elif isinstance(entry, URLPattern) and entry.name and count >= 2:
            found.add(f"{namespace}{entry.name}")
    return found


# --- the yearly evaluation's result page: one id, the result's ---------------------------


def test_a_guessed_yearly_result_id_is_not_found(db, request, persona_client):
    """Department B's applicant tries the ids of results that are not theirs to read:
    A's, its own before publication, and one that does not exist: each is 404, the
    same answer. Once published, its own is shown and A's still is not."""
    from appraisal.models import EvaluationResult
    from appraisal.services.evaluations import results_publish
    from tests.appraisal.matrix_rows import _confirmed

    campaign = _confirmed(request)
    a = EvaluationResult.objects.get(campaign=campaign, unit__code="A01")
    b = EvaluationResult.objects.get(campaign=campaign, unit__code="B01")
    client = persona_client("applicant_b")
    last = EvaluationResult.objects.order_by("-pk").first().pk
    for pk in (a.pk, b.pk, last + 1):
        url = reverse("appraisal:evaluation_result", args=[pk])
        assert client.get(url).status_code == 404, url
    results_publish(campaign=campaign, by=request.getfixturevalue("party_office"))
    assert client.get(reverse("appraisal:evaluation_result", args=[b.pk])).status_code == 200
    assert client.get(reverse("appraisal:evaluation_result", args=[a.pk])).status_code == 404
