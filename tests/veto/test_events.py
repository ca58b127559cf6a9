"""Veto events: who reports under which indicator, verification and dismissal by the
discipline office, confirmation or dismissal by the party committee."""

import datetime
import uuid

import pytest
from django.utils import timezone

from core.errors import AlreadySubmittedError, DomainError, StaleStateError
from notifications.models import Notification
from tests.factories import (
    DepartmentFactory,
    PersonFactory,
    office_person,
    pdf_upload,
    reported_veto_event,
    text_upload,
    veto_event_in_state,
    veto_indicator,
)
from veto.enums import VetoEventState
from veto.models import VetoEvent, VetoEvidence, VetoIndicator
from veto.services import events as services

pytestmark = pytest.mark.django_db


def subjects(user):
    return list(Notification.objects.filter(recipient=user).values_list("subject", flat=True))


@pytest.fixture
def medical_officer(db):
    """A person of 医务科, named responsible by indicators 7, 8 and 9."""
    return office_person("医务科", "yiwu", code="YWK")


# --- report -------------------------------------------------------------------------------


def test_report_by_the_discipline_office_under_any_indicator(
    discipline_office, department_a, media_root
):
    for number in (1, 7, 10):
        indicator = VetoIndicator.objects.get(number=number)
        event = reported_veto_event(department_a, discipline_office, indicator=indicator)
        assert event.indicator_number == number
    assert VetoEvent.objects.count() == 3


def test_report_snapshots_the_wording_and_records_the_report(
    discipline_office, department_a, media_root
):
    event = reported_veto_event(
        department_a, discipline_office, uploads=[pdf_upload("处分决定.pdf")]
    )
    indicator = veto_indicator()
    assert (event.indicator_number, event.indicator_text, event.indicator_evidence_basis) == (
        4,
        indicator.text,
        "相关记录、文件",
    )
    assert event.state == VetoEventState.REPORTED
    assert event.reported_by == discipline_office
    history = event.events.get()
    assert (history.transition, history.from_state, history.to_state, history.actor) == (
        "report",
        "",
        "reported",
        discipline_office,
    )
    evidence = VetoEvidence.objects.get(event=event)
    assert (evidence.original_name, evidence.kind, evidence.uploaded_by) == (
        "处分决定.pdf",
        "pdf",
        discipline_office,
    )
    assert evidence.file.name.startswith(f"veto/{event.pk}/")
    assert "处分决定" not in evidence.file.name


def test_report_notifies_the_discipline_office_not_the_department(
    discipline_office, department_a, applicant_a, head_a
):
    event = reported_veto_event(department_a, discipline_office)
    assert subjects(discipline_office) == ["收到对“心内科”的否决事项报告，请核实"]
    assert subjects(applicant_a) == []
    assert subjects(head_a) == []
    assert Notification.objects.get(recipient=discipline_office).url == f"/veto/events/{event.pk}/"


def test_report_by_a_responsible_office_under_its_indicator(medical_officer, department_a):
    event = reported_veto_event(
        department_a, medical_officer, indicator=VetoIndicator.objects.get(number=7)
    )
    assert event.reported_by == medical_officer


def test_report_by_a_responsible_office_refused_under_another_indicator(
    medical_officer, department_a
):
    with pytest.raises(DomainError, match="您不能报告第4项否决性指标"):
        reported_veto_event(department_a, medical_officer)


@pytest.mark.parametrize("persona", ["staff", "applicant_a", "party_office", "party_committee"])
def test_report_refused_for_others(request, persona, department_a):
    user = request.getfixturevalue(persona)
    with pytest.raises(DomainError, match="只有纪检监察室和该指标的责任部门可以报告"):
        reported_veto_event(department_a, user, indicator=VetoIndicator.objects.get(number=7))
    assert VetoEvent.objects.count() == 0


def test_reportable_indicators_of_a_responsible_office(medical_officer, discipline_office):
    assert [i.number for i in services.reportable_indicators(medical_officer)] == [7, 8, 9]
    assert len(services.reportable_indicators(discipline_office)) == 10


def test_report_refused_for_a_future_date(discipline_office, department_a):
    with pytest.raises(DomainError, match="发生日期不能晚于今天"):
        reported_veto_event(
            department_a,
            discipline_office,
            occurred_on=timezone.localdate() + datetime.timedelta(days=1),
        )


def test_report_refused_without_a_description(discipline_office, department_a):
    with pytest.raises(DomainError, match="请填写事实描述"):
        reported_veto_event(department_a, discipline_office, description="   ")


def test_report_refused_for_a_person_of_another_unit(discipline_office, department_a):
    stranger = PersonFactory(department=DepartmentFactory(name="眼科"), name="王五")
    with pytest.raises(DomainError, match="王五不在“心内科”的人员名单上"):
        reported_veto_event(department_a, discipline_office, person=stranger)


def test_report_about_a_person_of_the_unit(discipline_office, department_a):
    doctor = PersonFactory(department=department_a, name="李四")
    event = reported_veto_event(department_a, discipline_office, person=doctor)
    assert event.person == doctor


def test_report_refused_for_a_file_that_is_not_evidence(
    discipline_office, department_a, media_root
):
    with pytest.raises(DomainError, match="的内容不是允许的文件类型"):
        reported_veto_event(department_a, discipline_office, uploads=[text_upload()])
    assert VetoEvent.objects.count() == 0
    assert VetoEvidence.objects.count() == 0


def test_report_refused_for_an_oversized_file(discipline_office, department_a, media_root):
    big = pdf_upload(size=services.MAX_EVIDENCE_BYTES + 1)
    with pytest.raises(DomainError, match="超过单个文件 20 MB 的上限"):
        reported_veto_event(department_a, discipline_office, uploads=[big])


# --- verify and dismiss (discipline office) -----------------------------------------------


def test_verify_records_who_when_and_the_note(discipline_office, department_a, party_committee):
    event = reported_veto_event(department_a, discipline_office)
    event = services.veto_event_verify(event=event, by=discipline_office, note="经核实属实。")
    assert event.state == VetoEventState.VERIFIED
    assert event.verified_by == discipline_office
    assert event.verified_at is not None
    latest = event.events.latest()
    assert (latest.transition, latest.reason, latest.actor) == (
        "verify",
        "经核实属实。",
        discipline_office,
    )
    assert subjects(party_committee) == ["否决事项待院党委确认：心内科"]


def test_verify_notifies_the_reporter(medical_officer, discipline_office, department_a):
    event = reported_veto_event(
        department_a, medical_officer, indicator=VetoIndicator.objects.get(number=7)
    )
    services.veto_event_verify(event=event, by=discipline_office)
    assert subjects(medical_officer) == ["您报告的否决事项（心内科）已经纪检监察室核实"]


def test_verify_refused_for_the_party_committee(party_committee, discipline_office, department_a):
    event = reported_veto_event(department_a, discipline_office)
    with pytest.raises(DomainError, match="只有纪检监察室可以核实否决事项"):
        services.veto_event_verify(event=event, by=party_committee)


def test_verify_refused_about_ones_own_department(discipline_office):
    own = discipline_office.person.department
    event = veto_event_in_state(own, discipline_office)
    with pytest.raises(DomainError, match="须回避"):
        services.veto_event_verify(event=event, by=discipline_office)


def test_verify_twice_is_stale(discipline_office, department_a):
    event = reported_veto_event(department_a, discipline_office)
    services.veto_event_verify(event=event, by=discipline_office)
    with pytest.raises(StaleStateError):
        services.veto_event_verify(event=event, by=discipline_office)


def test_dismiss_of_a_reported_event_by_the_discipline_office(discipline_office, department_a):
    event = reported_veto_event(department_a, discipline_office)
    event = services.veto_event_dismiss(event=event, by=discipline_office, reason="查无实据")
    assert event.state == VetoEventState.DISMISSED
    assert (event.decided_by, event.events.latest().reason) == (discipline_office, "查无实据")


def test_dismiss_requires_a_reason(discipline_office, department_a):
    event = reported_veto_event(department_a, discipline_office)
    with pytest.raises(DomainError, match="不予认定须说明理由"):
        services.veto_event_dismiss(event=event, by=discipline_office, reason=" ")


def test_dismiss_of_a_reported_event_refused_for_the_party_committee(
    party_committee, discipline_office, department_a
):
    event = reported_veto_event(department_a, discipline_office)
    with pytest.raises(DomainError, match="待核实的否决事项只能由纪检监察室不予认定"):
        services.veto_event_dismiss(event=event, by=party_committee, reason="x")


def test_dismiss_of_a_verified_event_refused_for_the_discipline_office(
    discipline_office, department_a
):
    event = veto_event_in_state(department_a, discipline_office, state="verified")
    with pytest.raises(DomainError, match="已核实的否决事项只能由院党委不予认定"):
        services.veto_event_dismiss(event=event, by=discipline_office, reason="x")


def test_dismiss_of_a_verified_event_by_the_party_committee(
    party_committee, discipline_office, department_a
):
    event = veto_event_in_state(department_a, discipline_office, state="verified")
    event = services.veto_event_dismiss(event=event, by=party_committee, reason="情节轻微")
    assert event.state == VetoEventState.DISMISSED
    assert subjects(discipline_office) == ["否决事项（心内科）不予认定"]


# --- confirm (party committee) ------------------------------------------------------------


def test_confirm_records_who_when_and_why(party_committee, discipline_office, department_a):
    event = veto_event_in_state(department_a, discipline_office, state="verified")
    event = services.veto_event_confirm(event=event, by=party_committee, reason="院党委会研究确认")
    assert event.state == VetoEventState.CONFIRMED
    assert event.decided_by == party_committee
    latest = event.events.latest()
    assert (latest.transition, latest.from_state, latest.to_state, latest.reason) == (
        "confirm",
        "verified",
        "confirmed",
        "院党委会研究确认",
    )


def test_confirm_refused_for_the_discipline_office(discipline_office, department_a):
    event = veto_event_in_state(department_a, discipline_office, state="verified")
    with pytest.raises(DomainError, match="只有院党委可以确认否决事项"):
        services.veto_event_confirm(event=event, by=discipline_office, reason="x")


def test_confirm_refused_about_ones_own_department(party_committee, discipline_office):
    own = party_committee.person.department
    event = veto_event_in_state(own, discipline_office, state="verified")
    with pytest.raises(DomainError, match="须回避"):
        services.veto_event_confirm(event=event, by=party_committee, reason="x")


def test_confirm_requires_a_reason(party_committee, discipline_office, department_a):
    event = veto_event_in_state(department_a, discipline_office, state="verified")
    with pytest.raises(DomainError, match="请填写确认意见"):
        services.veto_event_confirm(event=event, by=party_committee, reason="")


def test_confirm_of_a_reported_event_is_stale(party_committee, discipline_office, department_a):
    event = veto_event_in_state(department_a, discipline_office)
    with pytest.raises(StaleStateError):
        services.veto_event_confirm(event=event, by=party_committee, reason="x")


def test_confirm_without_effects_tells_the_department(
    party_committee, discipline_office, department_a, applicant_a, head_a
):
    event = veto_event_in_state(department_a, discipline_office, state="verified")
    services.veto_event_confirm(event=event, by=party_committee, reason="确认")
    assert subjects(applicant_a) == ["院党委确认了涉及“心内科”的否决事项"]
    assert subjects(head_a) == ["院党委确认了涉及“心内科”的否决事项"]
    assert subjects(discipline_office) == ["否决事项（心内科）已经院党委确认"]


# --- the same report form submitted twice (drills) --------------------------------------------


def test_second_report_from_one_form_makes_no_second_event(discipline_office, department_a):
    key = uuid.uuid4()
    indicator = veto_indicator()
    first = reported_veto_event(
        department_a, discipline_office, indicator=indicator, submission_key=key
    )
    with pytest.raises(AlreadySubmittedError) as repeat:
        reported_veto_event(
            department_a, discipline_office, indicator=indicator, submission_key=key
        )
    assert repeat.value.existing == first
    assert repeat.value.message == "该否决事项已经报告过，没有重复登记。"
    assert VetoEvent.objects.count() == 1
