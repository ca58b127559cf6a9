"""What a unit's holders and lists come to (responsibility/records.py): the record kind
``responsibility.lists`` and its figures, which the yearly evaluation reads by name."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from appraisal.records import record_kind, record_summaries
from responsibility.records import LISTS, unit_figures
from responsibility.services import lists as services
from tests.factories import DepartmentFactory, PersonFactory
from tests.responsibility.factories import holder, holder_person, item, signed_list

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YEAR = TODAY.year


def test_the_kind_is_registered_with_its_figures():
    kind = record_kind(LISTS)
    assert list(kind.figures) == ["holders", "filed", "signed", "items", "items_done", "percent"]


def test_figures_per_unit_by_hand(party_office, department_a, department_b):
    signed = holder(holder_person(department_a, name="甲"), by=party_office)
    version = signed_list(signed, items=3)
    services.item_progress(
        item=version.items.order_by("order").first(), by=signed.person.user, done=True, on=TODAY
    )
    filed_only = holder(holder_person(department_a, name="乙"), by=party_office)
    item(filed_only)
    holder(holder_person(department_a, name="丙"), by=party_office)  # not filed
    by_scan = holder(holder_person(department_a, name="丁"), by=party_office)
    signed_list(by_scan, items=1)
    other = holder(holder_person(department_b, name="戊"), by=party_office)
    figures = unit_figures([department_a, department_b], YEAR)
    assert figures[department_a.pk] == {
        "holders": 4,
        "filed": 3,
        "signed": 2,
        "items": 4,
        "items_done": 1,
        "percent": 50,
    }
    assert figures[department_b.pk] == {
        "holders": 1,
        "filed": 0,
        "signed": 0,
        "items": 0,
        "items_done": 0,
        "percent": 0,
    }
    assert other.pk


def test_percent_is_rounded_down_and_none_without_holders(party_office, department_a):
    entries = [
        holder(holder_person(department_a, name=f"人{n}"), by=party_office) for n in range(3)
    ]
    signed_list(entries[0])
    signed_list(entries[1])
    empty = DepartmentFactory()
    figures = unit_figures([department_a, empty], YEAR)
    assert figures[department_a.pk]["percent"] == 66  # 2/3 = 66.67, rounded down
    assert figures[empty.pk]["percent"] is None
    assert figures[empty.pk]["holders"] == 0


def test_a_removed_holder_no_longer_counts_from_the_removal_date(party_office, department_a):
    last_year = YEAR - 1
    kept = holder(holder_person(department_a, name="甲"), year=last_year, by=party_office)
    signed_list(kept)
    # Removed on the year's last day: from that day on they no longer count.
    holder(
        holder_person(department_a, name="乙"),
        year=last_year,
        by=party_office,
        removed_on=datetime.date(last_year, 12, 31),
    )
    # Removed the next year: they counted to the end of the year.
    holder(
        holder_person(department_a, name="丙"),
        year=last_year,
        by=party_office,
        removed_on=datetime.date(YEAR, 1, 1),
    )
    assert unit_figures([department_a], last_year)[department_a.pk] == {
        "holders": 2,
        "filed": 1,
        "signed": 1,
        "items": 1,
        "items_done": 0,
        "percent": 50,
    }


def test_a_holder_who_moved_counts_in_the_unit_they_were_in_at_the_year_end(
    party_office, department_a, department_b
):
    person = holder_person(department_a, name="调动者")
    person.joined_department_on = datetime.date(YEAR - 5, 1, 1)
    person.save()
    last_year = holder(person, year=YEAR - 1, by=party_office)
    this_year = holder(person, year=YEAR, by=party_office)
    # Moved to B on 1 January of this year (the roster's date).
    person.department = department_b
    person.joined_department_on = datetime.date(YEAR, 1, 1)
    person.save()
    last = unit_figures([department_a, department_b], YEAR - 1)
    assert (last[department_a.pk]["holders"], last[department_b.pk]["holders"]) == (1, 0)
    now = unit_figures([department_a, department_b], YEAR)
    assert (now[department_a.pk]["holders"], now[department_b.pk]["holders"]) == (0, 1)
    assert last_year.pk != this_year.pk


def test_a_department_counts_its_clean_teams_holders(party_office, department_a):
    team = DepartmentFactory(parent=department_a, name="导管室清廉团队")
    holder(holder_person(team, name="团队成员"), by=party_office)
    holder(holder_person(department_a, name="科室成员"), by=party_office)
    figures = unit_figures([department_a, team], YEAR)
    assert figures[department_a.pk]["holders"] == 2
    assert figures[team.pk]["holders"] == 1


def test_a_correction_being_written_leaves_the_signed_version_in_force(party_office, department_a):
    entry = holder(holder_person(department_a), by=party_office)
    signed_list(entry, items=2)
    services.list_revise(holder=entry, by=entry.person.user, reason="更正")
    item(entry, text="新增问题")
    assert unit_figures([department_a], YEAR)[department_a.pk]["items"] == 2


def test_the_summary_line_and_a_fixed_number_of_queries(party_office, department_a):
    units = [department_a, *DepartmentFactory.create_batch(3)]
    for unit in units:
        PersonFactory(department=unit)
    entry = holder(holder_person(department_a), by=party_office)
    signed_list(entry, items=2)
    with CaptureQueriesContext(connection) as one:
        record_summaries([department_a], YEAR, keys={LISTS})
    for n, unit in enumerate(units[1:]):
        signed_list(holder(holder_person(unit, name=f"人{n}"), by=party_office))
    with CaptureQueriesContext(connection) as four:
        summaries = record_summaries(units, YEAR, keys={LISTS})
    assert len(one) == len(four)
    summary = summaries[department_a.pk][0]
    assert (
        summary.text == "掌握公权力人员 1 人，已签名备案 1 人（100%）；清单事项 2 项，已完成 0 项"
    )
    assert summary.figures["percent"] == 100
    assert summary.url.endswith(f"?year={YEAR}&unit={department_a.pk}")


# --- kept in the cache (appraisal.records.record_summaries_kept) ------------------------------


def _kept(unit):
    from appraisal.records import record_summaries_kept

    (summary,) = record_summaries_kept([unit], YEAR, keys={LISTS})[unit.pk]
    return summary.figures


def test_kept_figures_change_with_each_write_of_the_services(party_office, department_a):
    from responsibility.services.holders import holder_remove

    assert _kept(department_a)["holders"] == 0
    entry = holder(holder_person(department_a, name="甲"), by=party_office)
    assert (_kept(department_a)["holders"], _kept(department_a)["filed"]) == (1, 0)
    first = item(entry)
    assert _kept(department_a)["filed"] == 1
    services.list_sign(holder=entry, by=entry.person.user)
    assert (_kept(department_a)["signed"], _kept(department_a)["percent"]) == (1, 100)
    first.refresh_from_db()
    services.item_progress(item=first, by=entry.person.user, done=True, on=TODAY)
    assert _kept(department_a)["items_done"] == 1
    holder_remove(holder=entry, by=party_office, removed_on=TODAY, reason="调离岗位")
    assert _kept(department_a)["holders"] == 0


def test_kept_figures_follow_a_holder_who_moves_unit(party_office, department_a, department_b):
    person = holder_person(department_a, name="甲")
    holder(person, by=party_office)
    assert _kept(department_a)["holders"] == 1
    person.department = department_b
    person.save()
    assert _kept(department_a)["holders"] == 0
    assert _kept(department_b)["holders"] == 1
