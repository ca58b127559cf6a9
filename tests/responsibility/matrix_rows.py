"""The responsibility app's rows of the permission matrix (tests/test_permission_matrix.py).

The holder is applicant_a (a person of department A): they read, write, sign and mark
progress on their list; the party office keeps the set, writes a paper list and files its
scan; the discipline office and the party committee read every list, department A's head
reads its unit's (each refused the writers' pages and posts with 403); everyone else finds
nothing (404)."""

import datetime

from django.utils import timezone

from tests.conftest import PERSONAS
from tests.matrix import LOGIN, SIGNED_IN, Row, anonymous_login, hidden_except, only, only_posts

READ_ALL = ("party_office", "discipline_office", "party_committee")
READERS = ("applicant_a", "head_a", *READ_ALL)
WRITERS = ("applicant_a", "party_office")


def _acting(actors, status):
    """A page or post about the holder's list: ``actors`` get ``status``, the other
    readers 403, everyone else 404."""
    return {
        "anonymous": LOGIN,
        **{
            p: status if p in actors else 403 if p in READERS else 404
            for p in PERSONAS
            if p != "anonymous"
        },
    }


def _holder(request):
    from tests.responsibility.factories import holder

    request.getfixturevalue("head_a")
    return holder(
        request.getfixturevalue("applicant_a").person,
        by=request.getfixturevalue("party_office"),
    )


def _holder_pk(request):
    return [_holder(request).pk]


def _with_draft(request):
    from tests.responsibility.factories import item

    entry = _holder(request)
    item(entry)
    return entry


def _draft_holder(request):
    return [_with_draft(request).pk]


def _draft_item(request):
    return [_with_draft(request).lists.get().items.get().pk]


def _signed(request):
    from tests.responsibility.factories import signed_list

    return signed_list(_holder(request))


def _signed_holder(request):
    return [_signed(request).holder_id]


def _signed_item(request):
    pk = _signed(request).items.get().pk
    request.node.responsibility_item = pk  # the progress form's prefix names the item
    return [pk]


def _progress(request):
    prefix = f"p{request.node.responsibility_item}"
    return {f"{prefix}-done": "1", f"{prefix}-on": _today(), f"{prefix}-note": ""}


def _scan_holder(request):
    request.getfixturevalue("media_root")
    return [_with_draft(request).pk]


def _scanned_version(request):
    from responsibility.services.lists import list_scan_record
    from tests.factories import pdf_upload

    request.getfixturevalue("media_root")
    entry = _with_draft(request)
    version = list_scan_record(
        holder=entry, by=request.getfixturevalue("party_office"), upload=pdf_upload()
    )
    return [version.pk]


def _heads(request):
    request.getfixturevalue("head_a")
    return


def _new_person(request):
    from tests.factories import PersonFactory

    return {
        "year": str(timezone.localdate().year),
        "reason": "cadre",
        "employee_numbers": PersonFactory(
            department=request.getfixturevalue("department_a"), employee_number="E7001"
        ).employee_number,
        "note": "",
    }


def _scan(request):
    from tests.factories import pdf_upload

    return {"scan": pdf_upload("清单签名.pdf")}


def _today():
    return timezone.localdate().isoformat()


ITEM_DATA = {
    "kind": "problem",
    "text": "采购环节把关不严",
    "measures": "集体决策",
    "due_on": datetime.date(timezone.localdate().year, 12, 31).isoformat(),
}
HEADS_READERS = ("head_a", *READ_ALL)

ROWS = {
    "responsibility:holders": Row(build=_heads, expect=only(HEADS_READERS)),
    "responsibility:holder_add": Row(expect=only(("party_office",))),
    "responsibility:fill_heads": Row(
        method="post",
        build=_heads,
        data=lambda r: {"year": str(timezone.localdate().year)},
        expect=only_posts(("party_office",)),
    ),
    "responsibility:holder_remove": Row(build=_holder_pk, expect=_acting(("party_office",), 200)),
    "responsibility:overview": Row(expect=only(READ_ALL)),
    "responsibility:mine": Row(expect=anonymous_login(**dict.fromkeys(SIGNED_IN, 200))),
    "responsibility:list": Row(build=_holder_pk, expect=hidden_except(READERS)),
    "responsibility:item_add": Row(build=_holder_pk, expect=_acting(WRITERS, 200)),
    "responsibility:list_sign": Row(
        method="post", build=_draft_holder, expect=_acting(("applicant_a",), 302)
    ),
    "responsibility:list_scan": Row(
        method="post",
        build=_scan_holder,
        data=_scan,
        expect=_acting(("party_office",), 302),
    ),
    "responsibility:list_revise": Row(
        method="post", build=_signed_holder, data={"reason": "更正"}, expect=_acting(WRITERS, 302)
    ),
    "responsibility:item_edit": Row(build=_draft_item, expect=_acting(WRITERS, 200)),
    "responsibility:item_remove": Row(
        method="post", build=_draft_item, expect=_acting(WRITERS, 302)
    ),
    "responsibility:item_progress": Row(
        method="post",
        build=_signed_item,
        data=_progress,
        expect=_acting(("applicant_a",), 302),
    ),
    "responsibility:scan_file": Row(build=_scanned_version, expect=hidden_except(READERS)),
}

FORM_POSTS = {
    "responsibility:holder_add": Row(
        method="post", data=_new_person, expect=only_posts(("party_office",))
    ),
    "responsibility:holder_remove": Row(
        method="post",
        build=_holder_pk,
        data=lambda r: {"removed_on": _today(), "reason": "调离"},
        expect=_acting(("party_office",), 302),
    ),
    "responsibility:item_add": Row(
        method="post", build=_holder_pk, data=ITEM_DATA, expect=_acting(WRITERS, 302)
    ),
    "responsibility:item_edit": Row(
        method="post",
        build=_draft_item,
        data={**ITEM_DATA, "text": "改正后的问题"},
        expect=_acting(WRITERS, 302),
    ),
}
