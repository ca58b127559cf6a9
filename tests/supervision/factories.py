"""Visits and ledger items made through the services, as the offices and departments
make them (tests/supervision)."""

import datetime

from supervision.enums import VisitKind, VisitMethod, VisitOrganizer
from supervision.services import ledger, visits
from tests.factories import pdf_upload

VISITED_ON = datetime.date(2026, 5, 15)  # a Friday, a working day
DUE_ON = datetime.date(2026, 6, 15)  # a Monday, a working day


def planned_visit(by, units, *, planned_on=VISITED_ON, kind=VisitKind.FIRST_HALF, **options):
    return visits.visit_plan(
        by=by,
        year=planned_on.year,
        kind=kind,
        organizer=options.pop("organizer", VisitOrganizer.WORKING_GROUP),
        departments=units,
        planned_on=planned_on,
        members=options.pop("members", "纪检监察室王某、党委办公室李某"),
        **options,
    )


def done_visit(by, units, *, visited_on=VISITED_ON):
    visit = planned_visit(by, units, planned_on=visited_on)
    return visits.visit_complete(
        visit=visit,
        by=by,
        visited_on=visited_on,
        members="纪检监察室王某、党委办公室李某",
        methods=[VisitMethod.HEAR_REPORTS, VisitMethod.READ_RECORDS],
        summary="听取汇报，查阅台账。",
        today=visited_on,
    )


def ledger_item_of(unit, *, by, responsible, visit=None, due_on=DUE_ON, finding="学习记录不全。"):
    visit = visit or done_visit(by, [unit])
    return ledger.finding_record(
        visit=visit,
        by=by,
        unit=unit,
        finding=finding,
        responsible=responsible,
        due_on=due_on,
        today=visit.visited_on,
    )


def rectified(item, by, *, text="已补齐学习记录。"):
    return ledger.ledger_rectify(item=item, by=by, text=text, uploads=[pdf_upload("整改.pdf")])
