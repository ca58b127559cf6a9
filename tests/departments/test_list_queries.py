"""The party office's lists cost the same number of queries with 1 row or many."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import DepartmentFactory, PartyBranchFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _department_with_everything(n):
    """A department with a branch, a head, people, and a clean team under it."""
    department = DepartmentFactory(
        code=f"Q{n:02d}", name=f"测试科室{n}", party_branch=PartyBranchFactory()
    )
    head = PersonFactory(department=department, is_party_member=True)
    PersonFactory(department=department)
    department.head = head
    department.save(update_fields=["head"])
    DepartmentFactory(code=f"Q{n:02d}T", name=f"清廉团队{n}", parent=department)
    return department


def _queries(client, url, params=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return response, len(queries)


@pytest.mark.parametrize("params", [{}, {"unit_kind": "clean_team"}, {"q": "Q"}])
def test_department_list_queries_do_not_grow_with_rows(persona_client, params):
    client = persona_client("party_office")
    url = reverse("departments:list")
    _department_with_everything(1)
    one, few = _queries(client, url, params)
    for n in range(2, 6):
        _department_with_everything(n)
    many, more = _queries(client, url, params)
    assert many.content.decode().count("<tr") > one.content.decode().count("<tr") > 1
    assert more == few


def test_department_list_htmx_partial_queries_do_not_grow_with_rows(persona_client):
    client = persona_client("party_office")
    url = reverse("departments:list")
    _department_with_everything(1)
    with CaptureQueriesContext(connection) as one:
        client.get(url, HTTP_HX_REQUEST="true")
    for n in range(2, 6):
        _department_with_everything(n)
    with CaptureQueriesContext(connection) as many:
        client.get(url, HTTP_HX_REQUEST="true")
    assert len(many) == len(one)


@pytest.mark.parametrize("params", [{}, {"party_member": "yes"}, {"q": "E"}])
def test_person_list_queries_do_not_grow_with_rows(persona_client, params):
    client = persona_client("party_office")
    url = reverse("departments:people")
    _department_with_everything(1)
    one, few = _queries(client, url, params)
    for n in range(2, 6):
        _department_with_everything(n)
    many, more = _queries(client, url, params)
    assert many.content.decode().count("<tr") > one.content.decode().count("<tr") > 1
    assert more == few


def test_department_detail_queries_do_not_grow_with_people(persona_client):
    client = persona_client("party_office")
    department = _department_with_everything(1)
    url = reverse("departments:detail", args=[department.pk])
    _, few = _queries(client, url)
    for _ in range(5):
        PersonFactory(department=department)
    DepartmentFactory(code="Q01U", name="清廉团队另一", parent=department)
    _, more = _queries(client, url)
    assert more == few
