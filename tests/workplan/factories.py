"""Factories of the work plan (tests/workplan)."""

import datetime
import io

import factory

from tests.factories import DepartmentFactory, UserFactory
from workplan.models import KeyTask, Measure, ScheduleNode, WorkPlan


class WorkPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkPlan
        django_get_or_create = ("year",)

    year = 2026
    title = factory.LazyAttribute(lambda plan: f"{plan.year}年廉洁医院建设工作计划表")
    created_by = factory.SubFactory(UserFactory)


class KeyTaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KeyTask

    plan = factory.SubFactory(WorkPlanFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"重点任务{n + 1}")
    target_outcome = "目标成效"
    lead_office = factory.SubFactory(DepartmentFactory)


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure

    task = factory.SubFactory(KeyTaskFactory)
    order = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"具体措施{n + 1}")


class ScheduleNodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScheduleNode

    task = factory.SubFactory(KeyTaskFactory)
    due_on = datetime.date(2026, 6, 30)
    description = "上半年完成"


HEADERS = [
    "序号",
    "重点任务",
    "具体措施",
    "进度安排",
    "目标成效",
    "责任领导",
    "牵头科室",
    "配合科室",
]


def plan_workbook(rows, *, headers=HEADERS, merges=()):
    """A plan workbook as hospitals keep it (.xlsx bytes): ``headers``, then ``rows``;
    ``merges`` are ranges ("B2:B4") merged after writing, their lower cells emptied as
    Excel leaves them."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    for cells in merges:
        sheet.merge_cells(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
