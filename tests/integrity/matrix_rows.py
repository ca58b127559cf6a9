"""The integrity app's rows of the permission matrix (tests/test_permission_matrix.py).

Department A's records: its head and contact keep them (head_a, applicant_a), the working
group reads them (403 on the keepers' forms), everyone else gets 404."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from tests.matrix import SIGNED_IN, Row, anonymous_login, hidden_except, only

READ_ALL = ("party_office", "discipline_office", "leading_group", "party_committee")
KEEPERS_A = ("applicant_a", "head_a")
READERS_A = (*KEEPERS_A, *READ_ALL)


def _keepers_forms(status=200):
    """A's forms: its keepers get ``status``, the working group 403, the rest 404."""
    return {**hidden_except(KEEPERS_A, status=status), **dict.fromkeys(READ_ALL, 403)}


def _member_of_a(r, name="王医生"):
    from tests.integrity.factories import person_since

    r.getfixturevalue("head_a")
    return person_since(r.getfixturevalue("department_a"), datetime.date(2020, 1, 1), name=name)


def _a(r):
    return [r.getfixturevalue("department_a").pk]


def _a_this_year(r):
    return [r.getfixturevalue("department_a").pk, timezone.localdate().year]


def _pdf(name):
    from tests.factories import pdf_upload

    return pdf_upload(name)


def _commitment_data(r):
    r.getfixturevalue("media_root")
    return {
        "person": _member_of_a(r).pk,
        "signed_on": timezone.localdate().isoformat(),
        "scan": _pdf("承诺书.pdf"),
    }


def _talk_data(r):
    return {
        "talker": _member_of_a(r, "主任").pk,
        "person": _member_of_a(r).pk,
        "talked_on": timezone.localdate().isoformat(),
        "note": "提醒廉洁行医",
    }


def _session_data(r):
    return {
        "held_on": timezone.localdate().isoformat(),
        "topic": "学习党纪处分条例",
        "attendees": [_member_of_a(r).pk],
        "minutes": "全科学习",
    }


def _commitment_of_a(r):
    from integrity.models import Commitment, CommitmentScan

    r.getfixturevalue("media_root")
    member = _member_of_a(r)
    commitment = Commitment.objects.create(
        unit=r.getfixturevalue("department_a"),
        person=member,
        year=timezone.localdate().year,
        signed_on=timezone.localdate(),
        method="scan",
        recorded_by=r.getfixturevalue("applicant_a"),
    )
    scan = CommitmentScan(
        commitment=commitment,
        original_name="承诺书.pdf",
        kind="pdf",
        size=9,
        sha256="0" * 64,
        uploaded_by=commitment.recorded_by,
    )
    scan.file.save("scan", ContentFile(b"%PDF-1.7\n"), save=False)
    scan.save()
    return commitment


def _session_of_a(r):
    from integrity.models import StudySession, StudySessionFile

    r.getfixturevalue("media_root")
    session = StudySession.objects.create(
        unit=r.getfixturevalue("department_a"),
        held_on=timezone.localdate(),
        topic="学习",
        recorded_by=r.getfixturevalue("applicant_a"),
    )
    stored = StudySessionFile(
        session=session,
        original_name="学习.pdf",
        kind="pdf",
        size=9,
        sha256="0" * 64,
        uploaded_by=session.recorded_by,
    )
    stored.file.save("file", ContentFile(b"%PDF-1.7\n"), save=False)
    stored.save()
    return session


ROWS = {
    # The working group reads every unit's coverage.
    "integrity:coverage": Row(expect=only(READ_ALL)),
    # Everyone signed in has their own commitment page and confirms it.
    "integrity:mine": Row(expect=anonymous_login()),
    "integrity:mine_confirm": Row(
        method="post",
        data={"agree": "on"},
        default=302,
        expect=anonymous_login(),
        actors=SIGNED_IN,
    ),
    # 本科室台账: whoever keeps a unit is sent to its page; anyone else is refused.
    "integrity:own_unit": Row(
        expect={
            **only(()),
            "applicant_a": 302,
            "applicant_b": 302,
            "head_a": 302,
        }
    ),
    "integrity:unit": Row(build=_a_this_year, expect=hidden_except(READERS_A)),
    "integrity:commitment_new": Row(build=_a, expect=_keepers_forms()),
    "integrity:talk_new": Row(build=_a, expect=_keepers_forms()),
    "integrity:session_new": Row(build=_a, expect=_keepers_forms()),
    "integrity:withdraw": Row(
        method="post",
        build=lambda r: ["commitment", _commitment_of_a(r).pk],
        data={"reason": "人员记错"},
        expect=_keepers_forms(status=302),
    ),
    "integrity:commitment_scan": Row(
        build=lambda r: [_commitment_of_a(r).pk], expect=hidden_except(READERS_A)
    ),
    "integrity:session_file": Row(
        build=lambda r: [_session_of_a(r).pk], expect=hidden_except(READERS_A)
    ),
}

FORM_POSTS = {
    "integrity:commitment_new": Row(
        method="post", build=_a, data=_commitment_data, expect=_keepers_forms(status=302)
    ),
    "integrity:talk_new": Row(
        method="post", build=_a, data=_talk_data, expect=_keepers_forms(status=302)
    ),
    "integrity:session_new": Row(
        method="post", build=_a, data=_session_data, expect=_keepers_forms(status=302)
    ),
}
