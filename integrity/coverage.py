"""What each unit's records of a year come to: the coverage of its members and its
quarters (docs/yearwork.md, "Integrity records"). A fixed number of queries for any
number of units: the membership (three), the commitments, the talks and the sessions
(one each).

The rules:

* **commitments**: signed / current members (``integrity.membership``), a person's
  standing commitment of the year counting wherever it was recorded;
* **talks**: talked / members of at least ``TALK_MIN_DAYS`` days, a talk dated in the
  year with that person counting whichever unit recorded it;
* **study sessions**: the unit's own sessions of the year by quarter; a quarter is
  *missed* once it has ended without one; the current quarter is *due* at its end.

A percentage is rounded down, so 100% means everyone.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from appraisal.records import kept_answer
from integrity.enums import QUARTERS, TALK_MIN_DAYS
from integrity.membership import year_membership
from integrity.models import Commitment, StudySession, Talk


def quarter_of(day):
    return (day.month - 1) // 3 + 1


def quarter_end(year, quarter):
    if quarter == 4:
        return datetime.date(year, 12, 31)
    return datetime.date(year, quarter * 3 + 1, 1) - datetime.timedelta(days=1)


def percent(part, whole):
    """Rounded down; None when there is nobody to count."""
    return None if not whole else part * 100 // whole


@dataclass
class UnitCoverage:
    year: int
    commitment_members: set = field(default_factory=set)
    signed: set = field(default_factory=set)
    talk_members: set = field(default_factory=set)
    talked: set = field(default_factory=set)
    by_quarter: dict = field(default_factory=lambda: dict.fromkeys(QUARTERS, 0))
    sessions: list = field(default_factory=list)  # (pk, held_on, topic)
    quarters_ended: tuple = ()
    current_quarter: int | None = None

    @property
    def unsigned(self):
        return self.commitment_members - self.signed

    @property
    def signed_members(self):
        return self.commitment_members & self.signed

    @property
    def untalked(self):
        return self.talk_members - self.talked

    @property
    def talked_members(self):
        return self.talk_members & self.talked

    @property
    def commitments_percent(self):
        return percent(len(self.signed_members), len(self.commitment_members))

    @property
    def talks_percent(self):
        return percent(len(self.talked_members), len(self.talk_members))

    @property
    def session_count(self):
        return sum(self.by_quarter.values())

    @property
    def quarters_covered(self):
        return sum(1 for count in self.by_quarter.values() if count)

    @property
    def quarters_missed(self):
        """Quarters that have ended without a session."""
        return tuple(q for q in self.quarters_ended if not self.by_quarter[q])

    @property
    def below_target(self):
        return {
            "commitments": bool(self.unsigned),
            "talks": bool(self.untalked),
            "sessions": bool(self.quarters_missed),
        }


def year_coverage(units, year, *, today=None):
    """``{unit pk: UnitCoverage}`` for ``units`` in ``year``. Six queries."""
    units = list(units)
    today = today or timezone.localdate()
    membership = year_membership(units, year, today=today)
    ended = tuple(q for q in QUARTERS if quarter_end(year, q) < today)
    current_quarter = quarter_of(today) if today.year == year else None
    answer = {
        unit.pk: UnitCoverage(year=year, quarters_ended=ended, current_quarter=current_quarter)
        for unit in units
    }
    if not units:
        return answer
    people = membership.person_ids()
    signed = set()
    talked = set()
    if people:
        # Read by year, then kept to the members in Python: a list of 10,000 ids would
        # pass SQLite's limit on parameters.
        signed = set(
            Commitment.objects.filter(year=year, withdrawn_at__isnull=True).values_list(
                "person_id", flat=True
            )
        )
        talked = set(
            Talk.objects.filter(talked_on__year=year, withdrawn_at__isnull=True)
            .values_list("person_id", flat=True)
            .distinct()
        )
    for unit in units:
        coverage = answer[unit.pk]
        coverage.commitment_members = set(membership.current[unit.pk])
        coverage.signed = signed & coverage.commitment_members
        coverage.talk_members = membership.owed_talk(unit.pk, TALK_MIN_DAYS)
        coverage.talked = talked & coverage.talk_members
    for pk, unit_id, held_on, topic in (
        StudySession.objects.filter(
            unit_id__in=[unit.pk for unit in units],
            held_on__year=year,
            withdrawn_at__isnull=True,
        )
        .order_by("held_on", "pk")
        .values_list("pk", "unit_id", "held_on", "topic")
    ):
        coverage = answer[unit_id]
        coverage.by_quarter[quarter_of(held_on)] += 1
        coverage.sessions.append((pk, held_on, topic))
    return answer


# --- kept in the cache ------------------------------------------------------------------------

# What every figure above is computed from: the roster's people and units (and their history,
# integrity/membership.py) and the three kinds of record. Each keeps its history, so every
# change of a person, a unit or a record (a withdrawal too) writes a row, the roster import's
# bulk writes included.
READS = (
    "departments.Person",
    "departments.Department",
    "integrity.Commitment",
    "integrity.Talk",
    "integrity.StudySession",
)


def year_coverage_kept(units, year):
    """``year_coverage`` kept in the cache under the fingerprint of ``READS`` and today's
    date (``appraisal.records.kept_answer``): asked again, by anyone, with nothing
    changed, it reads one query."""
    units = list(units)
    today = timezone.localdate()
    return kept_answer(
        "integrity.year_coverage",
        READS,
        units,
        [str(year), today.isoformat()],
        lambda: year_coverage(units, year, today=today),
    )
