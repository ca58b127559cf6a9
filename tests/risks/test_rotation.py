"""The rotation limit, exactly (risks/rotation.py): reached on ``since + limit years``
(29 February → 28 February), on or before today; due soon within six months; the SQL
form (``since_cutoff``) agrees with the date form day by day."""

import datetime

import pytest

from risks.enums import RotationStatus
from risks.rotation import (
    add_months,
    add_years,
    limit_reached_on,
    notice_horizon,
    rotation_limit,
    rotation_status,
    since_cutoff,
)

D = datetime.date


def _status(since, today, limit=5, until=None):
    return rotation_status(since=since, until=until, today=today, limit=limit)


def test_limit_reached_on_the_same_day_limit_years_later():
    assert limit_reached_on(D(2021, 6, 15), 5) == D(2026, 6, 15)
    assert limit_reached_on(D(2023, 6, 15), 3) == D(2026, 6, 15)


def test_a_start_on_29_february_reaches_the_limit_on_28_february_of_a_common_year():
    assert limit_reached_on(D(2024, 2, 29), 3) == D(2027, 2, 28)
    assert limit_reached_on(D(2024, 2, 29), 5) == D(2029, 2, 28)
    assert limit_reached_on(D(2024, 2, 29), 4) == D(2028, 2, 29)


def test_reached_on_the_limit_day_itself_not_the_day_before():
    since = D(2021, 6, 15)
    assert _status(since, D(2026, 6, 14)) == RotationStatus.DUE_SOON
    assert _status(since, D(2026, 6, 15)) == RotationStatus.REACHED
    assert _status(since, D(2026, 6, 16)) == RotationStatus.REACHED


def test_29_february_start_has_reached_on_28_february_and_not_on_27th():
    since = D(2024, 2, 29)
    assert _status(since, D(2027, 2, 27), limit=3) == RotationStatus.DUE_SOON
    assert _status(since, D(2027, 2, 28), limit=3) == RotationStatus.REACHED


def test_three_year_setting_reaches_two_years_before_the_five_year_one():
    since = D(2023, 1, 10)
    today = D(2026, 1, 10)
    assert _status(since, today, limit=3) == RotationStatus.REACHED
    assert _status(since, today, limit=5) == RotationStatus.WITHIN


def test_due_soon_is_within_six_months_of_the_limit_day():
    since = D(2021, 12, 31)  # reaches 2026-12-31
    assert _status(since, D(2026, 6, 30)) == RotationStatus.WITHIN
    # Six months from 30 June is 30 December: still before the 31st.
    assert _status(since, D(2026, 7, 1)) == RotationStatus.DUE_SOON
    assert notice_horizon(D(2026, 8, 31)) == D(2027, 2, 28)


def test_an_ended_holding_has_no_warning():
    assert _status(D(2000, 1, 1), D(2026, 1, 1), until=D(2010, 1, 1)) == RotationStatus.ENDED


def test_add_months_and_years_keep_to_the_months_last_day():
    assert add_months(D(2026, 8, 31), 6) == D(2027, 2, 28)
    assert add_months(D(2026, 1, 31), -2) == D(2025, 11, 30)
    assert add_years(D(2028, 2, 29), -1) == D(2027, 2, 28)


@pytest.mark.parametrize("limit", [3, 4, 5])
def test_since_cutoff_agrees_with_the_limit_day_for_every_day_of_four_years(limit):
    """Each ``today`` of 2026–2029 (a leap year among them): a start reaches the limit by
    today exactly when it is on or before the cutoff. The starts checked are those around
    the cutoff, where a mistake would show."""
    today = D(2026, 1, 1)
    while today < D(2030, 1, 1):
        cutoff = since_cutoff(today, limit)
        assert limit_reached_on(cutoff, limit) <= today, (today, cutoff)
        after = cutoff + datetime.timedelta(days=1)
        assert limit_reached_on(after, limit) > today, (today, after)
        today += datetime.timedelta(days=1)


def test_rotation_limit_is_the_hospitals_setting(db):
    from hospital.models import HospitalSettings

    assert rotation_limit() == 5  # the model's default until an administrator saves
    field = HospitalSettings._meta.get_field("key_post_rotation_years")
    assert (field.default, [v.limit_value for v in field.validators]) == (5, [3, 5])
