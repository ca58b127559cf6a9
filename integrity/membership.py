"""Who was a member of a unit, and when: the one rule every coverage figure uses
(docs/yearwork.md, "Integrity records", "Members").

A person's membership is read from their roster entry's history (``Person.history``,
django-simple-history) and the entry as it is now:

* each history row is the state after a change; a row whose department differs from the
  row before (or the first row) starts that department on the row's
  ``joined_department_on`` (the business date the roster gives, not the day it was typed
  in); any other change (``active`` turned off or on) takes effect on the local date of
  the change. Dates never go backwards: a start earlier than the previous one is moved
  up to it;
* a person is a member of a unit from that start while ``active``, until the next change;
* a *department*'s members are the people of the department and of its clean teams (as
  the +2 list of seed 001 counts them); a clean team's are its own people.

From these *stints* a unit's year (1 January to 31 December, or to today in the current
year) gives two sets:

* ``members``: everyone who was a member on at least one day of it, with the number of
  days;
* ``current``: the members on its last day (today in the current year, 31 December for
  a past year).

Commitments count the current members; talks the members of at least
``TALK_MIN_DAYS`` days; both count a person's record of the year whichever unit made it
(a person signs once a year and has their talk once a year, wherever they work).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from departments.models import Department, Person

HistoricalPerson = Person.history.model


@dataclass(frozen=True, slots=True)
class Stint:
    """``person_id`` belonged, active, to ``unit_id`` from ``starts_on`` until the day
    before ``ends_on`` (None: still)."""

    person_id: int
    unit_id: int
    starts_on: datetime.date
    ends_on: datetime.date | None = None

    def covers(self, day):
        return self.starts_on <= day and (self.ends_on is None or day < self.ends_on)

    def days_within(self, first, last):
        """How many days of ``first``…``last`` (both included) the stint covers."""
        start = max(self.starts_on, first)
        end = last if self.ends_on is None else min(last, self.ends_on - datetime.timedelta(1))
        return max((end - start).days + 1, 0)


def year_window(year, today=None):
    """``(first, last)`` days of ``year`` that have come: 1 January to 31 December, or to
    ``today`` in the current year; None for a year not yet begun."""
    today = today or timezone.localdate()
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    if first > today:
        return None
    return first, min(last, today)


def _stints_of(rows, current):
    """The stints of one person from their history rows (sorted) and the entry now."""
    states = []  # (starts on, unit id, active)
    previous_unit = None
    floor = datetime.date.min
    for unit_id, joined_on, active, changed_on, history_type in rows:
        if history_type == "-":
            starts, unit_id, active = changed_on, previous_unit, False
        elif unit_id != previous_unit:
            starts = joined_on
        else:
            starts = changed_on
        starts = max(starts, floor)
        floor = starts
        states.append((starts, unit_id, active))
        previous_unit = unit_id
    if current is not None:
        unit_id, joined_on, active = current
        last = states[-1] if states else None
        if last is None or last[1] != unit_id or last[2] != active:
            # The entry was changed without a history row (a bulk update): it holds from
            # its joining date when the unit changed, else from today.
            starts = joined_on if (last is None or last[1] != unit_id) else timezone.localdate()
            states.append((max(starts, floor), unit_id, active))
    stints = []
    for index, (starts, unit_id, active) in enumerate(states):
        ends = states[index + 1][0] if index + 1 < len(states) else None
        if not active or unit_id is None or (ends is not None and ends <= starts):
            continue
        stints.append((unit_id, starts, ends))
    return stints


def person_stints(person_ids=None, *, unit_ids=None):
    """``{person id: [Stint]}`` of the people given (or, with ``unit_ids``, of everyone
    who was ever in one of those units). Two queries.

    Only the history of people whose entry was changed after it was made is read: the
    entry of anyone else is as it was made, so it alone says when they joined (reading
    10,000 creation rows cost more than the whole rest of a coverage page)."""
    changed = HistoricalPerson.objects.exclude(history_type="+").values("id")
    history = HistoricalPerson.objects.filter(id__in=changed)
    people = Person.objects.all()
    if person_ids is not None:
        history = history.filter(id__in=person_ids)
        people = people.filter(pk__in=person_ids)
    if unit_ids is not None:
        ever = HistoricalPerson.objects.filter(department_id__in=unit_ids).values("id")
        history = history.filter(id__in=ever)
        people = people.filter(Q(department_id__in=unit_ids) | Q(pk__in=ever))
    zone = timezone.get_current_timezone()
    rows = defaultdict(list)
    for person_id, unit_id, joined_on, active, at, history_type in history.order_by(
        "id", "history_date", "history_id"
    ).values_list(
        "id", "department_id", "joined_department_on", "active", "history_date", "history_type"
    ):
        rows[person_id].append(
            (unit_id, joined_on, active, at.astimezone(zone).date(), history_type)
        )
    current = {
        pk: (unit_id, joined_on, active)
        for pk, unit_id, joined_on, active in people.values_list(
            "pk", "department_id", "joined_department_on", "active"
        )
    }
    answer = {}
    for person_id, now in current.items():
        if person_id not in rows:  # never changed: a member of its unit since joining
            unit_id, joined_on, active = now
            answer[person_id] = [Stint(person_id, unit_id, joined_on)] if active else []
    for person_id, history_rows in rows.items():
        answer[person_id] = [
            Stint(person_id, unit_id, starts, ends)
            for unit_id, starts, ends in _stints_of(history_rows, current.get(person_id))
        ]
    return answer


def unit_families(units):
    """``{unit id: {unit ids whose people are its members}}``: a department and its clean
    teams, a clean team itself. One query."""
    families = {unit.pk: {unit.pk} for unit in units}
    departments = [unit.pk for unit in units if unit.parent_id is None]
    if departments:
        for team_id, parent_id in Department.objects.filter(parent_id__in=departments).values_list(
            "pk", "parent_id"
        ):
            families[parent_id].add(team_id)
    return families


@dataclass
class YearMembership:
    """The members of each unit in one year (see the module's docstring)."""

    year: int
    window: tuple | None
    members: dict = field(default_factory=dict)  # unit id → {person id: days}
    current: dict = field(default_factory=dict)  # unit id → {person id}

    def owed_talk(self, unit_id, min_days):
        """The members of ``unit_id`` who count for the talks: at least ``min_days`` days."""
        return {pk for pk, days in self.members.get(unit_id, {}).items() if days >= min_days}

    def person_ids(self):
        ids = set()
        for members in self.members.values():
            ids |= members.keys()
        return ids


def year_membership(units, year, *, today=None):
    """The members of each of ``units`` in ``year``, as ``YearMembership``. Three queries
    whatever the number of units."""
    units = list(units)
    window = year_window(year, today)
    answer = YearMembership(
        year=year,
        window=window,
        members={unit.pk: {} for unit in units},
        current={unit.pk: set() for unit in units},
    )
    if window is None or not units:
        return answer
    first, last = window
    families = unit_families(units)
    owner = defaultdict(list)  # member unit id → the units it counts for
    for unit_id, family in families.items():
        for member_unit in family:
            owner[member_unit].append(unit_id)
    stints = person_stints(unit_ids=list(owner))
    for person_id, person_stints_ in stints.items():
        for stint in person_stints_:
            for unit_id in owner.get(stint.unit_id, ()):
                days = stint.days_within(first, last)
                if days <= 0:
                    continue
                members = answer.members[unit_id]
                members[person_id] = members.get(person_id, 0) + days
                if stint.covers(last):
                    answer.current[unit_id].add(person_id)
    return answer


def is_member_on(person, unit, day):
    """Whether ``person`` was a member of ``unit`` (its family, as above) on ``day``.
    Three queries."""
    family = unit_families([unit])[unit.pk]
    return any(
        stint.unit_id in family and stint.covers(day)
        for stint in person_stints([person.pk]).get(person.pk, [])
    )


def members_on(unit, day):
    """The ids of the members of ``unit`` on ``day``. Three queries."""
    family = unit_families([unit])[unit.pk]
    return {
        person_id
        for person_id, stints in person_stints(unit_ids=list(family)).items()
        if any(stint.unit_id in family and stint.covers(day) for stint in stints)
    }
