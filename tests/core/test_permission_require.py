"""core.permissions.require: how a service refuses a caller without the permission."""

import pytest
import rules
from django.contrib.auth.models import AnonymousUser

from accounts.roles import Role
from core.errors import DomainError
from core.permissions import require
from tests.factories import UserFactory


@pytest.fixture
def object_rule():
    rules.add_perm("tests.touch_thing", rules.predicate(lambda user, thing: thing == "mine"))
    yield "tests.touch_thing"
    rules.remove_perm("tests.touch_thing")


def test_require_passes_a_model_permission(db):
    user = UserFactory(username="u", roles=[Role.PARTY_OFFICE])
    require(user, "appraisal.manage_reviews", message="不可")


def test_require_refuses_without_the_model_permission(db):
    user = UserFactory(username="u", roles=[Role.LEADING_GROUP])
    with pytest.raises(DomainError, match=r"^不可$"):
        require(user, "appraisal.manage_reviews", message="不可")


def test_require_asks_the_object_rule(db, object_rule):
    user = UserFactory(username="u")
    require(user, object_rule, "mine", message="不可")
    with pytest.raises(DomainError, match=r"^不可$"):
        require(user, object_rule, "theirs", message="不可")


def test_require_refuses_anonymous_and_none(object_rule):
    with pytest.raises(DomainError):
        require(AnonymousUser(), object_rule, "mine", message="不可")
    with pytest.raises(DomainError):
        require(None, object_rule, "mine", message="不可")
