"""Two submissions of the same commitment at the same moment (two tabs, a double click
that beat the form's key): one commitment, the other told it is signed (PostgreSQL)."""

import threading

import pytest
from django.db import connection

from core.errors import AlreadySubmittedError, DomainError
from integrity.models import Commitment
from integrity.services.commitments import commitment_confirm
from tests.conftest import needs_postgresql
from tests.factories import DepartmentFactory, PersonFactory, UserFactory


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_confirmations_at_once_make_one_commitment():
    user = UserFactory(username="staff_c")
    PersonFactory(department=DepartmentFactory(code="A01", name="心内科"), user=user)
    outcomes = []
    barrier = threading.Barrier(2)

    def confirm():
        barrier.wait()
        try:
            commitment_confirm(by=user)
            outcomes.append("ok")
        except AlreadySubmittedError:
            outcomes.append("already")
        except DomainError as refusal:
            outcomes.append(str(refusal))
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["already", "ok"]
    assert Commitment.objects.count() == 1
