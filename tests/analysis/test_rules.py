"""analysis.rules: each permission alone, with the personas allowed and refused, and the
version's state explicit (a draft is the party office's alone)."""

import pytest

from analysis.rules import DRAFT, EDIT_VERSION, RECORD_CONCLUSIONS, VIEW_REPORTS, VIEW_VERSION
from tests.analysis.factories import draft, issued

pytestmark = pytest.mark.django_db

READERS = ("party_office", "party_committee", "leading_group", "discipline_office")
DEPARTMENTS = ("staff", "applicant_a", "head_a", "reviewer_a", "branch_secretary_a", "admin_user")


def _who(request, names):
    return {name: request.getfixturevalue(name) for name in names}


def test_the_list_is_read_by_the_office_the_deciders_and_the_discipline_office(request):
    for name, user in _who(request, READERS).items():
        assert user.has_perm(VIEW_REPORTS), name
    for name, user in _who(request, DEPARTMENTS).items():
        assert not user.has_perm(VIEW_REPORTS), name


def test_a_draft_is_read_by_the_party_office_alone(request, party_office):
    version = draft(party_office)
    assert party_office.has_perm(VIEW_VERSION, version)
    for name, user in _who(request, (*READERS[1:], *DEPARTMENTS)).items():
        assert not user.has_perm(VIEW_VERSION, version), name


def test_an_issued_version_is_read_by_every_reader_and_no_department(request, party_office):
    version = issued(party_office)
    for name, user in _who(request, READERS).items():
        assert user.has_perm(VIEW_VERSION, version), name
    for name, user in _who(request, DEPARTMENTS).items():
        assert not user.has_perm(VIEW_VERSION, version), name


def test_a_superseded_version_stays_readable(request, party_office):
    first = issued(party_office)
    issued(party_office, reason="更正数据。")
    first.refresh_from_db()
    assert first.state == "superseded"
    for name, user in _who(request, READERS).items():
        assert user.has_perm(VIEW_VERSION, first), name


def test_only_the_party_office_drafts(request):
    assert request.getfixturevalue("party_office").has_perm(DRAFT)
    for name, user in _who(request, (*READERS[1:], *DEPARTMENTS)).items():
        assert not user.has_perm(DRAFT), name


def test_only_the_party_office_edits_and_only_a_draft(request, party_office):
    version = draft(party_office)
    assert party_office.has_perm(EDIT_VERSION, version)
    for name, user in _who(request, (*READERS[1:], *DEPARTMENTS)).items():
        assert not user.has_perm(EDIT_VERSION, version), name
    version = issued(party_office, quarter=1)
    assert not party_office.has_perm(EDIT_VERSION, version)


def test_only_the_committee_records_conclusions_on_the_version_in_force(request, party_office):
    draft_version = draft(party_office, quarter=1)
    version = issued(party_office)
    committee = request.getfixturevalue("party_committee")
    assert committee.has_perm(RECORD_CONCLUSIONS, version)
    assert not committee.has_perm(RECORD_CONCLUSIONS, draft_version)
    for name, user in _who(request, (*READERS[:1], *READERS[2:], *DEPARTMENTS)).items():
        assert not user.has_perm(RECORD_CONCLUSIONS, version), name
    issued(party_office, reason="更正数据。")
    version.refresh_from_db()
    assert not committee.has_perm(RECORD_CONCLUSIONS, version)
