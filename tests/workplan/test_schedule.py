"""Reading the 进度安排 cell (workplan/schedule.py)."""

import datetime

import pytest

from workplan.schedule import read_schedule

D = datetime.date


@pytest.mark.parametrize(
    ("cell", "dates"),
    [
        ("2026年3月底前", [D(2026, 3, 31)]),
        ("3月底前", [D(2026, 3, 31)]),
        ("2027年2月底", [D(2027, 2, 28)]),
        ("6月30日前", [D(2026, 6, 30)]),
        ("2026-04-15", [D(2026, 4, 15)]),
        ("2026/4/15", [D(2026, 4, 15)]),
        ("5月中旬", [D(2026, 5, 20)]),
        ("上半年", [D(2026, 6, 30)]),
        ("下半年", [D(2026, 12, 31)]),
        ("第二季度", [D(2026, 6, 30)]),
        ("年底前", [D(2026, 12, 31)]),
        ("2026年底前", [D(2026, 12, 31)]),
        ("3月底前部署；12月底前总结", [D(2026, 3, 31), D(2026, 12, 31)]),
        ("长期坚持", []),
        ("每月", []),
        ("2026年2月30日", []),
    ],
)
def test_dates_read_from_words(cell, dates):
    assert read_schedule(cell, year=2026) == (cell, dates)


def test_a_date_cell_or_serial_gives_its_date_as_text():
    assert read_schedule(datetime.datetime(2026, 5, 1), year=2026) == (
        "2026年5月1日",
        [D(2026, 5, 1)],
    )
    assert read_schedule(46000, year=2026) == ("2025年12月9日", [D(2025, 12, 9)])
    assert read_schedule(None, year=2026) == ("", [])


def test_full_width_digits_are_read():
    assert read_schedule("３月底前", year=2026) == ("3月底前", [D(2026, 3, 31)])
