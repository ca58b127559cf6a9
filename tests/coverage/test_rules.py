"""Who may read the coverage toward the target (coverage/rules.py): the party office,
the party committee, the leading group and the discipline office; nobody else."""

import pytest

from coverage.rules import VIEW
from tests.conftest import PERSONAS

pytestmark = pytest.mark.django_db

READERS = {"party_office", "party_committee", "leading_group", "discipline_office"}


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "anonymous"])
def test_view_coverage(request, persona):
    user = request.getfixturevalue(persona)
    assert user.has_perm(VIEW) is (persona in READERS)


def test_nobody_signed_out_reads_it():
    from django.contrib.auth.models import AnonymousUser

    assert AnonymousUser().has_perm(VIEW) is False
