"""Integrity records for tests: people with a dated roster history, and records written
directly (the services are tested on their own)."""

import datetime
import uuid

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from departments.models import Person
from integrity.enums import SigningMethod
from integrity.models import Commitment, StudySession, Talk
from tests.factories import PersonFactory


def moment(day):
    """Noon of ``day`` in Asia/Shanghai, for a history row's date."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def person_since(unit, joined_on, *, recorded_on=None, **fields):
    """A person on ``unit``'s roster since ``joined_on``, entered on ``recorded_on``."""
    person = PersonFactory.build(department=unit, joined_department_on=joined_on, **fields)
    person._history_date = moment(recorded_on or joined_on)
    person.save()
    return person


def move(person, unit, joined_on, *, recorded_on=None):
    """``person`` moves to ``unit`` on ``joined_on`` (entered on ``recorded_on``)."""
    person = Person.objects.get(pk=person.pk)
    person.department = unit
    person.joined_department_on = joined_on
    person._history_date = moment(recorded_on or joined_on)
    person.save()
    return person


def leave(person, on):
    """``person`` leaves the hospital: marked 在职 = 否 on ``on``."""
    person = Person.objects.get(pk=person.pk)
    person.active = False
    person._history_date = moment(on)
    person.save()
    return person


def commitment(person, unit, by, *, signed_on, method=SigningMethod.ONLINE):
    return Commitment.objects.create(
        unit=unit,
        person=person,
        year=signed_on.year,
        signed_on=signed_on,
        method=method,
        recorded_by=by,
    )


def talk(person, unit, by, *, talked_on, talker=None):
    return Talk.objects.create(
        unit=unit,
        person=person,
        talker=talker or unit.head or person,
        talked_on=talked_on,
        note="谈话提醒",
        recorded_by=by,
    )


def session(unit, by, *, held_on, attendees=(), topic="学习党纪处分条例"):
    record = StudySession.objects.create(
        unit=unit, held_on=held_on, topic=topic, minutes="学习记录", recorded_by=by
    )
    record.attendees.set(attendees)
    return record


def png_upload(name="承诺书.png"):
    body = b"\x89PNG\r\n\x1a\n" + b"0" * 100
    return SimpleUploadedFile(name, body, content_type="image/png")


def docx_named_pdf(name="承诺书.pdf"):
    """A Word-like zip that is not one of the scan kinds, whatever its name says."""
    return SimpleUploadedFile(name, b"PK\x03\x04" + b"0" * 100, content_type="application/pdf")


def key():
    return uuid.uuid4()
