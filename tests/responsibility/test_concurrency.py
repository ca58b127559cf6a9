"""Races on PostgreSQL: two party-office members adding the same person at once make one
entry; a holder signing twice at once signs once."""

import threading

import pytest
from django.db import connection
from django.utils import timezone

from accounts.roles import Role
from core.errors import DomainError
from responsibility.enums import ListState
from responsibility.models import Holder, ResponsibilityList
from responsibility.services.holders import holders_add
from responsibility.services.lists import list_sign
from tests.conftest import needs_postgresql
from tests.factories import DepartmentFactory, PersonFactory, UserFactory
from tests.responsibility.factories import holder, holder_person, item


def _race(call):
    outcomes = []
    barrier = threading.Barrier(2)

    def run():
        barrier.wait()
        try:
            outcomes.append(call())
        except DomainError as refusal:
            outcomes.append(refusal.message)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_offices_adding_the_same_person_make_one_entry():
    office = UserFactory(username="po_race", roles=[Role.PARTY_OFFICE])
    PersonFactory(department=DepartmentFactory(code="A01"), employee_number="E6001")
    outcomes = _race(
        lambda: holders_add(
            year=timezone.localdate().year, employee_numbers="E6001", reason="cadre", by=office
        )
    )
    assert sorted(len(added) for added, _already in outcomes) == [0, 1]
    assert Holder.objects.count() == 1


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_signing_twice_at_once_signs_once():
    office = UserFactory(username="po_race", roles=[Role.PARTY_OFFICE])
    entry = holder(holder_person(DepartmentFactory(code="A01")), by=office)
    item(entry)
    outcomes = _race(lambda: list_sign(holder=entry, by=entry.person.user))
    assert sum(isinstance(o, ResponsibilityList) for o in outcomes) == 1
    assert "没有待签名的清单：请先填写问题和责任。" in outcomes
    assert ResponsibilityList.objects.get().state == ListState.SIGNED
