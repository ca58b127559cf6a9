"""What a quarter's report says: the figures assembled from the other apps
(docs/analysis.md, "The figures").

``assemble(year, quarter, today=)`` answers a plain dict (numbers, strings, lists: what
JSON keeps), the one shape both a draft (read live) and an issued version (its frozen
``snapshot``) are shown and printed from. A fixed number of queries, whatever the
number of departments, tasks or records (``tests/analysis/test_figures.py``).

The quarter runs from its first day to its last (Asia/Shanghai); "now" is the day of
assembly (``today``), so a report assembled before the quarter ends says what is not
yet due. Each section's rule:

* **work plan**: the nodes of the year's plan due in the quarter (retired tasks and
  measures left out): done on time (done on or before the due date), done late,
  overdue (not done, due before today), not yet due;
* **reports**: the offices' reports due in the quarter (monthly, half-year, annual):
  on time (first submitted by the due date), late, overdue (never submitted, due before
  today), not yet due;
* **records**: every active department's integrity records of the year up to the
  quarter's last day (``integrity.coverage.year_coverage``), and its study sessions in
  the quarter;
* **supervision**: visits done in the quarter; ledger items recorded in it; items closed
  in it (on time: closed on or before the due date); items open today, and overdue;
* **objections**: raised in the quarter, by outcome. Counts only: neither the objector,
  nor the department objected to, nor the text — nothing that could lead to who objected;
* **veto**: events reported in the quarter by state, events the committee confirmed in
  it (department, indicator, day); rectifications started and accepted in it, and those
  under way today;
* **evaluation**: the latest yearly evaluation of the report's year or earlier whose
  results were confirmed by today: the number per grade, the average, the departments
  graded 不合格. None when there is none.
"""

import datetime
from collections import Counter
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, F, Q

from appraisal.enums import YearlyGrade
from appraisal.models import EvaluationResult
from departments.models import Department
from integrity.coverage import year_coverage
from publicity.enums import ObjectionState
from publicity.models import Objection
from reports.enums import ReportKind
from reports.models import Report
from supervision.enums import LedgerState, VisitState
from supervision.models import LedgerItem, Visit
from veto.enums import RectificationState, VetoEventState
from veto.models import Rectification, VetoEvent
from workplan.models import ScheduleNode


def quarter_first_day(year, quarter):
    return datetime.date(year, (quarter - 1) * 3 + 1, 1)


def quarter_last_day(year, quarter):
    if quarter == 4:
        return datetime.date(year, 12, 31)
    return quarter_first_day(year, quarter + 1) - datetime.timedelta(days=1)


def quarter_of(day):
    return (day.month - 1) // 3 + 1


def _moments(first, last):
    """The quarter as a half-open range of aware datetimes, local midnight to midnight."""
    zone = ZoneInfo(settings.TIME_ZONE)
    start = datetime.datetime.combine(first, datetime.time(), tzinfo=zone)
    end = datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time(), tzinfo=zone)
    return start, end


def assemble(year, quarter, *, today):
    first, last = quarter_first_day(year, quarter), quarter_last_day(year, quarter)
    moments = _moments(first, last)
    return {
        "year": year,
        "quarter": quarter,
        "first_day": first.isoformat(),
        "last_day": last.isoformat(),
        "assembled_on": today.isoformat(),
        "workplan": _workplan(year, first, last, today),
        "reports": _reports(first, last, today),
        "records": _records(year, quarter, last, today),
        "supervision": _supervision(first, last, moments, today),
        "objections": _objections(moments),
        "veto": _veto(first, last, moments),
        "evaluation": _evaluation(year, today),
    }


# --- the work plan -----------------------------------------------------------------------


def _node_state(node, today):
    if node.done_on is not None:
        return "done_on_time" if node.done_on <= node.due_on else "done_late"
    return "overdue" if node.due_on < today else "not_yet_due"


def _workplan(year, first, last, today):
    nodes = (
        ScheduleNode.objects.filter(
            task__plan__year=year,
            task__retired_at__isnull=True,
            due_on__range=(first, last),
        )
        .filter(Q(measure__isnull=True) | Q(measure__retired_at__isnull=True))
        .select_related("task__lead_office")
        .order_by("task__order", "due_on", "pk")
    )
    counts = Counter()
    tasks = {}
    for node in nodes:
        state = _node_state(node, today)
        counts[state] += 1
        task = tasks.setdefault(
            node.task_id,
            {
                "order": node.task.order,
                "title": node.task.title,
                "lead_office": node.task.lead_office.name,
                "due": 0,
                "done_on_time": 0,
                "done_late": 0,
                "overdue": 0,
                "not_yet_due": 0,
            },
        )
        task["due"] += 1
        task[state] += 1
    return {
        "due": sum(counts.values()),
        "done_on_time": counts["done_on_time"],
        "done_late": counts["done_late"],
        "overdue": counts["overdue"],
        "not_yet_due": counts["not_yet_due"],
        "tasks": list(tasks.values()),
    }


# --- the offices' reports ----------------------------------------------------------------


def _reports(first, last, today):
    rows = (
        Report.objects.filter(due_on__range=(first, last))
        .values("kind", "month")
        .annotate(
            n_total=Count("pk"),
            n_late=Count("pk", filter=Q(first_submitted_at__isnull=False, late=True)),
            n_on_time=Count("pk", filter=Q(first_submitted_at__isnull=False, late=False)),
            n_overdue=Count("pk", filter=Q(first_submitted_at__isnull=True, due_on__lt=today)),
        )
        .order_by("kind", "month")
    )
    keys = ("total", "on_time", "late", "overdue", "not_yet_due")
    months = {}
    summaries = dict.fromkeys(keys, 0)
    for row in rows:
        counts = {key: row[f"n_{key}"] for key in keys[:4]}
        counts["not_yet_due"] = (
            counts["total"] - counts["on_time"] - counts["late"] - counts["overdue"]
        )
        if row["kind"] == ReportKind.MONTHLY:
            month = months.setdefault(
                row["month"], dict.fromkeys(keys, 0) | {"month": row["month"]}
            )
            for key in keys:
                month[key] += counts[key]
        else:
            for key in keys:
                summaries[key] += counts[key]
    by_month = [months[month] for month in sorted(months)]
    monthly = {key: sum(month[key] for month in by_month) for key in keys}
    return {"monthly": monthly, "by_month": by_month, "summaries": summaries}


# --- each department's records -----------------------------------------------------------


def _records(year, quarter, last, today):
    units = list(Department.objects.filter(active=True, parent__isnull=True).order_by("code"))
    coverages = year_coverage(units, year, today=min(today, last))
    rows = []
    for unit in units:
        coverage = coverages[unit.pk]
        rows.append(
            {
                "name": unit.name,
                "members": len(coverage.commitment_members),
                "signed": len(coverage.signed_members),
                "commitments_percent": coverage.commitments_percent,
                "talk_members": len(coverage.talk_members),
                "talked": len(coverage.talked_members),
                "talks_percent": coverage.talks_percent,
                "sessions": coverage.by_quarter.get(quarter, 0),
                # Quarters of the year up to this one that ended by the day of assembly
                # without a session (year_coverage, run to the quarter's last day,
                # counts that day's quarter as still running).
                "quarters_missed": [
                    q
                    for q in range(1, quarter + 1)
                    if not coverage.by_quarter.get(q) and quarter_last_day(year, q) < today
                ],
            }
        )
    return {
        "units": rows,
        "departments": len(rows),
        "all_signed": sum(1 for row in rows if row["signed"] == row["members"]),
        "all_talked": sum(1 for row in rows if row["talked"] == row["talk_members"]),
        "with_session": sum(1 for row in rows if row["sessions"]),
        "members": sum(row["members"] for row in rows),
        "signed": sum(row["signed"] for row in rows),
        "talk_members": sum(row["talk_members"] for row in rows),
        "talked": sum(row["talked"] for row in rows),
    }


# --- supervision visits and the ledger ---------------------------------------------------


def _supervision(first, last, moments, today):
    visits = Visit.objects.filter(state=VisitState.DONE, visited_on__range=(first, last)).count()
    items = LedgerItem.objects.aggregate(
        found=Count("pk", filter=Q(recorded_at__gte=moments[0], recorded_at__lt=moments[1])),
        closed=Count("pk", filter=Q(closed_on__range=(first, last))),
        closed_on_time=Count(
            "pk",
            filter=Q(closed_on__range=(first, last), closed_on__lte=F("due_on")),
        ),
        open=Count("pk", filter=~Q(state=LedgerState.CLOSED)),
        overdue=Count("pk", filter=~Q(state=LedgerState.CLOSED) & Q(due_on__lt=today)),
    )
    items["closed_late"] = items["closed"] - items["closed_on_time"]
    return {"visits_done": visits, **items}


# --- objections: counts only -------------------------------------------------------------


def _objections(moments):
    return Objection.objects.filter(
        submitted_at__gte=moments[0], submitted_at__lt=moments[1]
    ).aggregate(
        raised=Count("pk"),
        open=Count("pk", filter=Q(state__in=[ObjectionState.SUBMITTED, ObjectionState.TAKEN_UP])),
        upheld=Count("pk", filter=Q(state=ObjectionState.UPHELD)),
        dismissed=Count("pk", filter=Q(state=ObjectionState.DISMISSED)),
    )


# --- veto events and rectifications ------------------------------------------------------


def _veto(first, last, moments):
    in_quarter = Q(reported_at__gte=moments[0], reported_at__lt=moments[1])
    events = VetoEvent.objects.aggregate(
        reported=Count("pk", filter=in_quarter),
        pending=Count(
            "pk",
            filter=in_quarter & Q(state__in=[VetoEventState.REPORTED, VetoEventState.VERIFIED]),
        ),
        confirmed=Count("pk", filter=in_quarter & Q(state=VetoEventState.CONFIRMED)),
        dismissed=Count("pk", filter=in_quarter & Q(state=VetoEventState.DISMISSED)),
    )
    confirmed = (
        VetoEvent.objects.filter(
            state=VetoEventState.CONFIRMED,
            decided_at__gte=moments[0],
            decided_at__lt=moments[1],
        )
        .select_related("unit")
        .order_by("decided_at", "pk")
    )
    events["confirmed_in_quarter"] = [
        {
            "unit": event.unit.name,
            "indicator_number": event.indicator_number,
            "occurred_on": event.occurred_on.isoformat(),
        }
        for event in confirmed
    ]
    rectifications = Rectification.objects.aggregate(
        started=Count("pk", filter=Q(starts_on__range=(first, last))),
        accepted=Count("pk", filter=Q(accepted_at__gte=moments[0], accepted_at__lt=moments[1])),
        under_way=Count(
            "pk", filter=Q(state__in=[RectificationState.ACTIVE, RectificationState.DUE])
        ),
    )
    return {"events": events, "rectifications": rectifications}


# --- the yearly evaluation ---------------------------------------------------------------


def _evaluation(year, today):
    results = list(
        EvaluationResult.objects.filter(year__lte=year, confirmed_on__lte=today)
        .filter(
            year=EvaluationResult.objects.filter(year__lte=year, confirmed_on__lte=today)
            .order_by("-year")
            .values("year")[:1]
        )
        .select_related("unit")
        .order_by("rank", "unit__code")
    )
    if not results:
        return None
    grades = Counter(result.grade for result in results)
    return {
        "year": results[0].year,
        "units": len(results),
        "average": str(results[0].average_total),
        "grades": [{"grade": grade.value, "count": grades[grade.value]} for grade in YearlyGrade],
        "failing": [result.unit.name for result in results if result.grade == YearlyGrade.FAIL],
    }
