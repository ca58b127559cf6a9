"""Response headers on representative pages, and cross-site posts (issue 7, security probes).

Already covered elsewhere, not repeated here: ``check --deploy`` with production
variables and the login page's headers (tests/core/test_deployment.py), the CSRF
refusal page and stale tokens (tests/core/test_csrf.py), the login lockout after
five failures with its LoginEvent rows (tests/accounts/test_lockout.py,
``test_lockout_is_recorded``).
"""

import pytest
from django.test import Client
from django.urls import reverse

from appraisal.models import Evidence
from publicity.models import Objection
from tests.factories import pdf_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def production(settings):
    """The HTTPS protections as production turns them on (qinglian/settings.py without DEBUG)."""
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    return settings


def _evidence_download(request):
    from appraisal.services.applications import application_start
    from appraisal.services.evidence import evidence_add
    from tests.factories import open_campaign

    request.getfixturevalue("media_root")
    applicant = request.getfixturevalue("applicant_a")
    application = application_start(
        campaign=open_campaign(request.getfixturevalue("party_office")),
        unit=request.getfixturevalue("department_a"),
        by=applicant,
    )
    evidence = evidence_add(application=application, by=applicant, upload=pdf_upload())
    # As the review page embeds it (inline); a plain download may not be framed at all.
    url = reverse("appraisal:evidence", args=[application.pk, evidence.pk])
    return "applicant_a", f"{url}?inline=1"


PAGES = {
    "login": lambda r: ("anonymous", reverse("accounts:login")),
    "home": lambda r: ("staff", reverse("home")),
    "list": lambda r: ("party_office", reverse("departments:list")),
    "health": lambda r: ("anonymous", reverse("health")),
    "evidence_pdf": _evidence_download,
}


def _directives(header):
    return dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())


@pytest.mark.parametrize("page", sorted(PAGES))
def test_security_headers_on_representative_pages(request, persona_client, production, page):
    persona, url = PAGES[page](request)
    response = persona_client(persona).get(url, secure=True)
    assert response.status_code == 200, url
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    csp = _directives(response["Content-Security-Policy"])
    assert csp["default-src"] in ("'self'", "'none'")
    assert csp["object-src"] in ("'none'", "'self'")
    if page == "evidence_pdf":
        # The review page shows evidence in a frame of its own origin; never a foreign one.
        assert csp["frame-ancestors"] == "'self'"
        assert response["X-Frame-Options"] == "SAMEORIGIN"
        assert response["Cache-Control"] == "private, no-store"
    else:
        assert csp["default-src"] == "'self'"
        assert csp["object-src"] == "'none'"
        assert csp["frame-ancestors"] == "'none'"
        assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("page", ["login", "home", "health"])
def test_plain_http_is_sent_to_https_except_the_health_check(
    request, persona_client, production, page
):
    persona, url = PAGES[page](request)
    response = persona_client(persona).get(url)
    if page == "health":
        assert response.status_code == 200
    else:
        assert response.status_code == 301
        assert response["Location"] == f"https://testserver{url}"


# --- cross-site posts without the token, across the apps ---------------------------------


def _refused(response):
    page = response.content.decode()
    assert response.status_code == 403
    assert "页面已过期，操作未执行" in page


@pytest.fixture
def strict(client):
    return Client(enforce_csrf_checks=True)


def test_cross_site_evidence_upload_is_refused(request, strict, media_root):
    from appraisal.models import Application

    _evidence_download(request)
    strict.force_login(request.getfixturevalue("applicant_a"))
    url = reverse("appraisal:evidence_add", args=[Application.objects.get().pk])
    _refused(strict.post(url, {"file": pdf_upload("另一份.pdf")}))
    assert Evidence.objects.count() == 1


def test_cross_site_objection_is_refused(strict, party_office, department_a, staff, media_root):
    from tests.factories import listed_publicity

    publicity, (listed,) = listed_publicity(party_office, [department_a])
    strict.force_login(staff)
    url = reverse("publicity:objection_new", args=[publicity.pk])
    _refused(strict.post(url, {"application": listed.pk, "content": "异议"}))
    assert Objection.objects.count() == 0


def test_cross_site_decision_is_refused(strict, party_office, leading_group, department_a):
    from tests.factories import deciding_campaign

    _campaign, (application,) = deciding_campaign(party_office, [department_a])
    strict.force_login(leading_group)
    url = reverse("appraisal:decision_record", args=[application.pk])
    _refused(strict.post(url, {"decision": "approve", "reason": "同意。"}))
    application.refresh_from_db()
    assert application.state == "recommended"


def test_cross_site_roster_import_is_refused(strict, party_office, media_root):
    from departments.models import RosterImport
    from tests.factories import PEOPLE_HEADERS, spreadsheet_upload

    strict.force_login(party_office)
    upload = spreadsheet_upload(PEOPLE_HEADERS, [["M001", "马六", "A01", "2024-03-01", "否", "是"]])
    _refused(strict.post(reverse("departments:import"), {"roster": "people", "file": upload}))
    assert RosterImport.objects.count() == 0


def test_cross_site_calendar_change_is_refused(strict, admin_user):
    from workcalendar.models import CalendarYear

    strict.force_login(admin_user)
    _refused(strict.post(reverse("workcalendar:create"), {"year": 2031}))
    assert not CalendarYear.objects.filter(year=2031).exists()


def test_cross_site_logout_is_refused(strict, staff):
    strict.force_login(staff)
    _refused(strict.post(reverse("accounts:logout")))
    assert strict.get(reverse("home")).status_code == 200
