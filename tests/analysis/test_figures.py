"""analysis.figures: each section against counts worked out by hand for the second
quarter of 2026 (1 April – 30 June), assembled on 6 July (the quarter ended) or on
10 June (the quarter running)."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from analysis.figures import assemble, quarter_first_day, quarter_last_day
from appraisal.enums import YearlyGrade
from appraisal.models import EvaluationResult
from integrity.models import StudySession
from publicity.models import Objection
from reports.models import Report
from supervision.models import LedgerItem
from tests.factories import (
    DepartmentFactory,
    listed_publicity,
    objection_of,
    objector,
    open_campaign,
    submitted_application,
    veto_event_in_state,
)
from tests.integrity.factories import commitment, person_since, session, talk
from tests.reports.factories import (
    KeyTaskFactory,
    WorkPlanFactory,
    monthly_report,
    node,
    summary_report,
)
from tests.supervision.factories import done_visit, ledger_item_of
from veto.models import Rectification, VetoEvent

pytestmark = pytest.mark.django_db

AFTER = datetime.date(2026, 7, 6)
DURING = datetime.date(2026, 6, 10)


def at(day, hour=10):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def test_quarters_run_from_their_first_to_their_last_day():
    assert quarter_first_day(2026, 2) == datetime.date(2026, 4, 1)
    assert quarter_last_day(2026, 2) == datetime.date(2026, 6, 30)
    assert quarter_last_day(2026, 4) == datetime.date(2026, 12, 31)
    assert quarter_first_day(2026, 1) == datetime.date(2026, 1, 1)


@pytest.fixture
def plan_nodes(party_office):
    plan = WorkPlanFactory(year=2026, created_by=party_office)
    task = KeyTaskFactory(plan=plan, title="落实一岗双责")
    node(task, datetime.date(2026, 4, 30)).__class__.objects.filter(
        due_on=datetime.date(2026, 4, 30)
    ).update(done_on=datetime.date(2026, 4, 28))
    late = node(task, datetime.date(2026, 5, 31))
    type(late).objects.filter(pk=late.pk).update(done_on=datetime.date(2026, 6, 3))
    node(task, datetime.date(2026, 6, 15))  # not done
    node(task, datetime.date(2026, 3, 31))  # the first quarter's
    retired = KeyTaskFactory(plan=plan, title="已停用的任务", retired_at=timezone.now())
    node(retired, datetime.date(2026, 5, 1))
    return task


def test_work_plan_nodes_due_in_the_quarter(plan_nodes):
    figures = assemble(2026, 2, today=AFTER)["workplan"]
    assert (figures["due"], figures["done_on_time"], figures["done_late"]) == (3, 1, 1)
    assert (figures["overdue"], figures["not_yet_due"]) == (1, 0)
    assert [task["title"] for task in figures["tasks"]] == ["落实一岗双责"]


def test_a_node_not_yet_due_while_the_quarter_runs(plan_nodes):
    figures = assemble(2026, 2, today=DURING)["workplan"]
    assert (figures["overdue"], figures["not_yet_due"]) == (0, 1)


def test_reports_due_in_the_quarter(party_office):
    task = KeyTaskFactory(plan=WorkPlanFactory(year=2026, created_by=party_office))
    on_time = monthly_report(task, month=4)
    Report.objects.filter(pk=on_time.pk).update(first_submitted_at=at(datetime.date(2026, 4, 10)))
    late = monthly_report(task, month=5)
    Report.objects.filter(pk=late.pk).update(
        first_submitted_at=at(datetime.date(2026, 5, 20)), late=True
    )
    monthly_report(task, month=6)  # never submitted, due 12 June
    monthly_report(task, month=3)  # the first quarter's
    summary_report(office=task.lead_office)  # due 15 July: the third quarter's
    figures = assemble(2026, 2, today=AFTER)["reports"]
    assert figures["monthly"] == {
        "total": 3,
        "on_time": 1,
        "late": 1,
        "overdue": 1,
        "not_yet_due": 0,
    }
    assert [month["month"] for month in figures["by_month"]] == [4, 5, 6]
    assert figures["summaries"]["total"] == 0
    during = assemble(2026, 2, today=DURING)["reports"]["monthly"]
    assert (during["overdue"], during["not_yet_due"]) == (0, 1)


def test_records_by_department_to_the_quarters_end(party_office, department_a, department_b):
    recorder = party_office
    first = person_since(department_a, datetime.date(2020, 1, 1))
    second = person_since(department_a, datetime.date(2020, 1, 1))
    person_since(department_b, datetime.date(2020, 1, 1))
    commitment(first, department_a, recorder, signed_on=datetime.date(2026, 2, 1))
    talk(first, department_a, recorder, talked_on=datetime.date(2026, 3, 1))
    talk(second, department_a, recorder, talked_on=datetime.date(2026, 5, 1))
    session(department_a, recorder, held_on=datetime.date(2026, 5, 20), attendees=[first])
    session(department_b, recorder, held_on=datetime.date(2026, 2, 20))
    figures = assemble(2026, 2, today=AFTER)["records"]
    rows = {row["name"]: row for row in figures["units"]}
    assert (rows["心内科"]["signed"], rows["心内科"]["members"]) == (1, 2)
    assert rows["心内科"]["commitments_percent"] == 50
    assert (rows["心内科"]["talked"], rows["心内科"]["talk_members"]) == (2, 2)
    assert rows["心内科"]["sessions"] == 1
    assert rows["心内科"]["quarters_missed"] == [1]
    assert rows["骨科"]["sessions"] == 0
    assert rows["骨科"]["quarters_missed"] == [2]
    assert (figures["with_session"], figures["all_talked"]) == (1, 1)
    assert StudySession.objects.count() == 2


def test_supervision_items_found_closed_and_open(
    discipline_office, department_a, head_a, statutory_calendar
):
    visit = done_visit(discipline_office, [department_a])  # 15 May
    items = [
        ledger_item_of(department_a, by=discipline_office, responsible=head_a.person, visit=visit)
        for _ in range(3)
    ]
    LedgerItem.objects.filter(pk__in=[item.pk for item in items]).update(
        recorded_at=at(datetime.date(2026, 5, 15))
    )
    LedgerItem.objects.filter(pk=items[0].pk).update(
        state="closed", closed_on=datetime.date(2026, 6, 10)
    )
    LedgerItem.objects.filter(pk=items[1].pk).update(
        state="closed", closed_on=datetime.date(2026, 6, 20)
    )
    figures = assemble(2026, 2, today=AFTER)["supervision"]
    assert figures == {
        "visits_done": 1,
        "found": 3,
        "closed": 2,
        "closed_on_time": 1,
        "closed_late": 1,
        "open": 1,
        "overdue": 1,
    }


def test_objections_are_counts_only(party_office, department_a, department_b, applicant_a, head_a):
    publicity, (a, b) = listed_publicity(party_office, [department_a, department_b])
    raiser = objector("raiser_x", name="异议人张", department=department_b)
    upheld = objection_of(publicity, a, raiser)
    pending = objection_of(publicity, b, raiser)
    Objection.objects.filter(pk__in=[upheld.pk, pending.pk]).update(
        submitted_at=at(datetime.date(2026, 5, 8))
    )
    Objection.objects.filter(pk=upheld.pk).update(state="upheld")
    figures = assemble(2026, 2, today=AFTER)
    assert figures["objections"] == {"raised": 2, "open": 1, "upheld": 1, "dismissed": 0}
    text = repr(figures)
    for trace in ("异议人张", "raiser_x", raiser.person.employee_number, upheld.content):
        assert trace not in text


def test_veto_events_and_rectifications(discipline_office, department_a, department_b):
    confirmed = veto_event_in_state(
        department_a, discipline_office, state="confirmed", occurred_on=datetime.date(2026, 4, 2)
    )
    dismissed = veto_event_in_state(department_b, discipline_office, state="dismissed")
    earlier = veto_event_in_state(department_b, discipline_office, state="reported")
    VetoEvent.objects.filter(pk__in=[confirmed.pk, dismissed.pk]).update(
        reported_at=at(datetime.date(2026, 4, 3))
    )
    VetoEvent.objects.filter(pk=confirmed.pk).update(decided_at=at(datetime.date(2026, 4, 20)))
    VetoEvent.objects.filter(pk=earlier.pk).update(reported_at=at(datetime.date(2026, 3, 3)))
    Rectification.objects.create(
        event=confirmed,
        unit=department_a,
        months=3,
        starts_on=datetime.date(2026, 4, 20),
        ends_on=datetime.date(2026, 7, 19),
        notice_number="纪〔2026〕1号",
    )
    figures = assemble(2026, 2, today=AFTER)["veto"]
    assert figures["events"]["reported"] == 2
    assert (figures["events"]["confirmed"], figures["events"]["dismissed"]) == (1, 1)
    assert figures["events"]["pending"] == 0
    assert figures["events"]["confirmed_in_quarter"] == [
        {"unit": "心内科", "indicator_number": 4, "occurred_on": "2026-04-02"}
    ]
    assert figures["rectifications"] == {"started": 1, "accepted": 0, "under_way": 1}


def _result(campaign, unit, *, grade, total, confirmed_on=datetime.date(2026, 1, 20)):
    return EvaluationResult.objects.create(
        application=submitted_application(campaign, unit),
        campaign=campaign,
        unit=unit,
        year=2025,
        total=Decimal(total),
        rank=1 if grade == YearlyGrade.EXCELLENT else 2,
        grade=grade,
        criterion_scores={},
        average_total=Decimal("75.25"),
        confirmed_on=confirmed_on,
    )


def test_the_latest_confirmed_yearly_evaluation(party_office, department_a, department_b):
    assert assemble(2026, 2, today=AFTER)["evaluation"] is None
    campaign = open_campaign(party_office, title="2025年度考评", year=2025)
    _result(campaign, department_a, grade=YearlyGrade.EXCELLENT, total="92.50")
    _result(campaign, department_b, grade=YearlyGrade.FAIL, total="58.00")
    figures = assemble(2026, 2, today=AFTER)["evaluation"]
    assert figures["year"] == 2025
    assert figures["units"] == 2
    assert figures["average"] == "75.25"
    assert {row["grade"]: row["count"] for row in figures["grades"]} == {
        "excellent": 1,
        "good": 0,
        "pass": 0,
        "fail": 1,
    }
    assert figures["failing"] == ["骨科"]
    # A result confirmed after the day of assembly is not yet there.
    assert assemble(2026, 1, today=datetime.date(2026, 1, 10))["evaluation"] is None


def _queries(today=AFTER):
    with CaptureQueriesContext(connection) as queries:
        assemble(2026, 2, today=today)
    return len(queries)


def test_queries_do_not_grow_with_departments(party_office, department_a):
    person_since(department_a, datetime.date(2020, 1, 1))
    one = _queries()
    for n in range(3):
        unit = DepartmentFactory(code=f"Z{n}", name=f"科室{n}")
        person_since(unit, datetime.date(2020, 1, 1))
        session(unit, party_office, held_on=datetime.date(2026, 5, 1))
    assert _queries() == one
