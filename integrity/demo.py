"""The demo hospital's integrity records of this year (departments/demo.py), up to today:
most members signed, talks with most, a study session in each quarter so far, and a few
gaps so that the coverage page has something to show.

Derived from a seeded random generator, so the same records come out on every machine.
``load_demo_year_round`` adds only what is missing, found by its natural key (a person's
commitment of the year, a person's talk of the year, a unit's session of a quarter), so
running it twice changes nothing.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from accounts.models import User
from departments.demo import DEPARTMENTS, SEED
from departments.models import Appointment, Department, Person, Post
from integrity.coverage import quarter_of
from integrity.enums import DEFAULT_COMMITMENT_TEXT, QUARTERS, SigningMethod
from integrity.membership import year_membership
from integrity.models import Commitment, StudySession, Talk

HISTORY_REASON = "演示数据"
# Units whose records have more gaps than the others (and the quarter they skipped).
LAGGING = {"KQK": 2, "BWK": 3, "ZWK": 2}
TOPICS = (
    "学习《医疗机构工作人员廉洁从业九项准则》",
    "学习《中国共产党纪律处分条例》",
    "学习中央八项规定精神及实施细则",
    "医德医风警示教育案例学习",
    "学习《医疗机构从业人员行为规范》",
)
NOTES = (
    "提醒严格执行“九项准则”，不收受红包回扣。",
    "谈廉洁行医与合理检查、合理用药。",
    "提醒遵守劳动纪律，文明规范服务。",
)


def _recorder(unit, fallback):
    """Who keeps the unit's records in the demo: its contact, else its head, if they have an
    account; else the party office's demo account."""
    contact = (
        Appointment.objects.current()
        .filter(department=unit, post=Post.CONTACT, person__user__isnull=False)
        .select_related("person__user")
        .first()
    )
    if contact is not None:
        return contact.person.user
    if unit.head_id and unit.head.user_id:
        return unit.head.user
    return fallback


def _create(model, rows):
    if rows:
        bulk_create_with_history(rows, model, default_change_reason=HISTORY_REASON)
    return len(rows)


def _rng(*key):
    """A generator of its own for each record: what one record draws never moves another's."""
    return random.Random("-".join(str(part) for part in (SEED, *key)))  # noqa: S311


def _day_in(rng, first, last):
    return first + datetime.timedelta(days=rng.randrange((last - first).days + 1))


@transaction.atomic
def load_demo_year_round(*, today=None):
    """Add whatever of this year's demo integrity records is missing; returns the counts
    created. Needs the demo hospital (``load_demo_hospital``); does nothing without it.

    Side effects: commitments (confirmed online), talks and study sessions with their
    attendees, each with a history row."""
    today = today or timezone.localdate()
    year = today.year
    units = list(
        Department.objects.filter(code__in=[d.code for d in DEPARTMENTS]).select_related("head")
    )
    created = {"commitments": 0, "talks": 0, "sessions": 0}
    fallback = User.objects.filter(username="po").first()
    if not units or fallback is None:
        return created
    units.sort(key=lambda unit: unit.code)
    membership = year_membership(units, year, today=today)
    people = Person.objects.in_bulk(list(membership.person_ids()))
    signed = set(
        Commitment.objects.filter(year=year, withdrawn_at__isnull=True).values_list(
            "person_id", flat=True
        )
    )
    talked = set(
        Talk.objects.filter(talked_on__year=year, withdrawn_at__isnull=True).values_list(
            "person_id", flat=True
        )
    )
    held = {
        (unit_id, quarter_of(day))
        for unit_id, day in StudySession.objects.filter(held_on__year=year).values_list(
            "unit_id", "held_on"
        )
    }
    leader = Person.objects.filter(department__code="YLD").order_by("employee_number").first()
    first_day = datetime.date(year, 1, 1)
    commitments, talks = [], []
    for unit in units:
        # A clean team's people are its department's too: their records are the team's.
        if unit.parent_id is None and any(u.parent_id == unit.pk for u in units):
            family_only = {
                pk
                for team in units
                if team.parent_id == unit.pk
                for pk in membership.current[team.pk]
            }
        else:
            family_only = set()
        recorder = _recorder(unit, fallback)
        gap_share = 0.3 if unit.code in LAGGING else 0.06
        for person_id in sorted(membership.current[unit.pk] - family_only):
            rng = _rng(year, "commitment", people[person_id].employee_number)
            if rng.random() < gap_share or person_id in signed:
                continue
            person = people[person_id]
            signed.add(person_id)
            head = unit.head_id == person_id
            commitments.append(
                Commitment(
                    unit=unit,
                    person=person,
                    year=year,
                    signed_on=_day_in(rng, first_day, min(today, datetime.date(year, 2, 28))),
                    method=SigningMethod.ONLINE,
                    signer_is_head=head,
                    received_by=None if head else unit.head,
                    text=DEFAULT_COMMITMENT_TEXT,
                    recorded_by=person.user or recorder,
                )
            )
        for person_id in sorted(membership.owed_talk(unit.pk, 30) - family_only):
            rng = _rng(year, "talk", people[person_id].employee_number)
            if rng.random() < gap_share * 2 or person_id in talked or unit.head_id is None:
                continue
            head = unit.head_id == person_id
            talker = leader if head else unit.head
            if talker is None or talker.pk == person_id:
                continue
            talked.add(person_id)
            talks.append(
                Talk(
                    unit=unit,
                    talker=talker,
                    person=people[person_id],
                    talked_on=_day_in(rng, first_day, today),
                    note=rng.choice(NOTES),
                    recorded_by=recorder,
                )
            )
    created["commitments"] = _create(Commitment, commitments)
    created["talks"] = _create(Talk, talks)
    for unit in units:
        recorder = _recorder(unit, fallback)
        for quarter in QUARTERS:
            held_on = datetime.date(year, quarter * 3 - 1, 15)  # mid-quarter
            if held_on > today or (unit.pk, quarter) in held:
                continue
            if LAGGING.get(unit.code) == quarter:
                continue
            members = sorted(
                pk
                for pk in membership.current[unit.pk]
                if people[pk].joined_department_on <= held_on
            )
            rng = _rng(year, "session", unit.code, quarter)
            attendees = [pk for pk in members if rng.random() < 0.85] or members[:1]
            if not attendees:
                continue
            session = StudySession(
                unit=unit,
                held_on=held_on,
                topic=TOPICS[(quarter + len(unit.code)) % len(TOPICS)],
                minutes="科室集中学习，结合本科室岗位廉政风险点开展讨论。",
                recorded_by=recorder,
            )
            session._change_reason = HISTORY_REASON
            session.save()
            session.attendees.set(attendees)
            created["sessions"] += 1
    return created
