"""home.rules alone: who may read the first-run page."""

import pytest
from django.contrib.auth.models import AnonymousUser

from home.firstrun import VIEW_FIRST_RUN
from tests.conftest import PERSONAS

pytestmark = pytest.mark.django_db

READERS = {"admin_user", "party_office"}


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "anonymous"])
def test_first_run_page_is_for_the_administrator_and_the_party_office(request, persona):
    user = request.getfixturevalue(persona)
    assert user.has_perm(VIEW_FIRST_RUN) is (persona in READERS)


def test_first_run_page_is_not_for_anonymous():
    assert not AnonymousUser().has_perm(VIEW_FIRST_RUN)
