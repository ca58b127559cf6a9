"""Who gets what from every URL (docs/architecture.md, "Permissions").

``MATRIX`` has one row per named URL of the URLconf: how to build it, how to
request it and what each persona must get. ``test_every_url_has_a_row`` fails
when a URL is added without its row. Statuses: 200 shown, 302 sent to the
login page, 403 refused, 404 hidden (objects the persona may not see do not
exist for them), 405 wrong method.

Django's admin (namespace ``admin``) is covered by its own rows below: the
index and every model's list, for every persona.
"""

import datetime
import functools
import importlib
import inspect

import pytest
from django.apps import apps as django_apps
from django.contrib import admin
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from appraisal.models import Criterion
from tests.conftest import PERSONAS
from tests.factories import PASSWORD, make_campaign
from tests.matrix import (
    LOGIN,
    SIGNED_IN,
    Row,
    anonymous_login,
    hidden_except,
    only,
    only_posts,
)

ROSTER_READERS = ("party_office", "discipline_office", "admin_user")
DEPARTMENT_READERS = (*ROSTER_READERS, "leading_group", "party_committee")


CALENDAR_READERS = ("party_office", "admin_user")
CAMPAIGN_READERS = (
    "party_office",
    "leading_group",
    "party_committee",
    "discipline_office",
    "admin_user",
)
CAMPAIGN_MANAGERS = ("party_office",)


def _campaign(request):
    return make_campaign(request.getfixturevalue("party_office"))


def _campaign_and_standard(request):
    campaign = _campaign(request)
    return [campaign.pk, campaign.rubric.standards.first().pk]


def _campaign_and_criterion(request):
    campaign = _campaign(request)
    return [campaign.pk, Criterion.objects.filter(standard__rubric=campaign.rubric).first().pk]


CRITERION_DATA = {"text": "新评分项", "points": "2", "order": "9"}


def _application_a(request):
    """Department A's draft application in an open campaign, with one evidence file."""
    from appraisal.services.applications import application_start
    from appraisal.services.evidence import evidence_add
    from tests.factories import open_campaign, pdf_upload

    applicant = request.getfixturevalue("applicant_a")
    campaign = open_campaign(request.getfixturevalue("party_office"))
    application = application_start(
        campaign=campaign, unit=request.getfixturevalue("department_a"), by=applicant
    )
    evidence_add(application=application, by=applicant, upload=pdf_upload())
    request.getfixturevalue("head_a")
    return application


def _application(request):
    return [_application_a(request).pk]


def _confirmed_application(request):
    """Department A's application filled in and confirmed by its head: ready to submit."""
    from appraisal.services.applications import application_save, head_confirm
    from tests.factories import STATEMENT

    application = _application_a(request)
    application_save(
        application=application,
        by=request.getfixturevalue("applicant_a"),
        staff_count=10,
        party_member_count=3,
        materials_list="廉洁承诺书",
        statement=STATEMENT,
    )
    head_confirm(application=application, by=request.getfixturevalue("head_a"))
    return [application.pk]


def _submitted_application(request):
    """Department A's application submitted in an open campaign: it may be withdrawn."""
    from tests.factories import open_campaign, submitted_application

    request.getfixturevalue("head_a")
    request.getfixturevalue("branch_secretary_a")
    application = submitted_application(
        open_campaign(request.getfixturevalue("party_office")),
        request.getfixturevalue("department_a"),
        applicant=request.getfixturevalue("applicant_a"),
    )
    return [application.pk]


def _awaiting_branch(request):
    """Department A's application submitted in a campaign that asks for the party branch's
    opinion: it waits for the secretary of A's branch."""
    from tests.factories import open_campaign, submitted_application

    request.getfixturevalue("head_a")
    request.getfixturevalue("branch_secretary_a")
    application = submitted_application(
        open_campaign(request.getfixturevalue("party_office"), uses_branch_opinion=True),
        request.getfixturevalue("department_a"),
        applicant=request.getfixturevalue("applicant_a"),
    )
    return [application.pk]


def _evidence_data(request):
    from tests.factories import pdf_upload

    request.getfixturevalue("media_root")
    return {"file": pdf_upload("工作台账.pdf")}


def _campaign_in_window(request):
    """A draft campaign whose window is still to come, whatever today is: it may be opened."""
    from django.utils import timezone

    now = timezone.now()
    campaign = make_campaign(
        request.getfixturevalue("party_office"),
        year=timezone.localdate().year,
        opens_at=now + datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=30),
    )
    return [campaign.pk]


def _application_and_criterion(request):
    application = _application_a(request)
    return [
        application.pk,
        Criterion.objects.filter(standard__rubric=application.campaign.rubric).first().pk,
    ]


def _application_and_evidence(request):
    application = _application_a(request)
    return [application.pk, application.evidence.get().pk]


def _records_application_and_criterion(request):
    """Department A's draft with its commitments on record (a fake record kind,
    registered for this test only: tests/appraisal/fake_records.py)."""
    from tests.appraisal.fake_records import register_fake_kinds

    fake, restore = register_fake_kinds()
    request.addfinalizer(restore)
    application = _application_a(request)
    fake.set(application.unit, "integrity.commitments", "已签 10/10 人")
    criterion = Criterion.objects.get(
        standard__rubric=application.campaign.rubric, text="科室与全体人员签订廉洁承诺书"
    )
    return application, criterion


def _application_and_records_criterion(request):
    application, criterion = _records_application_and_criterion(request)
    return [application.pk, criterion.pk]


def _application_and_attached_record(request):
    from appraisal.services.records import records_attach

    application, criterion = _records_application_and_criterion(request)
    attached = records_attach(
        application=application,
        criterion=criterion,
        kind="integrity.commitments",
        by=request.getfixturevalue("applicant_a"),
    )
    return [application.pk, attached.pk]


def _campaign_and_unit_a(request):
    campaign = make_campaign(request.getfixturevalue("party_office"))
    return [campaign.pk, request.getfixturevalue("department_a").pk]


# Who sees department A's application: its applicant, its head, the secretary of its
# party branch and the party office.
APPLICATION_A_READERS = ("applicant_a", "head_a", "branch_secretary_a", "party_office")


CALENDAR_KEEPERS = ("admin_user",)
# The calendar rows act on a year of their own. The packaged years are there, confirmed,
# unless a transactional test elsewhere flushed them: a post on one of them would act or
# not depending on what ran before. This year's rows are made by each set-up as its post
# needs them (after taking away whatever another test may have left).
CALENDAR_YEAR = 2031


def _calendar_year(*, holidays=(), confirmed=False):
    """A set-up: ``CALENDAR_YEAR`` as a draft with ``holidays`` entered, then confirmed if asked."""

    def build(request):
        from workcalendar import services
        from workcalendar.models import CalendarDay, CalendarYear, DayKind

        keeper = request.getfixturevalue("admin_user")
        CalendarDay.objects.filter(date__year=CALENDAR_YEAR).delete()
        CalendarYear.objects.filter(year=CALENDAR_YEAR).delete()
        services.calendar_year_create(year=CALENDAR_YEAR, by=keeper)
        for day in holidays:
            services.calendar_day_set(
                year=CALENDAR_YEAR,
                date=datetime.date.fromisoformat(day),
                kind=DayKind.HOLIDAY,
                name="国庆节",
                by=keeper,
            )
        if confirmed:
            services.calendar_year_confirm(year=CALENDAR_YEAR, by=keeper)
        return [CALENDAR_YEAR]

    return build


# --- onboarding: accounts opened from the roster, their slips, password resets ------------

ACCOUNT_OPENERS = ("party_office", "admin_user")


def _newcomer(request):
    """A person of department A without an account: a batch has someone to open."""
    from tests.factories import PersonFactory

    PersonFactory(department=request.getfixturevalue("department_a"), employee_number="N001")


def _batch_of_party_office(request):
    """Accounts the party office opened: only it may take the slips."""
    from onboarding.services import accounts_open

    _newcomer(request)
    return [accounts_open(by=request.getfixturevalue("party_office"), scope="all").pk]


def _person_with_account(request):
    from tests.factories import PersonFactory, UserFactory

    department = request.getfixturevalue("department_a")
    return [PersonFactory(department=department, user=UserFactory(username="N002")).pk]


IMPORTERS = ("party_office", "admin_user")


def _person_of_department_a(request):
    from tests.factories import PersonFactory

    return [PersonFactory(department=request.getfixturevalue("department_a")).pk]


APPOINTERS = ("party_office", "admin_user")


def _appointee_data(request):
    """Someone of department A with an account, to be made its contact (or a reviewer)."""
    from tests.factories import PersonFactory, UserFactory

    department = request.getfixturevalue("department_a")
    PersonFactory(employee_number="N001", department=department, user=UserFactory(username="n1"))
    return {"post": "contact", "person": "N001", "department": department.pk}


def _appointment_in_a(request):
    """A reviewer of department A, appointed by the system."""
    from departments.services import appoint
    from tests.factories import PersonFactory, UserFactory

    department = request.getfixturevalue("department_a")
    person = PersonFactory(department=department, user=UserFactory(username="n2"))
    return [appoint(person=person, post="reviewer", by=None).pk]


def _upload_of_party_office(request):
    """A people file the party office uploaded and previewed: only it may see or confirm it."""
    from departments.services import roster_import_upload
    from tests.factories import PEOPLE_HEADERS, spreadsheet_upload

    request.getfixturevalue("media_root")
    request.getfixturevalue("department_a")
    upload = spreadsheet_upload(PEOPLE_HEADERS, [["M001", "马六", "A01", "2024-03-01", "否", "是"]])
    roster_import = roster_import_upload(
        roster="people", uploaded_file=upload, by=request.getfixturevalue("party_office")
    )
    return [roster_import.pk]


def _reviewing_campaign(request):
    """A campaign under review with department A's and B's applications submitted and
    reviewer_a (department A) on its review team."""
    from appraisal.services.assignment import pool_add
    from tests.factories import close_applications, open_campaign, submitted_application

    office = request.getfixturevalue("party_office")
    request.getfixturevalue("head_a")
    campaign = open_campaign(office)
    a = submitted_application(
        campaign,
        request.getfixturevalue("department_a"),
        applicant=request.getfixturevalue("applicant_a"),
    )
    b = submitted_application(
        campaign,
        request.getfixturevalue("department_b"),
        applicant=request.getfixturevalue("applicant_b"),
    )
    close_applications(campaign)
    pool_add(campaign=campaign, reviewer=request.getfixturevalue("reviewer_a"), by=office)
    return campaign, a, b


def _review_of_b(request):
    """reviewer_a's review of department B's application."""
    from appraisal.services.assignment import review_assign

    _, _, b = _reviewing_campaign(request)
    return review_assign(
        application=b,
        reviewer=request.getfixturevalue("reviewer_a"),
        by=request.getfixturevalue("party_office"),
    )


def _review(request):
    return [_review_of_b(request).pk]


def _reviewing(request):
    return [_reviewing_campaign(request)[0].pk]


def _team_member(request):
    campaign, _, _ = _reviewing_campaign(request)
    return [campaign.pk, request.getfixturevalue("reviewer_a").pk]


def _reviewed_b(request):
    return [_review_of_b(request).application_id]


def _reviewed_a(request):
    return [_reviewing_campaign(request)[1].pk]


def _reviewer_c(request, *, on_team_of=None):
    """A second reviewer, of neither department A nor B (so free to review either), put on
    ``on_team_of``'s review team when given."""
    from appraisal.services.assignment import pool_add
    from tests.factories import DepartmentFactory, make_reviewer

    reviewer = make_reviewer(DepartmentFactory(code="R01", name="药剂科"), "reviewer_c", "评审人丙")
    if on_team_of is not None:
        pool_add(campaign=on_team_of, reviewer=reviewer, by=request.getfixturevalue("party_office"))
    return reviewer


def _reviewer_c_data(request, **others):
    from accounts.models import User

    return {"reviewer": User.objects.get(username="reviewer_c").pk, **others}


def _reviewing_and_reviewer_c(request):
    """The reviewing campaign, and reviewer_c not yet on its team."""
    campaign = _reviewing_campaign(request)[0]
    _reviewer_c(request)
    return [campaign.pk]


def _reviewing_team_of_two(request):
    """The reviewing campaign with reviewer_a and reviewer_c on its team, nobody assigned:
    every application has a reviewer free of conflict (A's is reviewer_c)."""
    campaign = _reviewing_campaign(request)[0]
    _reviewer_c(request, on_team_of=campaign)
    return [campaign.pk]


def _review_of_b_and_reviewer_c(request):
    """reviewer_a's review of B, and reviewer_c on the team: B may be given to reviewer_c."""
    review = _review_of_b(request)
    _reviewer_c(request, on_team_of=review.application.campaign)
    return review


def _scored_review(request):
    """reviewer_a's review of B with every criterion scored, not yet submitted."""
    from tests.factories import fill_review

    review = _review_of_b(request)
    fill_review(review, by=request.getfixturevalue("reviewer_a"), submit=False)
    return [review.pk]


def _submitted_review(request):
    from tests.factories import fill_review

    review = _review_of_b(request)
    fill_review(review, by=request.getfixturevalue("reviewer_a"))
    return [review.pk]


def _forwardable(request):
    """The reviewing campaign ready for the leading group: B's review submitted and B
    recommended; A returned to its department (so it waits for nothing)."""
    from appraisal.services.applications import application_return
    from appraisal.services.reviews import review_opinion_record
    from tests.factories import fill_review

    office = request.getfixturevalue("party_office")
    review = _review_of_b(request)
    campaign = review.application.campaign
    a = campaign.applications.get(unit=request.getfixturevalue("department_a"))
    fill_review(review, by=request.getfixturevalue("reviewer_a"))
    application_return(application=a, by=office, reason="材料不全。")
    review_opinion_record(
        application=review.application, by=office, recommended=True, opinion="推荐。"
    )
    return [campaign.pk]


def _deciding_campaign(request):
    """A campaign forwarded to the leading group with department A's and B's applications."""
    from tests.factories import deciding_campaign

    request.getfixturevalue("head_a")
    return deciding_campaign(
        request.getfixturevalue("party_office"),
        [request.getfixturevalue("department_a"), request.getfixturevalue("department_b")],
    )


def _deciding(request):
    return [_deciding_campaign(request)[0].pk]


def _recommended_a(request):
    return [_deciding_campaign(request)[1][0].pk]


def _all_decided(request):
    """The deciding campaign with a decision on each of its applications: A approved, B not."""
    from appraisal.services.decisions import decision_record

    campaign, (a, b) = _deciding_campaign(request)
    leader = request.getfixturevalue("leading_group")
    decision_record(application=a, by=leader, approve=True, reason="同意。")
    decision_record(application=b, by=leader, approve=False, reason="名额有限。")
    return [campaign.pk]


def _applications_in(state, **others):
    """Form data of a bulk action: every application of the campaign in ``state``."""

    def data(request):
        from accounts.models import User
        from appraisal.models import Application

        values = {
            "applications": list(
                Application.objects.filter(campaign__state=state).values_list("pk", flat=True)
            ),
            **others,
        }
        for name in ("reviewer", "from_reviewer"):
            if name in values:
                values[name] = User.objects.get(username=values[name]).pk
        return values

    return data


def _campaign_of_review_of_b_and_reviewer_c(request):
    return [_review_of_b_and_reviewer_c(request).application.campaign_id]


def _campaign_of_review_of_b(request):
    return [_review_of_b(request).application.campaign_id]


DECIDERS = ("leading_group",)
DECISION_READERS = ("leading_group", "party_office", "party_committee")
REVIEW_MANAGERS = ("party_office",)
# The review page: its reviewer and the party office; a department's results: its own people.
REVIEW_READERS = ("reviewer_a", "party_office")
RESULT_READERS = ("applicant_a", "head_a", "party_office")


OBJECTION_READERS = ("party_office", "discipline_office")
OBJECTION_HANDLERS = ("discipline_office",)


def _listed_publicity(request):
    """An open publicity listing department A."""
    from tests.factories import listed_publicity

    request.getfixturevalue("head_a")
    return listed_publicity(
        request.getfixturevalue("party_office"), [request.getfixturevalue("department_a")]
    )


def _open_publicity(request):
    return [_listed_publicity(request)[0].pk]


def _objection_against_a(request):
    """The staff persona's objection to department A, with one attachment."""
    from tests.factories import objection_of, pdf_upload

    request.getfixturevalue("media_root")
    publicity, (a,) = _listed_publicity(request)
    return objection_of(publicity, a, request.getfixturevalue("staff"), uploads=[pdf_upload()])


def _objection(request):
    return [_objection_against_a(request).pk]


def _objection_and_attachment(request):
    objection = _objection_against_a(request)
    return [objection.pk, objection.attachments.get().pk]


def _taken_up_objection(request):
    from publicity.services.objection_handling import objection_take_up

    objection = objection_take_up(
        objection=_objection_against_a(request), by=request.getfixturevalue("discipline_office")
    )
    return [objection.pk]


# The party committee's confirmation, the honour roll and the staff bonus.
CONFIRMATION_READERS = ("party_committee", "party_office")
BONUS_EXPORTERS = ("party_office",)


def _confirmable(request):
    """A campaign in publicity, its publicity closed with nothing unsettled."""
    from tests.factories import DepartmentFactory, confirmable_campaign

    office = request.getfixturevalue("party_office")
    campaign, _, _ = confirmable_campaign(office, [DepartmentFactory(code="M01", name="眼科")])
    return [campaign.pk]


def _confirmed(request):
    from tests.factories import DepartmentFactory, confirmed_campaign

    campaign, _ = confirmed_campaign(
        request.getfixturevalue("party_office"),
        request.getfixturevalue("party_committee"),
        [DepartmentFactory(code="M01", name="眼科")],
    )
    return [campaign.pk]


def _confirmed_with_roster(request):
    """A confirmed campaign whose roster history reaches back before its confirmation
    day (the bonus list refuses otherwise: appraisal/bonus.py)."""
    from django.db.models import F

    from appraisal.models import Campaign
    from departments.models import Department, Person

    pk = _confirmed(request)[0]
    confirmed_on = Campaign.objects.get(pk=pk).confirmed_on
    before = timezone.make_aware(
        datetime.datetime.combine(confirmed_on - datetime.timedelta(days=1), datetime.time(9))
    )
    shift = timezone.now() - before
    for model in (Person, Department):
        model.history.filter(history_date__gt=before).update(history_date=F("history_date") - shift)
    return [pk]


# --- ongoing supervision (helpers of the veto-rect rows of MATRIX) -------------------------

RECTIFICATION_OFFICES = ("party_office", "discipline_office", "party_committee")
RECTIFICATION_A_READERS = (*RECTIFICATION_OFFICES, "applicant_a", "head_a")
REVOCATION_READERS = ("party_office", "party_committee")
RECHECK_RECORDERS = ("party_office", "discipline_office")


def _rectification_of_a(request):
    """Department A's rectification, its period over (due), awaiting the party committee."""
    from tests.factories import rectification_of

    request.getfixturevalue("media_root")
    request.getfixturevalue("head_a")
    request.getfixturevalue("applicant_a")
    return rectification_of(request.getfixturevalue("department_a"), state="due")


def _rectification_a(request):
    return [_rectification_of_a(request).pk]


def _rectification_report_a(request):
    from tests.factories import pdf_upload
    from veto.services.rectifications import rectification_report_add

    rectification = _rectification_of_a(request)
    report = rectification_report_add(
        rectification=rectification,
        by=request.getfixturevalue("applicant_a"),
        upload=pdf_upload("整改报告.pdf"),
    )
    return [rectification.pk, report.pk]


def _extension_data(request):
    """A month more than the rectification's current last day (within its six months)."""
    from veto.models import Rectification

    ends_on = Rectification.objects.get().ends_on + datetime.timedelta(days=30)
    return {"ends_on": ends_on.isoformat(), "reason": "整改涉及制度修订，需延长。"}


def _recheck(request):
    from django.utils import timezone

    from tests.factories import DepartmentFactory, campaign_with_titles
    from veto.services.rechecks import recheck_record

    _campaign, (title,) = campaign_with_titles(
        request.getfixturevalue("party_office"), [DepartmentFactory(code="M02", name="眼科")]
    )
    recheck = recheck_record(
        title=title,
        by=request.getfixturevalue("discipline_office"),
        checked_on=timezone.localdate(),
        result="problem",
        findings="廉洁承诺书未全员签订。",
    )
    return [recheck.pk]


def _administrator_exists(request):
    """An installation in use: its administrator exists (the first-run rows)."""
    request.getfixturevalue("admin_user")


def _first_administrator_data(request):
    from home.firstrun import setup_code

    return {
        "setup_code": setup_code(),
        "username": "first-admin",
        "name": "首任管理员",
        "password1": "Qinglian-Setup-2026",
        "password2": "Qinglian-Setup-2026",
    }


MATRIX = {
    # A fresh installation (no account at all) sends the visitor to the first run.
    "home": Row(build=_administrator_exists, expect=anonymous_login()),
    "home:first_run": Row(build=_administrator_exists, expect=only(("party_office", "admin_user"))),
    # Gone once an administrator exists; before that, whoever holds the setup code.
    "home:first_administrator": Row(expect={"admin_user": 404}),
    "health": Row(),  # no login: probes of docker compose and load balancers
    "favicon": Row(default=301),  # no login: the browser's own request, sent to the SVG icon
    "set_language": Row(
        method="post",
        data={"language": "en", "next": "/"},
        default=302,
        public="anyone chooses the language: a visitor's is kept in a cookie and the session, "
        "a signed-in user's on their own account only (tests/core/test_i18n.py)",
    ),
    "accounts:login": Row(default=302, expect={"anonymous": 200}),  # signed in: sent home
    "accounts:logout": Row(
        method="post",
        default=302,
        public="anyone may sign out; only the session and the sign-out's LoginEvent change",
    ),
    "accounts:password_change": Row(expect=anonymous_login()),
    "accounts:password_changed": Row(expect=anonymous_login()),
    "notifications:inbox": Row(expect=anonymous_login()),
    "notifications:mark_read": Row(
        method="post", build=lambda r: _unread_notifications(r), default=302, actors=SIGNED_IN
    ),
    "departments:list": Row(expect=only(DEPARTMENT_READERS)),
    "departments:people": Row(expect=only(ROSTER_READERS)),
    # Department A: its own applicant sees it, applicant B does not know it exists.
    "departments:person_detail": Row(
        build=_person_of_department_a, expect=only(ROSTER_READERS, status_else=404)
    ),
    "departments:import": Row(expect=only(IMPORTERS)),
    # An upload is bound to its uploader: another importer does not know it exists.
    "departments:import_preview": Row(
        build=_upload_of_party_office,
        default=403,
        expect=anonymous_login(party_office=200, admin_user=404),
    ),
    "departments:import_confirm": Row(
        build=_upload_of_party_office,
        method="post",
        default=403,
        expect=anonymous_login(party_office=302, admin_user=404),
    ),
    "departments:export": Row(build=lambda request: ["people", "xlsx"], expect=only(IMPORTERS)),
    "departments:detail": Row(
        build=lambda request: [request.getfixturevalue("department_a").pk],
        expect=only((*DEPARTMENT_READERS, "applicant_a"), status_else=404),
    ),
    # Appointments: the administrator and the party office appoint, remove and read the record.
    "departments:roles": Row(expect=only(APPOINTERS)),
    "departments:appointments": Row(expect=only(APPOINTERS)),
    "departments:appoint": Row(method="post", data=_appointee_data, expect=only_posts(APPOINTERS)),
    "departments:department_appoint": Row(
        method="post",
        build=lambda request: [request.getfixturevalue("department_a").pk],
        data=_appointee_data,
        expect=only_posts(APPOINTERS),
    ),
    "departments:appointment_remove": Row(
        method="post",
        build=_appointment_in_a,
        data={"reason": "任期届满"},
        expect=only_posts(APPOINTERS),
    ),
    # The statutory calendar: the party office reads it, the administrator keeps it.
    "workcalendar:list": Row(expect=only(CALENDAR_READERS)),
    "workcalendar:year": Row(build=lambda request: [2026], expect=only(CALENDAR_READERS)),
    "workcalendar:create": Row(
        method="post", data={"year": CALENDAR_YEAR}, expect=only_posts(CALENDAR_KEEPERS)
    ),
    "workcalendar:day_set": Row(
        method="post",
        build=_calendar_year(),
        data={"date": f"{CALENDAR_YEAR}-03-03", "kind": "holiday"},
        expect=only_posts(CALENDAR_KEEPERS),
    ),
    "workcalendar:day_clear": Row(
        method="post",
        build=_calendar_year(holidays=[f"{CALENDAR_YEAR}-10-01"]),
        data={"date": f"{CALENDAR_YEAR}-10-01"},
        expect=only_posts(CALENDAR_KEEPERS),
    ),
    "workcalendar:prefill": Row(
        method="post", build=_calendar_year(), expect=only_posts(CALENDAR_KEEPERS)
    ),
    "workcalendar:confirm": Row(
        method="post",
        build=_calendar_year(holidays=[f"{CALENDAR_YEAR}-10-01"]),
        expect=only_posts(CALENDAR_KEEPERS),
    ),
    "workcalendar:reopen": Row(
        method="post",
        build=_calendar_year(holidays=[f"{CALENDAR_YEAR}-10-01"], confirmed=True),
        data={"reason": "国务院调整了放假安排"},
        expect=only_posts(CALENDAR_KEEPERS),
    ),
    # The hospital's settings: the administrator keeps them, the party office reads them.
    "hospital:settings": Row(expect=only(("admin_user", "party_office"))),
    "hospital:save": Row(
        method="post",
        data={
            "name": "某某县人民医院",
            "title_wording": "清廉示范科室",
            "objection_contact": "纪检监察室",
            "party_committee_name": "中共某某县人民医院委员会",
            "party_committee_prefix": "县医党",
            "discipline_commission_name": "中共某某县人民医院纪律检查委员会",
            "discipline_commission_prefix": "县医纪",
            "reason": "首次启用",
        },
        expect=only_posts(("admin_user",)),
    ),
    # Campaigns and their rubric: the party office runs them, the deciding bodies read them.
    "appraisal:campaigns": Row(expect=only(CAMPAIGN_READERS)),
    "appraisal:campaign_create": Row(expect=only(CAMPAIGN_MANAGERS)),
    "appraisal:campaign": Row(build=lambda r: [_campaign(r).pk], expect=only(CAMPAIGN_READERS)),
    "appraisal:campaign_edit": Row(
        build=lambda r: [_campaign(r).pk], expect=only(CAMPAIGN_MANAGERS)
    ),
    "appraisal:campaign_copy": Row(
        method="post", build=lambda r: [_campaign(r).pk], expect=only_posts(CAMPAIGN_MANAGERS)
    ),
    "appraisal:campaign_open": Row(
        method="post", build=_campaign_in_window, expect=only_posts(CAMPAIGN_MANAGERS)
    ),
    "appraisal:rubric": Row(build=lambda r: [_campaign(r).pk], expect=only(CAMPAIGN_READERS)),
    "appraisal:standard_add": Row(
        method="post",
        build=lambda r: [_campaign(r).pk],
        data={"name": "新标准", "order": "5"},
        expect=only_posts(CAMPAIGN_MANAGERS),
    ),
    "appraisal:standard_edit": Row(
        method="post",
        build=_campaign_and_standard,
        data={"name": "管理", "order": "1"},
        expect=only_posts(CAMPAIGN_MANAGERS),
    ),
    "appraisal:standard_remove": Row(
        method="post", build=_campaign_and_standard, expect=only_posts(CAMPAIGN_MANAGERS)
    ),
    "appraisal:criterion_add": Row(
        method="post",
        build=_campaign_and_standard,
        data=CRITERION_DATA,
        expect=only_posts(CAMPAIGN_MANAGERS),
    ),
    "appraisal:criterion_edit": Row(
        method="post",
        build=_campaign_and_criterion,
        data=CRITERION_DATA,
        expect=only_posts(CAMPAIGN_MANAGERS),
    ),
    "appraisal:criterion_remove": Row(
        method="post", build=_campaign_and_criterion, expect=only_posts(CAMPAIGN_MANAGERS)
    ),
    # Applications: the unit's side is hidden from everyone else (404).
    "appraisal:unit_home": Row(
        build=_campaign_and_unit_a, expect=hidden_except(("applicant_a", "head_a"))
    ),
    "appraisal:application": Row(build=_application, expect=hidden_except(APPLICATION_A_READERS)),
    "appraisal:application_edit": Row(build=_application, expect=hidden_except(("applicant_a",))),
    "appraisal:self_assessment": Row(
        method="post",
        build=_application_and_criterion,
        data={"score": "1"},
        expect=hidden_except(APPLICATION_A_READERS, status=302),
        actors=("applicant_a",),
    ),
    "appraisal:evidence_add": Row(
        method="post",
        build=_application,
        data=_evidence_data,
        expect=hidden_except(APPLICATION_A_READERS, status=302),
        actors=("applicant_a",),
    ),
    "appraisal:evidence": Row(
        build=_application_and_evidence, expect=hidden_except(APPLICATION_A_READERS)
    ),
    "appraisal:evidence_remove": Row(
        method="post",
        build=_application_and_evidence,
        expect=hidden_except(APPLICATION_A_READERS, status=302),
        actors=("applicant_a",),
    ),
    # Records as evidence (本年度台账): the unit's applicants; everyone else 404.
    "appraisal:application_records": Row(
        build=_application, expect=hidden_except(("applicant_a",))
    ),
    "appraisal:record_attach": Row(
        method="post",
        build=_application_and_records_criterion,
        data={"kind": "integrity.commitments", "shown": ""},
        expect=hidden_except(("applicant_a",), status=302),
    ),
    "appraisal:record_detach": Row(
        method="post",
        build=_application_and_attached_record,
        expect=hidden_except(("applicant_a",), status=302),
    ),
    "appraisal:head_confirm": Row(
        method="post",
        build=_application,
        expect=hidden_except(APPLICATION_A_READERS, status=302),
        actors=("head_a",),
    ),
    "appraisal:application_submit": Row(
        method="post",
        build=_confirmed_application,
        expect=hidden_except(APPLICATION_A_READERS, status=302),
        actors=("applicant_a",),
    ),
    "appraisal:application_withdraw": Row(
        method="post",
        build=_submitted_application,
        data={"reason": "修改"},
        expect=hidden_except(APPLICATION_A_READERS, status=302),
        actors=("applicant_a",),
    ),
    "appraisal:branch_opinion": Row(
        method="post",
        build=_awaiting_branch,
        data={"agrees": "yes", "opinion": "同意推荐。"},
        expect=hidden_except(APPLICATION_A_READERS, status=302),
        actors=("branch_secretary_a",),
    ),
    "appraisal:application_return": Row(
        method="post",
        build=_submitted_application,
        data={"reason": "请补充佐证材料。"},
        expect=hidden_except(APPLICATION_A_READERS, status=302),
        actors=("party_office",),
    ),
    "appraisal:applications": Row(
        build=lambda r: [_campaign(r).pk], expect=only(("party_office",))
    ),
    # The party office's bulk actions from the list: all or none, each its own permission.
    "appraisal:applications_return": Row(
        method="post",
        build=_reviewing,
        data=_applications_in("reviewing", reason="请补充佐证材料。"),
        expect=only_posts(REVIEW_MANAGERS),
    ),
    "appraisal:applications_recommend": Row(
        method="post",
        build=_campaign_of_review_of_b,
        data=lambda r: {
            "applications": [r.getfixturevalue("department_b").applications.get().pk],
            "reason": "推荐",
        },
        expect=only_posts(REVIEW_MANAGERS),
    ),
    "appraisal:applications_assign": Row(
        method="post",
        build=_reviewing_team_of_two,
        data=_applications_in("reviewing", reviewer="reviewer_c"),
        expect=only_posts(REVIEW_MANAGERS),
    ),
    "appraisal:applications_move": Row(
        method="post",
        build=_campaign_of_review_of_b_and_reviewer_c,
        data=lambda r: {
            "applications": [r.getfixturevalue("department_b").applications.get().pk],
            "from_reviewer": r.getfixturevalue("reviewer_a").pk,
            "reviewer": _reviewer_c_data(r)["reviewer"],
            "reason": "出差",
        },
        expect=only_posts(REVIEW_MANAGERS),
    ),
    # The review: the reviewer's own side, hidden from everyone else (404).
    "appraisal:review_queue": Row(expect=only(("reviewer_a",))),
    "appraisal:review": Row(build=_review, expect=hidden_except(REVIEW_READERS)),
    "appraisal:review_score": Row(
        method="post",
        build=lambda r: [
            _review_of_b(r).pk,
            Criterion.objects.filter(standard__rubric__campaign__state="reviewing").first().pk,
        ],
        data={"score": "1"},
        expect=hidden_except(("reviewer_a",), status=302),
    ),
    "appraisal:review_submit": Row(
        method="post", build=_scored_review, expect=hidden_except(("reviewer_a",), status=302)
    ),
    "appraisal:application_result": Row(build=_reviewed_a, expect=hidden_except(RESULT_READERS)),
    # The party office runs the review and alone sees individual scores.
    "appraisal:review_overview": Row(build=_reviewing, expect=only(REVIEW_MANAGERS)),
    "appraisal:review_progress": Row(build=_reviewing, expect=only(REVIEW_MANAGERS)),
    "appraisal:ranking": Row(build=_reviewing, expect=only(REVIEW_MANAGERS)),
    "appraisal:ranking_charts": Row(build=_reviewing, expect=only(REVIEW_MANAGERS)),
    "appraisal:scores_export": Row(build=_reviewing, expect=only(REVIEW_MANAGERS)),
    "appraisal:application_reviews": Row(build=_reviewed_b, expect=only(REVIEW_MANAGERS)),
    "appraisal:pool_add": Row(
        method="post",
        build=_reviewing_and_reviewer_c,
        data=_reviewer_c_data,
        expect=only_posts(REVIEW_MANAGERS),
    ),
    "appraisal:pool_remove": Row(
        method="post", build=_team_member, expect=only_posts(REVIEW_MANAGERS)
    ),
    "appraisal:reviewer_away": Row(
        method="post",
        build=_team_member,
        data={"reason": "病假"},
        expect=only_posts(REVIEW_MANAGERS),
    ),
    "appraisal:reviewer_back": Row(
        method="post", build=_team_member, expect=only_posts(REVIEW_MANAGERS)
    ),
    "appraisal:assign_automatically": Row(
        method="post",
        build=_reviewing_team_of_two,
        data={"per_application": "1"},
        expect=only_posts(REVIEW_MANAGERS),
    ),
    "appraisal:campaign_forward": Row(
        method="post", build=_forwardable, expect=only_posts(REVIEW_MANAGERS)
    ),
    "appraisal:reviewers_remind": Row(
        method="post",
        build=lambda r: [_review_of_b(r).application.campaign_id],
        expect=only_posts(REVIEW_MANAGERS),
    ),
    "appraisal:review_assign": Row(
        method="post",
        build=lambda r: [_review_of_b_and_reviewer_c(r).application_id],
        data=_reviewer_c_data,
        expect=only_posts(REVIEW_MANAGERS),
    ),
    "appraisal:review_opinion": Row(
        method="post",
        build=_reviewed_b,
        data={"recommended": "yes", "opinion": "推荐"},
        expect=only_posts(REVIEW_MANAGERS),
    ),
    "appraisal:review_unassign": Row(
        method="post", build=_review, data={"reason": "x"}, expect=only_posts(REVIEW_MANAGERS)
    ),
    "appraisal:review_reassign": Row(
        method="post",
        build=lambda r: [_review_of_b_and_reviewer_c(r).pk],
        data=lambda r: _reviewer_c_data(r, reason="x"),
        expect=only_posts(REVIEW_MANAGERS),
    ),
    "appraisal:review_reopen": Row(
        method="post",
        build=_submitted_review,
        data={"reason": "x"},
        expect=only_posts(REVIEW_MANAGERS),
    ),
    "appraisal:review_excuse": Row(
        method="post", build=_review, data={"reason": "x"}, expect=only_posts(REVIEW_MANAGERS)
    ),
    # Objections: anyone signed in objects; the objector reads their receipt; the
    # discipline office and the party office see all (with the objector), the
    # discipline office handles them; department A never learns who objected.
    "publicity:objection_new": Row(build=_open_publicity, expect=anonymous_login()),
    "publicity:my_objections": Row(expect=anonymous_login()),
    "publicity:objections": Row(expect=only(OBJECTION_READERS)),
    "publicity:objection": Row(build=_objection, expect=hidden_except(OBJECTION_READERS)),
    "publicity:objection_receipt": Row(build=_objection, expect=hidden_except(("staff",))),
    "publicity:objection_attachment": Row(
        build=_objection_and_attachment, expect=hidden_except((*OBJECTION_READERS, "staff"))
    ),
    "publicity:objection_take_up": Row(
        method="post", build=_objection, expect=only_posts(OBJECTION_HANDLERS)
    ),
    "publicity:objection_settle": Row(
        method="post",
        build=_taken_up_objection,
        data={"upheld": "no", "findings": "查无实据"},
        expect=only_posts(OBJECTION_HANDLERS),
    ),
    # The leading group's decision: it acts, the party office and the party committee read.
    "appraisal:decision": Row(build=_deciding, expect=only(DECISION_READERS)),
    "appraisal:decision_record": Row(
        method="post",
        build=_recommended_a,
        data={"decision": "approve", "reason": "同意。"},
        expect=only_posts(DECIDERS),
    ),
    "appraisal:decision_record_many": Row(
        method="post",
        build=_deciding,
        data=_applications_in("deciding", decision="reject", reason="名额有限。"),
        expect=only_posts(DECIDERS),
    ),
    "appraisal:fix_list": Row(method="post", build=_all_decided, expect=only_posts(DECIDERS)),
    # The publicity board: every signed-in user reads it (PUBLICITY_BOARD_PUBLIC is off by
    # default); only the party office opens a publicity.
    "publicity:board": Row(expect=anonymous_login()),
    "publicity:detail": Row(build=lambda r: [_publicity(r).pk], expect=anonymous_login()),
    "publicity:open": Row(
        build=lambda r: [_decided_campaign(r).pk], expect=only(("party_office",))
    ),
    # The party committee confirms (the party office reads), everyone reads the honour
    # roll, the party office exports the staff bonus list.
    "confirmation:confirm": Row(build=_confirmable, expect=only(CONFIRMATION_READERS)),
    "appraisal:honour_roll": Row(expect=anonymous_login()),
    "appraisal:bonus_list": Row(build=_confirmed_with_roster, expect=only(BONUS_EXPORTERS)),
    "appraisal:bonus_export": Row(build=_confirmed_with_roster, expect=only(BONUS_EXPORTERS)),
    # Official documents: department A's 申报表, stored, for whoever sees the application.
    "documents:document": Row(
        build=lambda r: [_application_form_a(r).pk], expect=hidden_except(APPLICATION_A_READERS)
    ),
    "documents:document_status": Row(
        build=lambda r: [_application_form_a(r).pk], expect=hidden_except(APPLICATION_A_READERS)
    ),
    # Veto indicators and veto events (helpers at the end of the file).
    "veto:indicators": Row(
        expect=only(("discipline_office", "party_office", "party_committee", "admin_user"))
    ),
    "veto:indicator_add": Row(expect=only(("admin_user",))),
    "veto:indicator_edit": Row(build=lambda r: _indicator(r), expect=only(("admin_user",))),
    "veto:indicator_retire": Row(
        method="post",
        build=lambda r: _indicator(r),
        data={"reason": "不再适用"},
        expect=only_posts(("admin_user",)),
    ),
    # Everyone signed in has a list: the offices see all, anyone else their own reports.
    "veto:events": Row(expect=anonymous_login()),
    # Only those who may report under some indicator (here: the discipline office).
    "veto:event_report": Row(expect=only(("discipline_office",))),
    # A confirmed event about department A: the offices, and A's applicant and head.
    "veto:event": Row(
        build=lambda r: _confirmed_event(r),
        expect=hidden_except(
            ("discipline_office", "party_office", "party_committee", "applicant_a", "head_a")
        ),
    ),
    "veto:event_verify": Row(
        method="post", build=lambda r: _reported_event(r), expect=only_posts(("discipline_office",))
    ),
    # A reported event: the discipline office dismisses it; the party committee is
    # told why it may not (the page again, 200).
    "veto:event_dismiss": Row(
        method="post",
        build=lambda r: _reported_event(r),
        data={"reason": "查无实据"},
        expect={**only_posts(("discipline_office",)), "party_committee": 200},
    ),
    "veto:event_confirm": Row(
        method="post",
        build=lambda r: _verified_event(r),
        data={"reason": "院党委会研究确认"},
        expect=only_posts(("party_committee",)),
    ),
    # The cadre meeting's announcement of department A's revocation: the discipline office.
    "veto:event_announce": Row(
        method="post",
        build=lambda r: [_rectification_of_a(r).event_id],
        data=lambda r: {
            "announced_on": timezone.localdate().isoformat(),
            "meeting": "2026年第9次中层干部会议",
        },
        expect=only_posts(("discipline_office",)),
    ),
    # The evidence: the offices and the reporter only, never the department.
    "veto:evidence": Row(
        build=lambda r: _confirmed_event_evidence(r),
        expect=hidden_except(("discipline_office", "party_office", "party_committee")),
    ),
    # Ongoing supervision (veto-rect): the offices and department A's own people see A's
    # rectification; A uploads its report; the party committee accepts or extends.
    "veto:rectifications": Row(expect=only(RECTIFICATION_OFFICES)),
    "veto:rectification": Row(
        build=_rectification_a, expect=hidden_except(RECTIFICATION_A_READERS)
    ),
    "veto:rectification_report": Row(
        method="post",
        build=_rectification_a,
        data=lambda r: {"file": _pdf("整改报告.pdf")},
        expect={
            **hidden_except(RECTIFICATION_A_READERS, status=302),
            **dict.fromkeys(RECTIFICATION_OFFICES, 403),
        },
    ),
    "veto:report_file": Row(
        build=_rectification_report_a, expect=hidden_except(RECTIFICATION_A_READERS)
    ),
    "veto:rectification_accept": Row(
        method="post",
        build=_rectification_a,
        data={"note": "整改到位，同意验收。"},
        expect={
            **hidden_except(RECTIFICATION_A_READERS, status=403),
            "party_committee": 302,
        },
    ),
    "veto:rectification_extend": Row(
        method="post",
        build=_rectification_a,
        data=_extension_data,
        expect={
            **hidden_except(RECTIFICATION_A_READERS, status=403),
            "party_committee": 302,
        },
    ),
    "veto:unit_supervision": Row(
        build=lambda r: [r.getfixturevalue("department_a").pk],
        expect=hidden_except(RECTIFICATION_A_READERS),
    ),
    "veto:revocations": Row(expect=only(REVOCATION_READERS)),
    "veto:revocations_export": Row(expect=only(REVOCATION_READERS)),
    "veto:rechecks": Row(expect=only(RECTIFICATION_OFFICES)),
    "veto:recheck_new": Row(expect=only(RECHECK_RECORDERS)),
    "veto:recheck": Row(build=_recheck, expect=hidden_except(RECTIFICATION_OFFICES)),
    "onboarding:accounts": Row(expect=only(ACCOUNT_OPENERS)),
    "onboarding:batches": Row(expect=only(ACCOUNT_OPENERS)),
    "onboarding:batch": Row(build=_batch_of_party_office, expect=only(ACCOUNT_OPENERS)),
    # The initial passwords are shown to whoever opened the accounts, not to another office.
    "onboarding:slips_pdf": Row(build=_batch_of_party_office, expect=only(("party_office",))),
    "onboarding:slips_xlsx": Row(build=_batch_of_party_office, expect=only(("party_office",))),
    "onboarding:slips_done": Row(
        method="post", build=_batch_of_party_office, expect=only_posts(("party_office",))
    ),
    "onboarding:person_reset": Row(build=_person_with_account, expect=only(ACCOUNT_OPENERS)),
}


# The year-round apps keep their rows in their own test package (tests/matrix.py), as
# does the yearly evaluation (tests/appraisal/matrix_rows.py).
YEAR_ROUND_ROWS = [
    importlib.import_module(f"tests.{app}.matrix_rows")
    for app in (
        "workplan",
        "reports",
        "integrity",
        "risks",
        "supervision",
        "responsibility",
        "analysis",
        "appraisal",
        "coverage",
    )
]
# The yearly evaluation's computed criteria (tests/appraisal/computed_matrix_rows.py).
YEAR_ROUND_ROWS.append(importlib.import_module("tests.appraisal.computed_matrix_rows"))
for _rows in YEAR_ROUND_ROWS:
    MATRIX.update(_rows.ROWS)


# --- the posts of the pages above that are forms (GET shows, POST acts) ---------------------
#
# Each with data its actor's post acts on, so a refusal that let the post through would be
# seen. ``test_every_form_page_has_its_post_row`` finds these views in the URLconf.

CAMPAIGN_FORM = {
    "year": 2027,
    "title": "2027年度清廉科室评选",
    "document_number": "〔2027〕49号",
    "opens_at": "2027-09-01T08:00",
    "closes_at": "2027-09-30T17:00",
    "quota": 5,
    "publicity_working_days": 5,
    "statement_min_chars": 600,
    "statement_max_chars": 1000,
    "allows_departments": "on",
    "reviewers_per_application": 5,
}
INDICATOR_FORM = {"text": "新增的指标", "evidence_basis": "文件", "responsible_offices": "党政办"}


def _opening_data(request):
    from django.utils import timezone

    from publicity.services.publicities import default_start

    return {
        "starts_on": default_start(timezone.localdate()).isoformat(),
        "contact": "纪检监察室，电话 8888",
    }


def _objection_data(request):
    from appraisal.models import Application
    from tests.factories import pdf_upload

    return {
        "application": Application.objects.get(unit=request.getfixturevalue("department_a")).pk,
        "content": "科室收受红包。",
        "attachments": [pdf_upload("一.pdf")],
    }


def _import_data(request):
    from tests.factories import PEOPLE_HEADERS, spreadsheet_upload

    request.getfixturevalue("media_root")
    request.getfixturevalue("department_a")
    rows = [["M001", "马六", "A01", "2024-03-01", "否", "是"]]
    return {"roster": "people", "file": spreadsheet_upload(PEOPLE_HEADERS, rows)}


def _report_data(request):
    from tests.factories import pdf_upload, veto_indicator

    request.getfixturevalue("media_root")
    return {
        "indicator": veto_indicator().pk,
        "unit": request.getfixturevalue("department_a").pk,
        "employee_number": "",
        "occurred_on": "2026-01-05",
        "description": "收受红包，已受处分。",
        "evidence": [pdf_upload("处分决定.pdf")],
    }


def _recheck_data(request):
    from django.utils import timezone

    from appraisal.models import Title
    from tests.factories import DepartmentFactory, campaign_with_titles

    campaign_with_titles(
        request.getfixturevalue("party_office"), [DepartmentFactory(code="M02", name="眼科")]
    )
    return {
        "title": Title.objects.get().pk,
        "checked_on": timezone.localdate().isoformat(),
        "result": "passed",
        "findings": "制度上墙，台账齐全。",
    }


def _confirmation_data(request):
    from publicity.models import Publicity

    return {"confirmed_on": Publicity.objects.get().last_day.isoformat(), "reference": "院党委会"}


def _open_campaign_and_unit_a(request):
    from tests.factories import open_campaign

    request.getfixturevalue("head_a")
    campaign = open_campaign(request.getfixturevalue("party_office"))
    return [campaign.pk, request.getfixturevalue("department_a").pk]


FORM_POSTS = {
    # No administrator yet: whoever holds the setup code creates the first one (and is
    # sent to sign in with it); once one exists (the admin persona), 404.
    "home:first_administrator": Row(
        method="post",
        data=_first_administrator_data,
        default=302,
        expect={"admin_user": 404},
        actors=tuple(p for p in PERSONAS if p != "admin_user"),
    ),
    # Anyone may try to sign in; a wrong password is written to the sign-in records.
    "accounts:login": Row(
        method="post",
        data={"username": "nobody", "password": "wrong"},
        default=302,
        expect={"anonymous": 200},
        public="anyone may try to sign in; the attempt is recorded whoever makes it",
    ),
    # Everyone signed in changes their own password.
    "accounts:password_change": Row(
        method="post",
        data={
            "old_password": PASSWORD,
            "new_password1": "Qinglian-2027-new",
            "new_password2": "Qinglian-2027-new",
        },
        default=302,
        expect=anonymous_login(),
        actors=SIGNED_IN,
    ),
    "appraisal:campaign_create": Row(
        method="post", data=CAMPAIGN_FORM, expect=only_posts(CAMPAIGN_MANAGERS)
    ),
    "appraisal:campaign_edit": Row(
        method="post",
        build=lambda r: [_campaign(r).pk],
        data=CAMPAIGN_FORM,
        expect=only_posts(CAMPAIGN_MANAGERS),
    ),
    "appraisal:unit_home": Row(
        method="post",
        build=_open_campaign_and_unit_a,
        # The head reads the unit's page but does not start its application: told so.
        expect={**hidden_except(("applicant_a",), status=302), "head_a": 200},
    ),
    "appraisal:application_edit": Row(
        method="post",
        build=_application,
        data={
            "staff_count": 12,
            "party_member_count": 5,
            "materials_list": "廉洁承诺书",
            "statement": "科室" * 10,
        },
        expect=hidden_except(("applicant_a",), status=302),
    ),
    "confirmation:confirm": Row(
        method="post",
        build=_confirmable,
        data=_confirmation_data,
        expect=only_posts(("party_committee",)),
    ),
    "departments:import": Row(method="post", data=_import_data, expect=only_posts(IMPORTERS)),
    "publicity:open": Row(
        method="post",
        build=lambda r: [_decided_campaign(r).pk],
        data=_opening_data,
        expect=only_posts(("party_office",)),
    ),
    # Anyone signed in objects.
    "publicity:objection_new": Row(
        method="post",
        build=_open_publicity,
        data=_objection_data,
        default=302,
        expect=anonymous_login(),
        actors=SIGNED_IN,
    ),
    "veto:indicator_add": Row(
        method="post", data=INDICATOR_FORM, expect=only_posts(("admin_user",))
    ),
    "veto:indicator_edit": Row(
        method="post",
        build=lambda r: _indicator(r),
        data=INDICATOR_FORM,
        expect=only_posts(("admin_user",)),
    ),
    "veto:event_report": Row(
        method="post", data=_report_data, expect=only_posts(("discipline_office",))
    ),
    "veto:recheck_new": Row(
        method="post",
        data=_recheck_data,
        expect=only_posts(RECHECK_RECORDERS),
    ),
    "onboarding:accounts": Row(
        method="post", build=_newcomer, data={"scope": "all"}, expect=only_posts(ACCOUNT_OPENERS)
    ),
    "onboarding:person_reset": Row(
        method="post",
        build=_person_with_account,
        data={"reason": "本人忘记密码"},
        expect=only_posts(ACCOUNT_OPENERS),
    ),
}
# The year-round apps' form posts (tests/<app>/matrix_rows.py).
for _rows in YEAR_ROUND_ROWS:
    FORM_POSTS.update(_rows.FORM_POSTS)


def _pdf(name):
    from tests.factories import pdf_upload

    return pdf_upload(name)


def _unread_notifications(request):
    """An unread notification for every persona, so marking all read changes a row."""
    from notifications.models import Notification

    for persona in SIGNED_IN:
        Notification.objects.create(recipient=request.getfixturevalue(persona), subject="提醒")
    return []


def _application_form_a(request):
    """Department A's submitted application's 申报表 (requested on submit), its file stored."""
    from django.core.files.base import ContentFile

    from documents.enums import DocumentState
    from tests.factories import open_campaign, submitted_application

    request.getfixturevalue("media_root")
    request.getfixturevalue("head_a")
    application = submitted_application(
        open_campaign(request.getfixturevalue("party_office")),
        request.getfixturevalue("department_a"),
        applicant=request.getfixturevalue("applicant_a"),
    )
    document = application.documents.get()
    document.file.save("form", ContentFile(b"%PDF-1.7\n"), save=False)
    document.state = DocumentState.READY
    document.save()
    return document


def _named_urls(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _named_urls(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def test_every_url_has_a_row():
    names = {name for name in _named_urls() if not name.startswith("admin:")}
    missing = sorted(names - MATRIX.keys())
    assert missing == [], f"URL(s) without a row in the permission matrix: {missing}"
    stale = sorted(MATRIX.keys() - names)
    assert stale == [], f"rows for URL(s) that no longer exist: {stale}"


# --- what a post leaves in the database ----------------------------------------------------
#
# Every table of every installed app is compared row by row (primary key and every column)
# before and after a post, so a model added later is covered without being listed. Left
# out, each because it changes for reasons that are not the post's action:
SNAPSHOT_SKIPPED = {
    # The session: the messages a refusal shows are kept in it, and the idle refresh
    # (core.middleware.SessionIdleRefreshMiddleware) rewrites its expiry.
    "sessions.session": "holds the refusal's message and the idle timeout",
    # django-axes' records of sign-in attempts: written by the sign-in form only, which
    # is a public post (accounts:login); what a refused sign-in writes there is the point.
    "axes.accessattempt": "sign-in attempts",
    "axes.accessattemptexpiration": "sign-in attempts",
    "axes.accessfailurelog": "sign-in attempts",
    "axes.accesslog": "sign-in attempts",
}


@functools.cache
def _snapshot_tables():
    """(label, table, primary key column) of every model's table but the skipped. A proxy
    model (coverage.CoverageUnit) has no table of its own: its concrete model's is read."""
    return tuple(
        (model._meta.label_lower, model._meta.db_table, model._meta.pk.column)
        for model in django_apps.get_models(include_auto_created=True)
        if model._meta.label_lower not in SNAPSHOT_SKIPPED and not model._meta.proxy
    )


def snapshot():
    """``{model label: {pk: the row}}`` of every table but the skipped.

    Each table is read whole with one ``SELECT *`` through the cursor: every column the
    table has, as the database driver returns it, without the ORM building a queryset and
    converting each value (a snapshot is taken twice per post, some 1,500 times a run)."""
    tables = {}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for label, table, pk in _snapshot_tables():
            cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608 - a model's own table
            key = [column[0] for column in cursor.description].index(pk)
            tables[label] = {row[key]: row for row in cursor.fetchall()}
    return tables


def snapshot_changes(before, after):
    """What changed between two snapshots, one line per table: rows added, removed, changed."""
    changes = []
    for label in sorted(before.keys() | after.keys()):
        old, new = before.get(label, {}), after.get(label, {})
        added = sorted(new.keys() - old.keys(), key=str)
        removed = sorted(old.keys() - new.keys(), key=str)
        changed = sorted((pk for pk in old.keys() & new.keys() if old[pk] != new[pk]), key=str)
        if added or removed or changed:
            changes.append(f"{label}: added {added}, removed {removed}, changed {changed}")
    return changes


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url_name", sorted(MATRIX))
def test_permission_matrix(db, request, persona_client, url_name, persona):
    _check(request, persona_client, url_name, MATRIX[url_name], persona)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url_name", sorted(FORM_POSTS))
def test_form_posts(db, request, persona_client, url_name, persona):
    _check(request, persona_client, url_name, FORM_POSTS[url_name], persona)


def _check(request, persona_client, url_name, row, persona):
    """The persona gets the row's status; a refused post changes nothing in the database,
    the actor's post changes something."""
    client = persona_client(persona)
    url = reverse(url_name, args=row.build(request) if row.build else None)
    data = row.data(request) if callable(row.data) else row.data
    watched = row.method == "post" and not row.public
    before = snapshot() if watched else None
    response = getattr(client, row.method)(url, data)
    expected = row.status_for(persona)
    assert response.status_code == expected, f"{persona} {row.method.upper()} {url}"
    if expected == LOGIN and persona == "anonymous" and not row.public:
        assert response["Location"].startswith(reverse("accounts:login"))
    if not watched:
        return
    changes = snapshot_changes(before, snapshot())
    if row.refuses(persona):
        assert changes == [], f"{persona} was refused {url} yet the database changed"
    else:
        # The post the others were refused does change something: the comparison above
        # would have seen it had their refusal let it through.
        assert changes, f"{persona} POST {url} changed nothing"


def _url_views(resolver=None, namespace=""):
    """(name, view) of every named URL, like ``_named_urls``."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _url_views(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry.callback


def _acts_on_post(view):
    """Whether a view does something of its own on POST: a class-based view with a ``post``
    method, or a function whose code (under its decorators) reads the method or the
    posted data."""
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        return "post" in view_class.http_method_names and hasattr(view_class, "post")
    source = inspect.getsource(inspect.unwrap(view))
    return any(word in source for word in ("request.method", "request.POST", "request.FILES"))


def test_every_form_page_has_its_post_row():
    """A page row requests it with GET; if its view also acts on POST, that post has its
    row in FORM_POSTS (who may, who is refused, and that the refused change nothing)."""
    forms = {
        name
        for name, view in _url_views()
        if not name.startswith("admin:") and MATRIX[name].method == "get" and _acts_on_post(view)
    }
    assert sorted(forms - FORM_POSTS.keys()) == [], "form pages whose POST has no row"
    assert sorted(FORM_POSTS.keys() - forms) == [], "FORM_POSTS rows of pages that are no form"


def test_every_post_row_is_checked_both_ways():
    """Each post is refused to someone (the database unchanged) and changes the database
    for someone, or says why anyone may make it."""
    unchecked = {}
    for url_name, row in [*MATRIX.items(), *FORM_POSTS.items()]:
        if row.method != "post" or row.public:
            continue
        refused = [p for p in PERSONAS if row.refuses(p)]
        if not refused or not row.acting():
            unchecked[url_name] = {"refused": refused, "actors": row.acting()}
    assert unchecked == {}, sorted(unchecked)


def test_snapshot_sees_one_column_changed_a_row_added_and_one_removed(db, staff, department_a):
    """The comparison can fail: one column of one row is enough, as is a row in or out."""
    from departments.models import Department
    from notifications.models import Notification

    before = snapshot()
    assert snapshot_changes(before, snapshot()) == []
    Department.objects.filter(pk=department_a.pk).update(name="心内二科")  # no history row
    assert snapshot_changes(before, snapshot()) == [
        f"departments.department: added [], removed [], changed [{department_a.pk}]"
    ]
    Department.objects.filter(pk=department_a.pk).update(name="心内科")
    assert snapshot_changes(before, snapshot()) == []
    notification = Notification.objects.create(recipient=staff, subject="提醒")
    assert snapshot_changes(before, snapshot()) == [
        f"notifications.notification: added [{notification.pk}], removed [], changed []"
    ]
    middle, pk = snapshot(), notification.pk
    notification.delete()
    assert snapshot_changes(middle, snapshot()) == [
        f"notifications.notification: added [], removed [{pk}], changed []"
    ]


# The offices' members who work in department A hold their office's role, yet an
# objection to A does not exist for them: the department objected to never learns
# who objected, and nobody handles an objection about their own department. The list
# is theirs (without the objections to A: tests/publicity/test_objection_views.py).
OBJECTED_DEPARTMENT_OFFICES = ("party_office_of_a", "discipline_office_of_a")
OBJECTED_DEPARTMENT_ROWS = {
    "publicity:objections": {"party_office_of_a": 200, "discipline_office_of_a": 200},
    "publicity:objection": {"party_office_of_a": 404, "discipline_office_of_a": 404},
    "publicity:objection_receipt": {"party_office_of_a": 404, "discipline_office_of_a": 404},
    "publicity:objection_attachment": {"party_office_of_a": 404, "discipline_office_of_a": 404},
    "publicity:objection_take_up": {"party_office_of_a": 403, "discipline_office_of_a": 404},
    "publicity:objection_settle": {"party_office_of_a": 403, "discipline_office_of_a": 404},
}


def test_every_objection_office_url_has_a_row_for_the_department_offices():
    office_urls = {
        name
        for name in MATRIX
        if name.startswith("publicity:objection")
        and name not in ("publicity:objection_new", "publicity:my_objections")
    }
    assert office_urls == OBJECTED_DEPARTMENT_ROWS.keys()


@pytest.mark.parametrize("persona", OBJECTED_DEPARTMENT_OFFICES)
@pytest.mark.parametrize("url_name", sorted(OBJECTED_DEPARTMENT_ROWS))
def test_objections_to_a_hidden_from_its_office_members(
    db, request, persona_client, url_name, persona
):
    row = MATRIX[url_name]
    client = persona_client(persona)
    url = reverse(url_name, args=row.build(request) if row.build else None)
    response = getattr(client, row.method)(url, row.data)
    assert response.status_code == OBJECTED_DEPARTMENT_ROWS[url_name][persona], url


ADMIN_MODELS = sorted(
    f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"
    for model in admin.site._registry
)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url_name", ["admin:index", *ADMIN_MODELS])
def test_admin_is_for_the_administrator_only(db, persona_client, url_name, persona):
    """Only the administrator (a staff account) enters the admin; it sees a model
    list where its role grants the view permission, 403 elsewhere."""
    client = persona_client(persona)
    response = client.get(reverse(url_name))
    if persona != "admin_user":
        assert response.status_code == 302
        assert reverse("admin:login") in response["Location"]
        return
    if url_name == "admin:index":
        assert response.status_code == 200
        return
    user = response.wsgi_request.user
    app_label, model_name = (
        url_name.removeprefix("admin:").removesuffix("_changelist").split("_", 1)
    )
    allowed = user.has_perm(f"{app_label}.view_{model_name}") or user.has_perm(
        f"{app_label}.change_{model_name}"
    )
    assert response.status_code == (200 if allowed else 403)


# --- the publicity (helpers of the rows at the end of MATRIX) -----------------------------


def _decided_campaign(request):
    from tests.factories import decided_campaign

    campaign, _applications = decided_campaign(
        request.getfixturevalue("party_office"), [request.getfixturevalue("department_a")]
    )
    return campaign


def _publicity(request):
    from tests.factories import publicity_of

    return publicity_of(_decided_campaign(request), request.getfixturevalue("party_office"))


# --- veto indicators and veto events (helpers of the rows added below) ---------------------


def _indicator(request):
    from tests.factories import veto_indicator

    return [veto_indicator().pk]


def _veto_event_a(request, state):
    """A veto event about department A reported by the discipline office with one
    evidence file, then put in ``state``."""
    from tests.factories import pdf_upload, reported_veto_event
    from veto.models import VetoEvent

    request.getfixturevalue("media_root")
    request.getfixturevalue("head_a")
    request.getfixturevalue("applicant_a")
    event = reported_veto_event(
        request.getfixturevalue("department_a"),
        request.getfixturevalue("discipline_office"),
        uploads=[pdf_upload()],
    )
    VetoEvent.objects.filter(pk=event.pk).update(state=state)
    return event


def _confirmed_event(request):
    return [_veto_event_a(request, "confirmed").pk]


def _reported_event(request):
    return [_veto_event_a(request, "reported").pk]


def _verified_event(request):
    return [_veto_event_a(request, "verified").pk]


def _confirmed_event_evidence(request):
    event = _veto_event_a(request, "confirmed")
    return [event.pk, event.evidence.get().pk]
