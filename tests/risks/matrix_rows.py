"""The risks app's rows of the permission matrix (tests/test_permission_matrix.py).

Department A's records: its head and contact keep them; the working group reads them
(a keeper's page and post refused with 403); everyone else finds nothing (404)."""

import datetime

from django.utils import timezone

from tests.conftest import PERSONAS
from tests.matrix import LOGIN, Row, anonymous_login, hidden_except, only

KEEPERS = ("applicant_a", "head_a")
READ_ALL = ("party_office", "discipline_office", "leading_group", "party_committee")
A_READERS = (*KEEPERS, *READ_ALL)
# Whose own units lead them straight to their register (one unit each).
KEEPING_ONE_UNIT = ("applicant_a", "applicant_b", "head_a")


def _kept(status):
    """A keeper's page or post of department A: the keepers ``status``, the readers 403,
    everyone else 404."""
    return {
        "anonymous": LOGIN,
        **{
            p: status if p in KEEPERS else 403 if p in READ_ALL else 404
            for p in PERSONAS
            if p != "anonymous"
        },
    }


def _unit_a(request):
    return [request.getfixturevalue("department_a").pk]


def _point_a(request):
    from tests.risks.factories import risk_point

    return [risk_point(request.getfixturevalue("department_a")).pk]


def _holding_a(request):
    from tests.risks.factories import holding

    return [holding(request.getfixturevalue("department_a"), since=datetime.date(2022, 3, 1)).pk]


def _person_of_a(request):
    from tests.factories import PersonFactory

    return PersonFactory(department=request.getfixturevalue("department_a")).pk


def _holding_data(request):
    from tests.risks.factories import key_post

    return {
        "person": _person_of_a(request),
        "post": key_post().pk,
        "since": "2024-05-01",
    }


def _today():
    return timezone.localdate().isoformat()


POINT_DATA = {"post": "药品采购", "risk": "收受回扣", "grade": "1", "measure": "集体决策"}

ROWS = {
    "risks:mine": Row(
        expect=anonymous_login(**dict.fromkeys(KEEPING_ONE_UNIT, 302)),
    ),
    "risks:unit_points": Row(build=_unit_a, expect=hidden_except(A_READERS)),
    "risks:point_add": Row(build=_unit_a, expect=_kept(200)),
    "risks:point": Row(build=_point_a, expect=hidden_except(A_READERS)),
    "risks:point_edit": Row(build=_point_a, expect=_kept(200)),
    "risks:point_review": Row(
        method="post",
        build=_point_a,
        data=lambda r: {"reviewed_on": _today(), "grade": "2", "outcome": "风险降低"},
        expect=_kept(302),
    ),
    "risks:point_retire": Row(
        method="post", build=_point_a, data={"reason": "岗位撤销"}, expect=_kept(302)
    ),
    "risks:unit_posts": Row(build=_unit_a, expect=hidden_except(A_READERS)),
    "risks:holding_add": Row(build=_unit_a, expect=_kept(200)),
    "risks:holding": Row(build=_holding_a, expect=hidden_except(A_READERS)),
    "risks:holding_rotate": Row(
        method="post",
        build=_holding_a,
        data=lambda r: {"successor": _person_of_a(r), "on": _today(), "note": ""},
        expect=_kept(302),
    ),
    "risks:holding_end": Row(
        method="post",
        build=_holding_a,
        data=lambda r: {"until": _today(), "kind": "left", "note": ""},
        expect=_kept(302),
    ),
    # The working group's hospital-wide lists.
    "risks:points": Row(expect=only(READ_ALL)),
    "risks:rotation": Row(expect=only(READ_ALL)),
    "risks:overview": Row(expect=only(READ_ALL)),
}

FORM_POSTS = {
    "risks:point_add": Row(method="post", build=_unit_a, data=POINT_DATA, expect=_kept(302)),
    "risks:point_edit": Row(
        method="post",
        build=_point_a,
        data={"post": "药品遴选", "risk": "指定品牌", "measure": "药事会集体决策"},
        expect=_kept(302),
    ),
    "risks:holding_add": Row(method="post", build=_unit_a, data=_holding_data, expect=_kept(302)),
}
