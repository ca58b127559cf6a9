"""Commitments (廉洁承诺书): recorded from a scan by the unit's head or contact, confirmed
online by the signer, one per person and year; withdrawn, never deleted."""

import datetime

import pytest
from django.utils import timezone

from core.errors import AlreadySubmittedError, DomainError
from integrity.enums import DEFAULT_COMMITMENT_TEXT, SigningMethod
from integrity.models import Commitment, CommitmentScan
from integrity.services.commitments import commitment_confirm, commitment_record
from integrity.services.common import record_withdraw
from tests.factories import pdf_upload
from tests.integrity.factories import docx_named_pdf, key, png_upload

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def record(unit, person, by, **overrides):
    values = {
        "unit": unit,
        "person": person,
        "signed_on": today(),
        "by": by,
        "upload": pdf_upload("承诺书.pdf"),
    }
    values.update(overrides)
    return commitment_record(**values)


def test_contact_records_a_commitment_with_its_scan(
    department_a, applicant_a, head_a, member_a, media_root
):
    commitment = record(department_a, member_a, applicant_a, upload=png_upload())
    assert commitment.method == SigningMethod.SCAN
    assert commitment.year == today().year
    assert commitment.received_by == head_a.person  # staff sign with their head
    assert commitment.signer_is_head is False
    assert CommitmentScan.objects.get(commitment=commitment).kind == "png"
    assert commitment.history.count() == 1


def test_a_scan_of_the_wrong_kind_is_refused_naming_what_is_allowed(
    department_a, applicant_a, member_a, media_root
):
    with pytest.raises(DomainError) as refusal:
        record(department_a, member_a, applicant_a, upload=docx_named_pdf())
    assert "PDF、JPG、PNG" in refusal.value.message
    assert refusal.value.field == "scan"
    assert Commitment.objects.count() == 0


def test_a_scan_is_required(department_a, applicant_a, member_a):
    with pytest.raises(DomainError, match="扫描件"):
        record(department_a, member_a, applicant_a, upload=None)


def test_a_person_of_another_department_is_refused_by_name(
    department_a, applicant_a, member_b, media_root
):
    with pytest.raises(DomainError) as refusal:
        record(department_a, member_b, applicant_a)
    assert refusal.value.message.startswith("李护士")
    assert "不是“心内科”的人员" in refusal.value.message
    assert refusal.value.field == "person"
    assert Commitment.objects.count() == 0


def test_only_the_units_head_or_contact_records(
    department_a, applicant_b, party_office, member_a, media_root
):
    for by in (applicant_b, party_office):
        with pytest.raises(DomainError, match="科室负责人或联络员"):
            record(department_a, member_a, by)


def test_the_head_records_too(department_a, head_a, member_a, media_root):
    assert record(department_a, member_a, head_a).recorded_by == head_a


def test_a_date_in_the_future_is_refused(department_a, applicant_a, member_a, media_root):
    with pytest.raises(DomainError, match="不能晚于今天"):
        record(department_a, member_a, applicant_a, signed_on=today() + datetime.timedelta(1))


def test_a_second_commitment_of_the_year_is_refused(
    department_a, applicant_a, member_a, media_root
):
    record(department_a, member_a, applicant_a)
    with pytest.raises(DomainError, match=r"已于.*签署.*不能重复记录"):
        record(department_a, member_a, applicant_a)
    assert Commitment.objects.count() == 1


def test_the_same_form_twice_makes_one_commitment(department_a, applicant_a, member_a, media_root):
    form_key = key()
    first = record(department_a, member_a, applicant_a, submission_key=form_key)
    with pytest.raises(AlreadySubmittedError) as repeat:
        record(department_a, member_a, applicant_a, submission_key=form_key)
    assert repeat.value.existing == first
    assert Commitment.objects.count() == 1


def test_the_heads_commitment_is_signed_with_the_hospital_and_names_who_received_it(
    department_a, applicant_a, head_a, party_office, media_root
):
    with pytest.raises(DomainError, match="代表医院接收") as refusal:
        record(department_a, head_a.person, applicant_a)
    assert refusal.value.field == "received_by"
    with pytest.raises(DomainError, match="不能是签署人本人"):
        record(department_a, head_a.person, applicant_a, received_by=head_a.person)
    commitment = record(department_a, head_a.person, applicant_a, received_by=party_office.person)
    assert commitment.signer_is_head is True
    assert commitment.received_by == party_office.person


def test_a_staff_member_confirms_in_their_own_account(staff, department_b):
    commitment = commitment_confirm(by=staff)
    assert commitment.method == SigningMethod.ONLINE
    assert commitment.unit == department_b
    assert commitment.person == staff.person
    assert commitment.signed_on == today()
    assert commitment.text == DEFAULT_COMMITMENT_TEXT
    assert commitment.recorded_by == staff


def test_confirming_twice_gives_the_standing_commitment(staff):
    first = commitment_confirm(by=staff)
    with pytest.raises(AlreadySubmittedError) as repeat:
        commitment_confirm(by=staff)
    assert repeat.value.existing == first
    assert Commitment.objects.count() == 1


def test_someone_not_on_the_roster_cannot_confirm(db):
    from tests.factories import UserFactory

    with pytest.raises(DomainError, match="不在在职人员名册上"):
        commitment_confirm(by=UserFactory())


def test_a_withdrawn_commitment_stays_and_a_new_one_may_be_made(
    department_a, applicant_a, member_a, media_root
):
    wrong = record(department_a, member_a, applicant_a)
    with pytest.raises(DomainError, match="撤回理由"):
        record_withdraw(record=wrong, by=applicant_a, reason=" ")
    withdrawn = record_withdraw(record=wrong, by=applicant_a, reason="签署日期有误")
    assert withdrawn.withdrawn_by == applicant_a
    assert withdrawn.withdrawal_reason == "签署日期有误"
    with pytest.raises(DomainError, match=r"已于.*撤回"):
        record_withdraw(record=wrong, by=applicant_a, reason="再次撤回")
    again = record(department_a, member_a, applicant_a)
    assert Commitment.objects.count() == 2
    assert again.withdrawn_at is None
    assert withdrawn.history.count() == 2


def test_only_the_units_keepers_withdraw(
    department_a, applicant_a, applicant_b, member_a, media_root
):
    commitment = record(department_a, member_a, applicant_a)
    with pytest.raises(DomainError, match="科室负责人或联络员"):
        record_withdraw(record=commitment, by=applicant_b, reason="错")
    assert Commitment.objects.get().withdrawn_at is None
