"""The analysis app's rows of the permission matrix (tests/test_permission_matrix.py).

The party office, the party committee, the leading group and the discipline office read
the issued reports; the party office alone drafts, writes the commentary and issues, and
alone sees a draft; the committee alone records its conclusions. Departments: nothing."""

from tests.matrix import Row, hidden_except, only, only_posts

READERS = ("party_office", "party_committee", "leading_group", "discipline_office")


def _draft(request):
    from tests.analysis.factories import draft

    return [draft(request.getfixturevalue("party_office")).pk]


def _issued(request):
    from tests.analysis.factories import issued

    return [issued(request.getfixturevalue("party_office")).pk]


ROWS = {
    "analysis:reports": Row(expect=only(READERS)),
    "analysis:report_new": Row(
        method="post", data={"year": 2026, "quarter": 2}, expect=only_posts(("party_office",))
    ),
    "analysis:version": Row(build=_issued, expect=hidden_except(READERS)),
    "analysis:version_commentary": Row(
        method="post",
        build=_draft,
        data={"commentary": "本季度总体平稳，约谈需加强。"},
        expect=only_posts(("party_office",)),
    ),
    "analysis:version_issue": Row(
        method="post", build=_draft, expect=only_posts(("party_office",))
    ),
    "analysis:version_conclusions": Row(
        method="post",
        build=_issued,
        data={"meeting_on": "2026-07-10", "conclusions": "同意党办分析意见。"},
        expect=only_posts(("party_committee",)),
    ),
}

FORM_POSTS = {}
