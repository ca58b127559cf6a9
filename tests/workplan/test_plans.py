"""Keeping the plan in pages, copying it to next year, and what may be removed
(workplan/services/plans.py)."""

import datetime

import pytest

from core.errors import DomainError
from tests.factories import DepartmentFactory, PersonFactory
from tests.workplan.factories import (
    KeyTaskFactory,
    MeasureFactory,
    ScheduleNodeFactory,
    WorkPlanFactory,
)
from workplan.models import KeyTask, Measure, ScheduleNode, WorkPlan
from workplan.services import plans as services


def test_plan_create_one_per_year(discipline_office):
    plan = services.plan_create(year=2026, by=discipline_office)
    assert plan.title == "2026年廉洁医院建设工作计划表"
    assert plan.history.first().history_user == discipline_office
    with pytest.raises(DomainError, match="2026 年度的工作计划已经存在"):
        services.plan_create(year=2026, by=discipline_office)


def test_only_the_discipline_office_keeps_the_plan(party_office, department_a):
    with pytest.raises(DomainError, match="只有纪检监察室"):
        services.plan_create(year=2026, by=party_office)
    plan = WorkPlanFactory()
    with pytest.raises(DomainError, match="只有纪检监察室"):
        services.task_add(plan=plan, title="任务", lead_office=department_a, by=party_office)


def test_task_add_and_change_keep_leaders_and_offices(
    discipline_office, department_a, department_b
):
    plan = WorkPlanFactory()
    leader = PersonFactory(name="刘杰")
    first = services.task_add(
        plan=plan, title="任务一", lead_office=department_a, leaders=[leader], by=discipline_office
    )
    second = services.task_add(
        plan=plan,
        title="任务二",
        lead_office=department_b,
        cooperating_offices=[department_a],
        by=discipline_office,
    )
    assert (first.order, second.order) == (1, 2)
    services.task_change(
        task=first,
        title="任务一（改）",
        target_outcome="成效",
        lead_office=department_b,
        leaders=[],
        cooperating_offices=[department_a],
        by=discipline_office,
    )
    first.refresh_from_db()
    assert (first.title, first.lead_office, list(first.responsible_leaders.all())) == (
        "任务一（改）",
        department_b,
        [],
    )
    assert [row.title for row in first.history.order_by("history_date", "history_id")][::-1][
        0
    ] == "任务一（改）"
    assert first.history.earliest("history_date").title == "任务一"


def test_a_lead_office_cannot_also_cooperate(discipline_office, department_a):
    with pytest.raises(DomainError, match="已是牵头科室"):
        services.task_add(
            plan=WorkPlanFactory(),
            title="任务",
            lead_office=department_a,
            cooperating_offices=[department_a],
            by=discipline_office,
        )


def test_tasks_and_measures_reorder(discipline_office):
    plan = WorkPlanFactory()
    one, two, three = (KeyTaskFactory(plan=plan, order=n) for n in (1, 2, 3))
    services.task_move(task=three, up=True, by=discipline_office)
    assert list(plan.tasks.order_by("order").values_list("pk", flat=True)) == [
        one.pk,
        three.pk,
        two.pk,
    ]
    services.task_move(task=one, up=True, by=discipline_office)  # already first: nothing
    assert KeyTask.objects.get(pk=one.pk).order == 1
    first, second = MeasureFactory(task=one, order=1), MeasureFactory(task=one, order=2)
    services.measure_move(measure=first, up=False, by=discipline_office)
    assert list(one.measures.order_by("order").values_list("pk", flat=True)) == [
        second.pk,
        first.pk,
    ]


def test_measure_add_makes_a_node_of_each_date_in_its_schedule(discipline_office):
    task = KeyTaskFactory(plan=WorkPlanFactory(year=2026))
    measure = services.measure_add(
        task=task,
        text="开展警示教育",
        schedule_text="3月底前部署；年底前总结",
        by=discipline_office,
    )
    assert measure.schedule_text == "3月底前部署；年底前总结"
    assert list(measure.nodes.values_list("due_on", flat=True)) == [
        datetime.date(2026, 3, 31),
        datetime.date(2026, 12, 31),
    ]


def test_an_unused_task_is_removed_with_its_measures_and_nodes(discipline_office):
    task = KeyTaskFactory()
    measure = MeasureFactory(task=task)
    ScheduleNodeFactory(task=task, measure=measure)
    assert services.task_remove(task=task, by=discipline_office) == "removed"
    assert (KeyTask.objects.count(), Measure.objects.count(), ScheduleNode.objects.count()) == (
        0,
        0,
        0,
    )
    assert KeyTask.history.filter(history_type="-").count() == 1


def test_a_task_with_a_node_done_is_retired_not_removed(discipline_office):
    task = KeyTaskFactory()
    ScheduleNodeFactory(task=task, done_on=datetime.date(2026, 3, 1))
    assert services.task_remove(task=task, by=discipline_office) == "retired"
    task.refresh_from_db()
    assert task.retired_at is not None
    assert task.retired_by == discipline_office
    with pytest.raises(DomainError, match="已停用"):
        services.task_remove(task=task, by=discipline_office)
    with pytest.raises(DomainError, match="已停用"):
        services.measure_add(task=task, text="措施", by=discipline_office)


def test_a_task_another_app_refers_to_is_in_use(discipline_office, monkeypatch):
    """``task_in_use`` asks every relation other apps declare (a report's foreign key)."""
    task = KeyTaskFactory()
    measure = MeasureFactory(task=task)
    assert services.task_in_use(task) is False
    # A stand-in for a report: the plan's own creator row is not one, so fake the relation.
    monkeypatch.setattr(services, "task_in_use", lambda t: True)
    assert services.measure_remove(measure=measure, by=discipline_office) == "retired"
    assert services.task_remove(task=task, by=discipline_office) == "retired"
    node = ScheduleNodeFactory(task=KeyTaskFactory())
    with pytest.raises(DomainError, match="已有报告，节点不能删除"):
        services.node_remove(node=node, by=discipline_office)


def test_nodes_change_and_are_marked_done_by_the_lead_office(
    discipline_office, head_a, department_a
):
    task = KeyTaskFactory(lead_office=department_a)
    node = services.node_add(
        task=task, due_on=datetime.date(2026, 5, 31), description="5月底前", by=discipline_office
    )
    services.node_change(
        node=node, due_on=datetime.date(2026, 6, 30), description="6月底前", by=discipline_office
    )
    services.node_mark(node=node, done=True, today=datetime.date(2026, 6, 20), by=head_a)
    node.refresh_from_db()
    assert (node.due_on, node.done_on, node.done_by) == (
        datetime.date(2026, 6, 30),
        datetime.date(2026, 6, 20),
        head_a,
    )
    with pytest.raises(DomainError, match="已标记完成，不能再修改"):
        services.node_change(
            node=node, due_on=datetime.date(2026, 7, 1), description="x", by=discipline_office
        )
    with pytest.raises(DomainError, match="已标记完成，不能删除"):
        services.node_remove(node=node, by=discipline_office)
    services.node_mark(node=node, done=False, by=discipline_office)
    node.refresh_from_db()
    assert node.done_on is None
    services.node_remove(node=node, by=discipline_office)
    assert not ScheduleNode.objects.exists()


def test_an_office_that_does_not_lead_cannot_mark_a_node(applicant_b, department_a):
    node = ScheduleNodeFactory(task=KeyTaskFactory(lead_office=department_a))
    with pytest.raises(DomainError, match="只有牵头科室或纪检监察室"):
        services.node_mark(node=node, done=True, by=applicant_b)


def test_copy_to_next_year_shifts_nodes_and_keeps_leaders_and_offices(
    discipline_office, department_a, department_b
):
    plan = WorkPlanFactory(year=2028)  # a leap year
    leader = PersonFactory(name="刘杰")
    task = KeyTaskFactory(plan=plan, order=1, lead_office=department_a, title="任务一")
    task.responsible_leaders.set([leader])
    task.cooperating_offices.set([department_b])
    measure = MeasureFactory(task=task, order=1, text="措施", schedule_text="2028年2月底前")
    ScheduleNodeFactory(
        task=task,
        measure=measure,
        due_on=datetime.date(2028, 2, 29),
        done_on=datetime.date(2028, 2, 20),
    )
    ScheduleNodeFactory(task=task, measure=None, due_on=datetime.date(2028, 6, 30))
    retired = KeyTaskFactory(
        plan=plan, order=2, retired_at=datetime.datetime(2028, 3, 1, tzinfo=datetime.UTC)
    )
    MeasureFactory(
        task=task, order=2, retired_at=datetime.datetime(2028, 3, 1, tzinfo=datetime.UTC)
    )

    copy = services.plan_copy(plan=plan, by=discipline_office)

    assert (copy.year, copy.copied_from, copy.title) == (2029, plan, "2029年廉洁医院建设工作计划表")
    [new_task] = copy.tasks.all()
    assert new_task.title == "任务一"
    assert new_task.pk != task.pk
    assert retired.title != new_task.title
    assert (new_task.lead_office, list(new_task.cooperating_offices.all())) == (
        department_a,
        [department_b],
    )
    assert list(new_task.responsible_leaders.all()) == [leader]
    assert list(new_task.measures.values_list("text", "schedule_text")) == [
        ("措施", "2029年2月底前")
    ]
    assert list(new_task.nodes.order_by("due_on").values_list("due_on", "done_on")) == [
        (datetime.date(2029, 2, 28), None),
        (datetime.date(2029, 6, 30), None),
    ]
    assert new_task.nodes.get(due_on=datetime.date(2029, 2, 28)).measure == new_task.measures.get()
    with pytest.raises(DomainError, match="2029 年度的工作计划已经存在"):
        services.plan_copy(plan=plan, by=discipline_office)
    assert WorkPlan.objects.count() == 2


def test_remove_an_unused_measure(discipline_office):
    measure = MeasureFactory()
    ScheduleNodeFactory(task=measure.task, measure=measure)
    assert services.measure_remove(measure=measure, by=discipline_office) == "removed"
    assert not Measure.objects.exists()
    assert not ScheduleNode.objects.exists()


def test_a_measure_with_a_done_node_is_retired(discipline_office):
    measure = MeasureFactory()
    ScheduleNodeFactory(task=measure.task, measure=measure, done_on=datetime.date(2026, 1, 5))
    assert services.measure_remove(measure=measure, by=discipline_office) == "retired"
    assert Measure.objects.get().retired_at is not None


@pytest.fixture
def other_office():
    return DepartmentFactory(code="Z99", name="其他科")


def test_a_form_sent_twice_adds_one_row(discipline_office, department_a):
    import uuid

    from core.errors import AlreadySubmittedError

    plan = WorkPlanFactory()
    key = uuid.uuid4()
    task = services.task_add(
        plan=plan, title="任务", lead_office=department_a, submission_key=key, by=discipline_office
    )
    with pytest.raises(AlreadySubmittedError) as refused:
        services.task_add(
            plan=plan,
            title="任务",
            lead_office=department_a,
            submission_key=key,
            by=discipline_office,
        )
    assert refused.value.existing == task
    measure_key, node_key = uuid.uuid4(), uuid.uuid4()
    services.measure_add(task=task, text="措施", submission_key=measure_key, by=discipline_office)
    with pytest.raises(AlreadySubmittedError):
        services.measure_add(
            task=task, text="措施", submission_key=measure_key, by=discipline_office
        )
    services.node_add(
        task=task,
        due_on=datetime.date(2026, 9, 30),
        description="9月",
        submission_key=node_key,
        by=discipline_office,
    )
    with pytest.raises(AlreadySubmittedError):
        services.node_add(
            task=task,
            due_on=datetime.date(2026, 9, 30),
            description="9月",
            submission_key=node_key,
            by=discipline_office,
        )
    assert (KeyTask.objects.count(), Measure.objects.count(), ScheduleNode.objects.count()) == (
        1,
        1,
        1,
    )
