"""Record summaries kept in the cache (appraisal/records.py ``record_summaries_kept``): each
kind's answer is read back until a table it names in ``reads`` changes, or the settings it
reads, the units, the year, the day or the language; a kind naming no tables is computed
every time. A page's own answer built from them (``records_kept``) is kept the same way. The kinds here are fakes reading the roster's units (appraisal's tests never
depend on the records apps)."""

import datetime
from unittest import mock

import pytest
from django.utils import timezone, translation

from appraisal import records as registry
from appraisal.records import (
    RecordKind,
    RecordSummary,
    record_summaries,
    record_summaries_kept,
    records_fingerprint,
    records_kept,
)
from departments.models import Department
from hospital.models import SettingsChange
from tests.factories import DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db

NAMES = "fake.unit_names"
CODES = "fake.unit_codes"


class UnitNames:
    """A kind whose summary is each unit's name as the database holds it (and the setting
    it is told to read), counting how often it is computed."""

    def __init__(self, key, *, reads=("departments.Department",), reads_settings=None):
        self.computed = 0
        self.setting = "甲"
        self.kind = RecordKind(
            key=key,
            label=key,
            summarize=self.summarize,
            reads=reads,
            reads_settings=reads_settings and (lambda: self.setting),
        )

    def summarize(self, units, year):
        self.computed += 1
        names = dict(
            Department.objects.filter(pk__in=[unit.pk for unit in units]).values_list("pk", "name")
        )
        return {
            pk: RecordSummary(kind=self.kind.key, text=f"{name} {year} {self.setting}")
            for pk, name in names.items()
        }


@pytest.fixture
def kinds():
    """Only the fakes registered; the registry put back afterwards."""
    saved = dict(registry._kinds)
    registry._kinds.clear()
    names = UnitNames(NAMES, reads_settings=True)
    codes = UnitNames(CODES, reads=())
    registry.register_record_kind(names.kind)
    registry.register_record_kind(codes.kind)
    yield names, codes
    registry._kinds.clear()
    registry._kinds.update(saved)


def _texts(units, year=2026, keys=None):
    return {
        pk: [summary.text for summary in summaries]
        for pk, summaries in record_summaries_kept(units, year, keys=keys).items()
    }


def test_a_kept_kind_is_computed_once_then_read_in_one_query(kinds, django_assert_num_queries):
    names, _codes = kinds
    unit = DepartmentFactory(name="心内科")
    assert _texts([unit], keys={NAMES}) == {unit.pk: ["心内科 2026 甲"]}
    with django_assert_num_queries(1):  # the fingerprint; the answer from the cache
        assert _texts([unit], keys={NAMES}) == {unit.pk: ["心内科 2026 甲"]}
    assert names.computed == 1


def test_a_change_of_a_table_it_reads_shows_on_the_next_read(kinds):
    names, _codes = kinds
    unit = DepartmentFactory(name="心内科")
    assert _texts([unit], keys={NAMES}) == {unit.pk: ["心内科 2026 甲"]}
    unit.name = "心血管内科"
    unit.save()
    assert _texts([unit], keys={NAMES}) == {unit.pk: ["心血管内科 2026 甲"]}
    DepartmentFactory(name="骨科")  # another unit's row: the answer is computed again
    assert _texts([unit], keys={NAMES}) == {unit.pk: ["心血管内科 2026 甲"]}
    assert names.computed == 3


def test_a_kind_that_names_no_tables_is_computed_every_time(kinds):
    names, codes = kinds
    unit = DepartmentFactory(name="心内科")
    for _ in range(3):
        assert _texts([unit]) == {unit.pk: ["心内科 2026 甲", "心内科 2026 甲"]}
    assert (names.computed, codes.computed) == (1, 3)


def test_the_same_answer_as_computing_afresh(kinds):
    units = [DepartmentFactory(name=f"科室{n}") for n in range(3)]
    fresh = record_summaries(units, 2026)
    assert record_summaries_kept(units, 2026) == fresh
    assert record_summaries_kept(units, 2026) == fresh


def test_kept_apart_by_units_year_setting_day_and_language(kinds):
    names, _codes = kinds
    a, b = DepartmentFactory(name="心内科"), DepartmentFactory(name="骨科")
    assert _texts([a], keys={NAMES}) == {a.pk: ["心内科 2026 甲"]}
    assert _texts([a, b], keys={NAMES}) == {a.pk: ["心内科 2026 甲"], b.pk: ["骨科 2026 甲"]}
    assert _texts([a], 2025, keys={NAMES}) == {a.pk: ["心内科 2025 甲"]}
    names.setting = "乙"
    assert _texts([a], keys={NAMES}) == {a.pk: ["心内科 2026 乙"]}
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with mock.patch("django.utils.timezone.localdate", return_value=tomorrow):
        _texts([a], keys={NAMES})
    with translation.override("en"):
        _texts([a], keys={NAMES})
    assert names.computed == 6
    _texts([a], keys={NAMES})  # each of those is kept under its own key
    assert names.computed == 6


def test_the_fingerprint_of_a_table_only_added_to_changes_with_each_row():
    """A model without history (``SettingsChange`` rows are only ever added) is read by its
    own primary key and count."""
    before = records_fingerprint(["hospital.SettingsChange"])
    SettingsChange.objects.create(
        at=timezone.now(), by=UserFactory(), item="name", new_value="新", reason="更名"
    )
    after = records_fingerprint(["hospital.SettingsChange"])
    assert before != after
    assert after == records_fingerprint(["hospital.SettingsChange"])


def test_the_fingerprint_sees_a_row_committed_after_a_newer_one():
    """On PostgreSQL a transaction may commit a history row whose id is lower than one
    already committed: the newest id stays, the count does not."""
    DepartmentFactory(name="甲")
    DepartmentFactory(name="乙")
    history = Department.history.model
    first = history.objects.order_by("history_id").first()
    saved = {field.attname: getattr(first, field.attname) for field in history._meta.fields}
    first.delete()
    before = records_fingerprint(["departments.Department"])["departments.Department"]
    history.objects.create(**saved)  # the slower transaction's row, the lower id
    after = records_fingerprint(["departments.Department"])["departments.Department"]
    assert after != before
    assert after.split(":")[0] == before.split(":")[0]  # the same newest id


# --- a page's own answer kept (records_kept) ---------------------------------------------------


class PageAnswer:
    """A page's answer built from the kept summaries: each unit's text, upper-cased,
    counting how often it is built."""

    def __init__(self):
        self.built = 0

    def __call__(self, units, year):
        self.built += 1
        return {
            pk: [summary.text.upper() for summary in summaries]
            for pk, summaries in record_summaries_kept(units, year, keys={NAMES}).items()
        }


def test_a_pages_answer_is_built_once_then_read_in_one_query(kinds, django_assert_num_queries):
    names, _codes = kinds
    build = PageAnswer()
    unit = DepartmentFactory(name="Cardiology")
    assert records_kept("page", [unit], 2026, build, keys={NAMES}) == {
        unit.pk: ["CARDIOLOGY 2026 甲"]
    }
    with django_assert_num_queries(1):  # the fingerprint; the answer from the cache
        assert records_kept("page", [unit], 2026, build, keys={NAMES}) == {
            unit.pk: ["CARDIOLOGY 2026 甲"]
        }
    assert (build.built, names.computed) == (1, 1)


def test_a_pages_answer_is_built_again_after_a_change_of_what_its_kinds_read(kinds):
    names, _codes = kinds
    build = PageAnswer()
    unit = DepartmentFactory(name="Cardiology")
    records_kept("page", [unit], 2026, build, keys={NAMES})
    unit.name = "Cardiac surgery"
    unit.save()
    assert records_kept("page", [unit], 2026, build, keys={NAMES}) == {
        unit.pk: ["CARDIAC SURGERY 2026 甲"]
    }
    names.setting = "乙"  # a setting the kind reads
    assert records_kept("page", [unit], 2026, build, keys={NAMES}) == {
        unit.pk: ["CARDIAC SURGERY 2026 乙"]
    }
    assert build.built == 3


def test_a_pages_answer_is_kept_apart_by_name_units_year_day_and_language(kinds):
    build = PageAnswer()
    a, b = DepartmentFactory(name="a"), DepartmentFactory(name="b")
    records_kept("page", [a], 2026, build, keys={NAMES})
    records_kept("other page", [a], 2026, build, keys={NAMES})
    assert records_kept("page", [a, b], 2026, build, keys={NAMES}) == {
        a.pk: ["A 2026 甲"],
        b.pk: ["B 2026 甲"],
    }
    assert records_kept("page", [a], 2025, build, keys={NAMES}) == {a.pk: ["A 2025 甲"]}
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with mock.patch("django.utils.timezone.localdate", return_value=tomorrow):
        records_kept("page", [a], 2026, build, keys={NAMES})
    with translation.override("en"):
        records_kept("page", [a], 2026, build, keys={NAMES})
    assert build.built == 6


def test_a_pages_answer_over_a_kind_that_names_no_tables_is_built_every_time(kinds):
    build = PageAnswer()
    unit = DepartmentFactory(name="a")
    for _ in range(2):
        records_kept("page", [unit], 2026, build)  # every kind, one naming no tables
    assert build.built == 2
    records_kept("page", [unit], 2026, build, keys={NAMES})
    records_kept("page", [unit], 2026, build, keys={NAMES})
    assert build.built == 3
