"""The supervision app's rows of the permission matrix (tests/test_permission_matrix.py).

The offices (party office, discipline office), the leading group and the party committee
read every visit and ledger item; department A's applicant and head read the visits to A
and A's items, and answer them; the two offices plan visits, record findings and check."""

import datetime
import uuid

from tests.matrix import Row, hidden_except, only, only_posts

OFFICES = ("party_office", "discipline_office")
READERS = (*OFFICES, "leading_group", "party_committee")
OF_A = ("applicant_a", "head_a")
A_READERS = (*READERS, *OF_A)
LIST_READERS = (*A_READERS, "applicant_b")


def _calendar(request):
    request.getfixturevalue("statutory_calendar")
    request.getfixturevalue("media_root")


def _today():
    from django.utils import timezone

    return timezone.localdate()


def _next_working_day():
    from workcalendar.workdays import WorkCalendar

    return WorkCalendar().nth_working_day(_today() + datetime.timedelta(days=1), 2)


def _visit_of_a(request, *, done=False):
    from supervision.enums import VisitKind
    from supervision.services import visits
    from tests.supervision.factories import planned_visit

    _calendar(request)
    office = request.getfixturevalue("discipline_office")
    unit = request.getfixturevalue("department_a")
    if done:
        visit = planned_visit(office, [unit], kind=VisitKind.AD_HOC, planned_on=_today())
        return visits.visit_complete(
            visit=visit, by=office, visited_on=_today(), members="王某", methods=["visit"]
        )
    return planned_visit(office, [unit])


def _visit_a(request):
    return [_visit_of_a(request).pk]


def _done_visit_a(request):
    return [_visit_of_a(request, done=True).pk]


def _item_of_a(request, *, rectified=False):
    from tests.supervision.factories import ledger_item_of
    from tests.supervision.factories import rectified as rectify

    _calendar(request)
    head = request.getfixturevalue("head_a")
    request.getfixturevalue("applicant_a")
    item = ledger_item_of(
        request.getfixturevalue("department_a"),
        by=request.getfixturevalue("discipline_office"),
        responsible=head.person,
    )
    return rectify(item, head) if rectified else item


def _item_a(request):
    return [_item_of_a(request).pk]


def _rectified_item_a(request):
    return [_item_of_a(request, rectified=True).pk]


def _evidence_a(request):
    from supervision.models import LedgerEvidence

    item = _item_of_a(request, rectified=True)
    return [item.pk, LedgerEvidence.objects.get(rectification__item=item).pk]


def _plan_data(request):
    return {
        "year": 2026,
        "kind": "first_half",
        "organizer": "working_group",
        "lead_office": "",
        "departments": [request.getfixturevalue("department_a").pk],
        "planned_on": "2026-05-15",
        "members": "纪检监察室王某",
        "submission_key": str(uuid.uuid4()),
    }


def _finding_data(request):
    return {
        "unit": request.getfixturevalue("department_a").pk,
        "finding": "科内学习记录不全。",
        "employee_number": request.getfixturevalue("head_a").person.employee_number,
        "due_on": _next_working_day().isoformat(),
        "submission_key": str(uuid.uuid4()),
    }


def _rectify_data(request):
    from tests.factories import pdf_upload

    return {
        "text": "已补齐学习记录。",
        "evidence": [pdf_upload("签到表.pdf")],
        "submission_key": str(uuid.uuid4()),
    }


ROWS = {
    "supervision:visits": Row(expect=only(LIST_READERS)),
    "supervision:visit_new": Row(expect=only(OFFICES)),
    "supervision:visit": Row(build=_visit_a, expect=hidden_except(A_READERS)),
    "supervision:visit_complete": Row(
        method="post",
        build=_visit_a,
        data={"visited_on": "2026-05-15", "members": "王某", "methods": ["visit", "read_records"]},
        expect=only_posts(OFFICES),
    ),
    "supervision:visit_cancel": Row(
        method="post",
        build=_visit_a,
        data={"reason": "科室承担应急任务，改期。"},
        expect=only_posts(OFFICES),
    ),
    "supervision:finding_new": Row(
        method="post", build=_done_visit_a, data=_finding_data, expect=only_posts(OFFICES)
    ),
    "supervision:ledger": Row(expect=only(LIST_READERS)),
    "supervision:unit_ledger": Row(
        build=lambda r: [r.getfixturevalue("department_a").pk], expect=hidden_except(A_READERS)
    ),
    "supervision:item": Row(build=_item_a, expect=hidden_except(A_READERS)),
    "supervision:item_rectify": Row(
        method="post",
        build=_item_a,
        data=_rectify_data,
        expect={**hidden_except(A_READERS, status=302), **dict.fromkeys(READERS, 403)},
    ),
    "supervision:item_close": Row(
        method="post",
        build=_rectified_item_a,
        data={"note": "整改到位。"},
        expect=only_posts(OFFICES),
    ),
    "supervision:item_send_back": Row(
        method="post",
        build=_rectified_item_a,
        data={"reason": "签到表缺少二月。"},
        expect=only_posts(OFFICES),
    ),
    "supervision:evidence": Row(build=_evidence_a, expect=hidden_except(A_READERS)),
}

FORM_POSTS = {
    "supervision:visit_new": Row(method="post", data=_plan_data, expect=only_posts(OFFICES)),
}
