"""Integrity talks and study sessions: who may record them, about whom, and the refusals."""

import datetime

import pytest
from django.utils import timezone

from core.errors import AlreadySubmittedError, DomainError
from integrity.models import StudySession, StudySessionFile, Talk
from integrity.services.sessions import session_record
from integrity.services.talks import talk_record
from tests.factories import pdf_upload
from tests.integrity.factories import docx_named_pdf, key, move, person_since

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def test_the_head_talks_with_a_member(department_a, applicant_a, head_a, member_a):
    talk = talk_record(
        unit=department_a,
        talker=head_a.person,
        person=member_a,
        talked_on=today(),
        note="提醒廉洁行医",
        by=applicant_a,
    )
    assert (talk.talker, talk.person, talk.note) == (head_a.person, member_a, "提醒廉洁行医")
    assert talk.history.count() == 1


def test_a_talk_with_someone_of_another_department_is_refused_by_name(
    department_a, applicant_a, head_a, member_b
):
    with pytest.raises(DomainError) as refusal:
        talk_record(
            unit=department_a,
            talker=head_a.person,
            person=member_b,
            talked_on=today(),
            note="提醒",
            by=applicant_a,
        )
    assert "李护士" in refusal.value.message
    assert "心内科" in refusal.value.message
    assert Talk.objects.count() == 0


def test_a_talk_dated_before_the_person_moved_in_is_refused(
    department_a, department_b, applicant_a, head_a
):
    person = person_since(department_b, datetime.date(2020, 1, 1), name="调入者")
    moved_on = today() - datetime.timedelta(days=10)
    move(person, department_a, moved_on)
    with pytest.raises(DomainError, match="调入者"):
        talk_record(
            unit=department_a,
            talker=head_a.person,
            person=person,
            talked_on=moved_on - datetime.timedelta(days=1),
            note="提醒",
            by=applicant_a,
        )
    talk_record(
        unit=department_a,
        talker=head_a.person,
        person=person,
        talked_on=moved_on,
        note="提醒",
        by=applicant_a,
    )


def test_a_talk_needs_two_people_a_note_and_its_keeper(
    department_a, applicant_a, applicant_b, head_a, member_a
):
    base = {
        "unit": department_a,
        "talker": head_a.person,
        "person": member_a,
        "talked_on": today(),
        "note": "提醒",
        "by": applicant_a,
    }
    with pytest.raises(DomainError, match="同一人"):
        talk_record(**{**base, "person": head_a.person})
    with pytest.raises(DomainError, match="约谈情况"):
        talk_record(**{**base, "note": "  "})
    with pytest.raises(DomainError, match="科室负责人或联络员"):
        talk_record(**{**base, "by": applicant_b})
    form_key = key()
    first = talk_record(**base, submission_key=form_key)
    with pytest.raises(AlreadySubmittedError) as repeat:
        talk_record(**base, submission_key=form_key)
    assert repeat.value.existing == first
    assert Talk.objects.count() == 1


def test_a_session_with_attendees_from_the_roster_and_minutes(
    department_a, applicant_a, head_a, member_a
):
    session = session_record(
        unit=department_a,
        held_on=today(),
        topic="学习《医疗机构工作人员廉洁从业九项准则》",
        attendees=[head_a.person, member_a],
        minutes="全科学习并讨论。",
        by=applicant_a,
    )
    assert set(session.attendees.all()) == {head_a.person, member_a}
    assert session.history.count() == 2  # the row, then its attendees (m2m history)


def test_an_attendee_of_another_department_is_refused_by_name(
    department_a, applicant_a, member_a, member_b
):
    with pytest.raises(DomainError) as refusal:
        session_record(
            unit=department_a,
            held_on=today(),
            topic="学习",
            attendees=[member_a, member_b],
            minutes="记录",
            by=applicant_a,
        )
    assert refusal.value.field == "attendees"
    assert "李护士" in refusal.value.message
    assert "王医生" not in refusal.value.message
    assert StudySession.objects.count() == 0


def test_a_session_needs_minutes_or_a_file_of_an_allowed_kind(
    department_a, applicant_a, member_a, media_root
):
    base = {
        "unit": department_a,
        "held_on": today(),
        "topic": "学习",
        "attendees": [member_a],
        "by": applicant_a,
    }
    with pytest.raises(DomainError, match="请填写学习记录"):
        session_record(**base)
    with pytest.raises(DomainError, match="PDF、JPG、PNG"):
        session_record(**base, upload=docx_named_pdf("照片.pdf"))
    with pytest.raises(DomainError, match="参加人员"):
        session_record(**{**base, "attendees": []}, minutes="记录")
    with pytest.raises(DomainError, match="学习主题"):
        session_record(**{**base, "topic": ""}, minutes="记录")
    session = session_record(**base, upload=pdf_upload("学习记录.pdf"))
    assert StudySessionFile.objects.get(session=session).kind == "pdf"
    assert StudySession.objects.count() == 1


def test_the_same_session_form_twice_makes_one_session(department_a, applicant_a, member_a):
    form_key = key()
    values = {
        "unit": department_a,
        "held_on": today(),
        "topic": "学习",
        "attendees": [member_a],
        "minutes": "记录",
        "by": applicant_a,
        "submission_key": form_key,
    }
    first = session_record(**values)
    with pytest.raises(AlreadySubmittedError) as repeat:
        session_record(**values)
    assert repeat.value.existing == first
    assert StudySession.objects.count() == 1


def test_a_hospital_leader_talks_with_the_head_a_stranger_with_no_one_else(
    department_a, applicant_a, head_a, member_a, member_b
):
    talk = talk_record(
        unit=department_a,
        talker=member_b,
        person=head_a.person,
        talked_on=today(),
        note="院领导约谈科主任",
        by=applicant_a,
    )
    assert talk.talker == member_b
    with pytest.raises(DomainError) as refusal:
        talk_record(
            unit=department_a,
            talker=member_b,
            person=member_a,
            talked_on=today(),
            note="提醒",
            by=applicant_a,
        )
    assert refusal.value.field == "talker"
    assert "李护士" in refusal.value.message
