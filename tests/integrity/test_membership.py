"""Who counts as a member of a unit in a year (integrity/membership.py), exactly: people
who joined, moved or left during the year, clean teams, the current year up to today."""

import datetime

import pytest

from integrity.membership import is_member_on, members_on, year_membership, year_window
from tests.factories import DepartmentFactory
from tests.integrity.factories import leave, moment, move, person_since

pytestmark = pytest.mark.django_db

D = datetime.date
END_OF_2025 = D(2026, 3, 1)  # "today" after 2025: the whole of 2025 has come


@pytest.fixture
def units():
    a = DepartmentFactory(code="A", name="心内科")
    b = DepartmentFactory(code="B", name="骨科")
    return a, b


def test_year_window_runs_to_today_in_the_current_year_and_is_none_before_it_starts():
    assert year_window(2025, D(2026, 3, 1)) == (D(2025, 1, 1), D(2025, 12, 31))
    assert year_window(2026, D(2026, 3, 1)) == (D(2026, 1, 1), D(2026, 3, 1))
    assert year_window(2027, D(2026, 3, 1)) is None


def test_a_member_all_year_counts_for_commitments_and_talks(units):
    a, _b = units
    person = person_since(a, D(2020, 1, 1))
    membership = year_membership([a], 2025, today=END_OF_2025)
    assert membership.members[a.pk] == {person.pk: 365}
    assert membership.current[a.pk] == {person.pk}
    assert membership.owed_talk(a.pk, 30) == {person.pk}


def test_the_joining_date_not_the_day_it_was_typed_in_starts_membership(units):
    a, _b = units
    person = person_since(a, D(2015, 5, 1), recorded_on=D(2025, 11, 1))
    membership = year_membership([a], 2025, today=END_OF_2025)
    assert membership.members[a.pk] == {person.pk: 365}


def test_a_move_mid_year_counts_in_both_units_each_for_its_own_days(units):
    a, b = units
    person = person_since(b, D(2020, 1, 1))
    move(person, a, D(2025, 6, 1), recorded_on=D(2025, 6, 3))
    membership = year_membership([a, b], 2025, today=END_OF_2025)
    # B: 1 January to 31 May; A: 1 June to 31 December.
    assert membership.members[b.pk] == {person.pk: 151}
    assert membership.members[a.pk] == {person.pk: 214}
    # Commitments count the members at the year's end: A's, not B's.
    assert membership.current[a.pk] == {person.pk}
    assert membership.current[b.pk] == set()
    # Talks count both: at least 30 days in each.
    assert membership.owed_talk(a.pk, 30) == {person.pk}
    assert membership.owed_talk(b.pk, 30) == {person.pk}


def test_a_leaver_counts_for_talks_until_the_day_before_leaving_and_not_for_commitments(units):
    a, _b = units
    person = person_since(a, D(2020, 1, 1))
    leave(person, D(2025, 3, 10))
    membership = year_membership([a], 2025, today=END_OF_2025)
    assert membership.members[a.pk] == {person.pk: 68}  # 1 January to 9 March
    assert membership.current[a.pk] == set()
    assert membership.owed_talk(a.pk, 30) == {person.pk}
    assert membership.owed_talk(a.pk, 69) == set()


def test_who_joined_late_in_december_signs_but_is_not_owed_a_talk(units):
    a, _b = units
    person = person_since(a, D(2025, 12, 20))
    membership = year_membership([a], 2025, today=END_OF_2025)
    assert membership.members[a.pk] == {person.pk: 12}
    assert membership.current[a.pk] == {person.pk}
    assert membership.owed_talk(a.pk, 30) == set()


def test_who_left_the_year_before_is_no_member(units):
    a, _b = units
    person = person_since(a, D(2020, 1, 1))
    leave(person, D(2024, 6, 1))
    assert year_membership([a], 2025, today=END_OF_2025).members[a.pk] == {}


def test_who_came_back_counts_again_from_the_day_they_came_back(units):
    a, _b = units
    person = person_since(a, D(2020, 1, 1))
    leave(person, D(2025, 2, 1))
    person.active = True
    person._history_date = moment(D(2025, 12, 1))
    person.save()
    membership = year_membership([a], 2025, today=END_OF_2025)
    assert membership.members[a.pk] == {person.pk: 31 + 31}  # January, December
    assert membership.current[a.pk] == {person.pk}


def test_a_departments_members_include_its_clean_teams_a_teams_only_its_own(units):
    a, _b = units
    team = DepartmentFactory(code="A-T", name="导管室清廉团队", parent=a)
    in_team = person_since(team, D(2020, 1, 1))
    in_department = person_since(a, D(2020, 1, 1))
    membership = year_membership([a, team], 2025, today=END_OF_2025)
    assert membership.current[a.pk] == {in_team.pk, in_department.pk}
    assert membership.current[team.pk] == {in_team.pk}


def test_the_current_year_runs_to_today(units):
    a, _b = units
    person = person_since(a, D(2020, 1, 1))
    newcomer = person_since(a, D(2026, 2, 20))
    membership = year_membership([a], 2026, today=D(2026, 3, 1))
    assert membership.members[a.pk] == {person.pk: 60, newcomer.pk: 10}
    assert membership.owed_talk(a.pk, 30) == {person.pk}


def test_a_year_not_begun_has_no_members(units):
    a, _b = units
    person_since(a, D(2020, 1, 1))
    membership = year_membership([a], 2027, today=D(2026, 3, 1))
    assert membership.members[a.pk] == {}
    assert membership.current[a.pk] == set()


def test_member_on_a_day_follows_the_moves(units):
    a, b = units
    person = person_since(b, D(2020, 1, 1))
    move(person, a, D(2025, 6, 1))
    assert is_member_on(person, b, D(2025, 5, 31))
    assert not is_member_on(person, a, D(2025, 5, 31))
    assert is_member_on(person, a, D(2025, 6, 1))
    assert not is_member_on(person, b, D(2025, 6, 1))
    assert members_on(a, D(2025, 6, 1)) == {person.pk}
    assert members_on(b, D(2025, 6, 1)) == set()


def test_membership_reads_a_fixed_number_of_queries(units, django_assert_num_queries):
    a, b = units
    for unit in units:
        for _ in range(3):
            person_since(unit, D(2020, 1, 1))
    with django_assert_num_queries(3):
        year_membership([a], 2025, today=END_OF_2025)
    with django_assert_num_queries(3):
        year_membership([a, b], 2025, today=END_OF_2025)
