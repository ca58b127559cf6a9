"""Each persona's home page shows its own sections; the navigation shows what it may use."""

import re

import pytest
from django.urls import reverse

from tests.conftest import PERSONAS
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

HOME_SECTIONS_BY_PERSONA = {
    "staff": ["staff"],
    "applicant_a": ["staff", "applicant"],
    "applicant_b": ["staff", "applicant"],
    "head_a": ["staff"],
    "reviewer_a": ["staff", "reviewer"],
    "branch_secretary_a": ["staff", "branch_secretary"],
    "party_office": ["staff", "party_office"],
    "leading_group": ["staff", "leading_group"],
    "party_committee": ["staff", "party_committee"],
    "discipline_office": ["staff", "discipline_office"],
    "admin_user": ["staff", "admin"],
}

DEPARTMENTS = reverse("departments:list")
PEOPLE = reverse("departments:people")
ADMIN = reverse("admin:index")
CAMPAIGNS = reverse("appraisal:campaigns")
CALENDAR = reverse("workcalendar:list")
NAV_LINKS_BY_PERSONA = {
    "staff": [],
    "applicant_a": [],
    "applicant_b": [],
    "head_a": [],
    "reviewer_a": [],
    "branch_secretary_a": [],
    "party_office": [CAMPAIGNS, DEPARTMENTS, PEOPLE, CALENDAR],
    "leading_group": [CAMPAIGNS, DEPARTMENTS],
    "party_committee": [CAMPAIGNS, DEPARTMENTS],
    "discipline_office": [CAMPAIGNS, DEPARTMENTS, PEOPLE],
    "admin_user": [CAMPAIGNS, DEPARTMENTS, PEOPLE, CALENDAR, ADMIN],
}


def _home(persona_client, persona):
    response = persona_client(persona).get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def _sections(page):
    return re.findall(r'<section class="card mb-3" id="role-([a-z_]+)">', page)


def _navigation(page):
    return re.search(r'<nav class="navbar.*?</nav>', page, re.DOTALL).group(0)


def test_every_signed_in_persona_has_expectations():
    assert set(HOME_SECTIONS_BY_PERSONA) == set(PERSONAS) - {"anonymous"}
    assert set(NAV_LINKS_BY_PERSONA) == set(HOME_SECTIONS_BY_PERSONA)


@pytest.mark.parametrize("persona", sorted(HOME_SECTIONS_BY_PERSONA))
def test_home_shows_the_personas_sections_only(persona_client, persona):
    assert _sections(_home(persona_client, persona)) == HOME_SECTIONS_BY_PERSONA[persona]


@pytest.mark.parametrize("persona", sorted(NAV_LINKS_BY_PERSONA))
def test_navigation_shows_only_links_the_persona_may_use(persona_client, persona):
    navigation = _navigation(_home(persona_client, persona))
    shown = [
        url
        for url in (CAMPAIGNS, DEPARTMENTS, PEOPLE, CALENDAR, ADMIN)
        if f'href="{url}"' in navigation
    ]
    assert shown == NAV_LINKS_BY_PERSONA[persona]
    assert f'href="{reverse("notifications:inbox")}"' in navigation
    assert f'href="{reverse("accounts:password_change")}"' in navigation


def test_navigation_is_absent_for_anonymous(client):
    navigation = _navigation(client.get(reverse("accounts:login")).content.decode())
    assert 'id="nav-main"' not in navigation
    assert reverse("notifications:inbox") not in navigation


def test_applicant_home_links_own_department_only(persona_client, department_a, department_b):
    page = _home(persona_client, "applicant_a")
    assert "可代表申报：心内科" in page
    assert f'href="{reverse("departments:detail", args=[department_a.pk])}"' in page
    assert "骨科" not in page


def test_staff_home_names_own_department(persona_client):
    page = _home(persona_client, "staff")
    assert "所在科室：骨科" in page


def test_branch_secretary_home_counts_branch_departments(persona_client, department_a):
    page = _home(persona_client, "branch_secretary_a")
    assert "内科党支部：1 个科室" in page


def test_party_office_home_counts_roster(persona_client, department_a):
    PersonFactory(department=department_a)
    page = _home(persona_client, "party_office")
    section = re.search(r'id="role-party_office">.*?</section>', page, re.DOTALL).group(0)
    counts = re.findall(r'rounded-pill">(\d+)</span>', section)
    # Departments: A plus the party office's own; people: the new one plus the persona.
    assert counts == ["2", "2"]


def test_role_without_waiting_items_says_so(persona_client):
    page = _home(persona_client, "reviewer_a")
    section = re.search(r'id="role-reviewer">.*?</section>', page, re.DOTALL).group(0)
    assert "暂无待办事项。" in section


def test_account_without_any_role_is_told_to_ask_the_administrator(client):
    user = UserFactory(username="newcomer")
    user.groups.clear()
    client.force_login(user)
    page = client.get(reverse("home")).content.decode()
    assert _sections(page) == []
    assert "您的账号尚未分配角色，请联系系统管理员。" in page


def test_pages_fit_a_phone(persona_client):
    """Viewport set, tables scroll sideways inside .table-responsive, htmx kept within the CSP."""
    client = persona_client("party_office")
    for url in (reverse("home"), DEPARTMENTS, PEOPLE):
        page = client.get(url).content.decode()
        assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
        assert '"includeIndicatorStyles": false' in page
        assert page.count("<table") == page.count('<div class="table-responsive">')
        assert "style=" not in page
        assert "<script>" not in page
