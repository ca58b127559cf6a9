"""The coverage's rows of the permission matrix (tests/test_permission_matrix.py), and
those of the departments' lifetime page it needs (departments/views.py): who records a
unit's setting up, closing or merging."""

from tests.matrix import Row, only, only_posts

READERS = ("party_office", "party_committee", "leading_group", "discipline_office")
# Those who keep the roster: the party office and the administrator. To anyone else the
# unit's lifetime page does not exist (404: ids cannot be probed); its posts are refused
# (403) before the unit is looked up.
LIFETIME_KEEPERS = ("party_office", "admin_user")


def _department_b(request):
    return [request.getfixturevalue("department_b").pk]


def _merge_data(request):
    return {
        "closed_on": "2025-06-30",
        "merged_into": str(request.getfixturevalue("department_a").pk),
        "reason": "院党委会2025年第8次会议决定",
    }


ROWS = {
    "coverage:overview": Row(expect=only(READERS)),
    "coverage:units": Row(expect=only(READERS)),
    "departments:lifetime": Row(
        build=_department_b, expect=only(LIFETIME_KEEPERS, status_else=404)
    ),
    "departments:lifetime_opened": Row(
        method="post",
        build=_department_b,
        data={"opened_on": "2020-01-01", "reason": "院党委会决定设立"},
        expect=only_posts(LIFETIME_KEEPERS),
    ),
    "departments:lifetime_close": Row(
        method="post",
        build=_department_b,
        data=_merge_data,
        expect=only_posts(LIFETIME_KEEPERS),
    ),
}

FORM_POSTS = {}
