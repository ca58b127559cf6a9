"""The demo hospital's year of supervision (home's demo loader calls it after the
roster): this year's first-half visit done, with three findings in three departments
(one closed on time, one rectified and waiting for the office's check, one open), and
the second-half visit planned. Everything goes through the services, as a person would.
"""

import datetime
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import User
from departments.models import Department, Person
from supervision.enums import VisitKind, VisitMethod, VisitOrganizer
from supervision.models import Visit
from supervision.services import ledger, visits
from workcalendar.workdays import SHANGHAI, WorkCalendar

# (department code, the finding, the rectification, what becomes of it)
FINDINGS = [
    (
        "XNK",
        "科内学习记录不全，第一季度未见学习签到表。",
        "已补齐第一季度学习记录，建立每月学习签到制度。",
        "closed",
    ),
    (
        "JYK",
        "廉政风险点未按岗位逐一排查，防控措施不具体。",
        "已按岗位重新排查风险点 12 个，逐项制定防控措施。",
        "rectified",
    ),
    ("HXK", "廉洁承诺书签订未覆盖新入科人员。", "", "open"),
]
MEMBERS = "纪检监察室、党委办公室工作人员"


def _png():
    """A small real PNG (a photo of the clean-culture wall, as it were)."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    width, height = 16, 8
    rows = b"".join(b"\x00" + b"\xc0\x00\x00" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def _at(day, hour=10):
    return datetime.datetime.combine(day, datetime.time(hour), SHANGHAI)


def load_demo_year_round():
    """Create this year's visits and ledger unless the first-half visit exists.
    Returns the first-half visit, or None when it existed (or the demo roster is missing).

    Side effects: as the services it calls (two visits, three ledger items with their
    reminder rows, two rectifications with a photo each, a close, notifications).
    """
    today = timezone.localdate()
    year = today.year
    if Visit.objects.filter(year=year, kind=VisitKind.FIRST_HALF).exists():
        return None
    users = {u.username: u for u in User.objects.filter(username__in=["po", "discipline"])}
    units = {
        d.code: d
        for d in Department.objects.filter(code__in=[code for code, *_ in FINDINGS]).select_related(
            "head__user"
        )
    }
    if len(users) < 2 or len(units) < len(FINDINGS):
        return None
    party_office, discipline = users["po"], users["discipline"]
    calendar = WorkCalendar()
    visited_on = min(datetime.date(year, 5, 15), today)
    while not calendar.is_working_day(visited_on):
        visited_on -= datetime.timedelta(days=1)
    first = visits.visit_plan(
        by=party_office,
        year=year,
        kind=VisitKind.FIRST_HALF,
        organizer=VisitOrganizer.WORKING_GROUP,
        departments=list(units.values()),
        planned_on=visited_on,
        members=MEMBERS,
    )
    first = visits.visit_complete(
        visit=first,
        by=discipline,
        visited_on=visited_on,
        members=MEMBERS,
        methods=[VisitMethod.HEAR_REPORTS, VisitMethod.VISIT, VisitMethod.READ_RECORDS],
        summary="听取三个科室清廉科室创建工作汇报，实地查看清廉文化墙，查阅科室台账。",
        today=visited_on,
    )
    year_end = calendar.working_days_before(datetime.date(year, 12, 31) + datetime.timedelta(1), 1)
    for n, (code, finding, done, outcome) in enumerate(FINDINGS):
        unit = units[code]
        head = unit.head or Person.objects.filter(department=unit, active=True).first()
        due_on = (
            year_end
            if outcome == "open"
            else min(
                calendar.nth_working_day(visited_on + datetime.timedelta(1), 20 * (n + 1)), year_end
            )
        )
        item = ledger.finding_record(
            visit=first,
            by=discipline,
            unit=unit,
            finding=finding,
            responsible=head,
            due_on=due_on,
            today=visited_on,
        )
        if outcome == "open" or head.user is None:
            continue
        photo = SimpleUploadedFile("整改照片.png", _png(), content_type="image/png")
        item = ledger.ledger_rectify(item=item, by=head.user, text=done, uploads=[photo])
        if outcome == "closed":
            closed_on = calendar.working_days_before(due_on, 2)
            ledger.ledger_close(
                item=item, by=discipline, note="现场复核，整改到位。", now=_at(closed_on)
            )
    second_on = min(
        max(datetime.date(year, 10, 15), today + datetime.timedelta(days=7)),
        datetime.date(year, 12, 30),
    )
    visits.visit_plan(
        by=party_office,
        year=year,
        kind=VisitKind.SECOND_HALF,
        organizer=VisitOrganizer.WORKING_GROUP,
        departments=list(units.values()),
        planned_on=second_on,
        members=MEMBERS,
    )
    return first
