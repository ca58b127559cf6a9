"""The coverage of a unit's year (integrity/coverage.py) and the record kinds appraisal reads
(integrity/records.py): joined and left members, records made by either unit, withdrawn
records, quarters; a fixed number of queries for any number of units."""

import datetime

import pytest

from appraisal.records import record_kind, record_summaries
from integrity.coverage import quarter_end, quarter_of, year_coverage
from integrity.records import COMMITMENTS, STUDY_SESSIONS, TALKS
from tests.factories import DepartmentFactory, UserFactory
from tests.integrity.factories import commitment, leave, move, person_since, session, talk

pytestmark = pytest.mark.django_db

D = datetime.date
AFTER_2025 = D(2026, 3, 1)


@pytest.fixture
def hospital():
    a = DepartmentFactory(code="A", name="心内科")
    b = DepartmentFactory(code="B", name="骨科")
    return a, b, UserFactory()


def test_quarters():
    assert [quarter_of(D(2025, m, 1)) for m in (1, 3, 4, 6, 7, 9, 10, 12)] == [
        1,
        1,
        2,
        2,
        3,
        3,
        4,
        4,
    ]
    assert [quarter_end(2025, q) for q in (1, 2, 3, 4)] == [
        D(2025, 3, 31),
        D(2025, 6, 30),
        D(2025, 9, 30),
        D(2025, 12, 31),
    ]


def test_commitments_count_members_at_the_years_end_wherever_they_signed(hospital):
    a, b, by = hospital
    stayed = person_since(a, D(2020, 1, 1))
    unsigned = person_since(a, D(2020, 1, 1))
    left = person_since(a, D(2020, 1, 1))
    moved_in = person_since(b, D(2020, 1, 1))
    commitment(stayed, a, by, signed_on=D(2025, 1, 10))
    commitment(left, a, by, signed_on=D(2025, 1, 10))
    leave(left, D(2025, 5, 1))
    commitment(moved_in, b, by, signed_on=D(2025, 1, 12))  # signed in B, counts in A
    move(moved_in, a, D(2025, 7, 1))
    coverage = year_coverage([a, b], 2025, today=AFTER_2025)
    assert coverage[a.pk].commitment_members == {stayed.pk, unsigned.pk, moved_in.pk}
    assert coverage[a.pk].signed_members == {stayed.pk, moved_in.pk}
    assert coverage[a.pk].unsigned == {unsigned.pk}
    assert coverage[a.pk].commitments_percent == 66  # rounded down
    assert coverage[b.pk].commitment_members == set()
    assert coverage[b.pk].commitments_percent is None


def test_a_withdrawn_commitment_does_not_count(hospital):
    a, _b, by = hospital
    person = person_since(a, D(2020, 1, 1))
    wrong = commitment(person, a, by, signed_on=D(2025, 1, 10))
    wrong.withdrawn_at = wrong.recorded_at
    wrong.save()
    assert year_coverage([a], 2025, today=AFTER_2025)[a.pk].unsigned == {person.pk}


def test_talks_count_members_of_thirty_days_leavers_included_talks_by_either_unit(hospital):
    a, b, by = hospital
    talked = person_since(a, D(2020, 1, 1))
    leaver = person_since(a, D(2020, 1, 1))
    leave(leaver, D(2025, 4, 1))  # 90 days in A: owed a talk, had none
    newcomer = person_since(a, D(2025, 12, 15))  # 17 days: not owed yet
    mover = person_since(b, D(2020, 1, 1))
    talk(mover, b, by, talked_on=D(2025, 3, 3))  # by B, before the move
    move(mover, a, D(2025, 6, 1))
    talk(talked, a, by, talked_on=D(2025, 5, 5))
    talk(talked, a, by, talked_on=D(2024, 5, 5))  # another year: not counted twice
    coverage = year_coverage([a, b], 2025, today=AFTER_2025)
    assert coverage[a.pk].talk_members == {talked.pk, leaver.pk, mover.pk}
    assert newcomer.pk not in coverage[a.pk].talk_members
    assert coverage[a.pk].talked_members == {talked.pk, mover.pk}
    assert coverage[a.pk].untalked == {leaver.pk}
    assert coverage[b.pk].talk_members == {mover.pk}
    assert coverage[b.pk].talks_percent == 100


def test_sessions_per_quarter_and_the_quarters_missed(hospital):
    a, _b, by = hospital
    for day in (D(2026, 1, 5), D(2026, 2, 5), D(2026, 7, 1)):
        session(a, by, held_on=day)
    withdrawn = session(a, by, held_on=D(2026, 4, 5))
    withdrawn.withdrawn_at = withdrawn.recorded_at
    withdrawn.save()
    coverage = year_coverage([a], 2026, today=D(2026, 8, 15))[a.pk]
    assert coverage.by_quarter == {1: 2, 2: 0, 3: 1, 4: 0}
    assert coverage.quarters_ended == (1, 2)
    assert coverage.quarters_missed == (2,)  # the fourth has not begun, the third is due
    assert coverage.current_quarter == 3
    assert coverage.below_target == {"commitments": False, "talks": False, "sessions": True}


def test_record_kinds_summarize_a_unit_for_appraisal(hospital):
    a, _b, by = hospital
    people = [person_since(a, D(2020, 1, 1)) for _ in range(3)]
    for person in people[:2]:
        commitment(person, a, by, signed_on=D(2025, 2, 1))
    talk(people[0], a, by, talked_on=D(2025, 3, 1))
    for day in (D(2025, 1, 9), D(2025, 4, 9), D(2025, 5, 9), D(2025, 10, 9)):
        session(a, by, held_on=day, topic=f"学习{day.month}")
    summaries = {s.kind: s for s in record_summaries([a], 2025)[a.pk]}
    assert summaries[COMMITMENTS].text == "已签 2/3 人（66%）"
    assert summaries[COMMITMENTS].figures == {"signed": 2, "members": 3, "percent": 66}
    assert summaries[COMMITMENTS].url == f"/integrity/units/{a.pk}/2025/"
    assert summaries[TALKS].text == "已约谈 1/3 人（33%）"
    assert summaries[TALKS].figures == {"talked": 1, "members": 3, "percent": 33}
    sessions = summaries[STUDY_SESSIONS]
    assert sessions.text == "学习 4 次，覆盖 3 个季度（一季度 1、二季度 2、三季度 0、四季度 1）"
    assert sessions.figures["by_quarter"] == {"1": 1, "2": 2, "3": 0, "4": 1}
    assert sessions.figures["quarters_missed"] == 1
    assert [item.label for item in sessions.items] == ["学习1", "学习4", "学习5", "学习10"]
    assert record_kind(COMMITMENTS).label == "廉洁承诺书"


@pytest.mark.parametrize("key", [COMMITMENTS, TALKS, STUDY_SESSIONS])
def test_each_kind_reads_the_same_queries_for_one_unit_and_for_many(
    hospital, key, django_assert_num_queries
):
    a, b, by = hospital
    c = DepartmentFactory(code="C")
    for unit in (a, b, c):
        for _ in range(3):
            person = person_since(unit, D(2020, 1, 1))
            commitment(person, unit, by, signed_on=D(2025, 2, 1))
            talk(person, unit, by, talked_on=D(2025, 2, 1))
        session(unit, by, held_on=D(2025, 2, 1))
    summarize = record_kind(key).summarize
    # The coverage's six, and the records' fingerprint it is kept under.
    with django_assert_num_queries(7):
        summarize([a], 2025)
    with django_assert_num_queries(7):
        summarize([a, b, c], 2025)


def test_the_three_kinds_together_compute_the_coverage_once(hospital, django_assert_num_queries):
    """An application's evidence panel asks for the three kinds of one unit at once: the
    coverage is computed for the first and read back for the other two (one fingerprint
    query each)."""
    from appraisal.records import record_summaries

    a, _b, by = hospital
    person = person_since(a, D(2020, 1, 1))
    commitment(person, a, by, signed_on=D(2025, 2, 1))
    with django_assert_num_queries(6 + 3):
        summaries = record_summaries([a], 2025, keys={COMMITMENTS, TALKS, STUDY_SESSIONS})
    assert [summary.kind for summary in summaries[a.pk]] == [COMMITMENTS, TALKS, STUDY_SESSIONS]


def test_kept_coverage_is_read_again_once_anything_changes(hospital, django_assert_num_queries):
    from integrity.coverage import year_coverage_kept
    from integrity.services.common import record_withdraw

    a, _b, by = hospital
    person = person_since(a, D(2020, 1, 1))
    this_year = datetime.date.today().year
    assert year_coverage_kept([a], this_year)[a.pk].signed_members == set()
    with django_assert_num_queries(1):  # the fingerprint; the rest from the cache
        year_coverage_kept([a], this_year)
    signed = commitment(person, a, by, signed_on=datetime.date.today())
    assert year_coverage_kept([a], this_year)[a.pk].signed_members == {person.pk}
    a.head = person
    a.save()
    from guardian.shortcuts import assign_perm

    assign_perm("departments.apply_for_department", by, a)
    record_withdraw(record=signed, by=by, reason="记错")
    assert year_coverage_kept([a], this_year)[a.pk].signed_members == set()
    move(person, DepartmentFactory(code="Z"), datetime.date.today())
    assert year_coverage_kept([a], this_year)[a.pk].commitment_members == set()
