import csv
import datetime
import io

import factory
from django.contrib.auth.models import Group

from accounts.models import User
from accounts.roles import Role
from departments.models import Department, DepartmentKind, PartyBranch, Person

PASSWORD = "qinglian-test-pw"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    name = factory.Faker("name", locale="zh_CN")
    email = factory.LazyAttribute(lambda u: f"{u.username}@hospital.example")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        """``UserFactory(roles=[Role.REVIEWER])``; everyone is staff."""
        if not create:
            return
        wanted = {Role.STAFF, *(extracted or [])}
        self.groups.add(*Group.objects.filter(name__in=[r.value for r in wanted]))
        self.save()


class PartyBranchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartyBranch

    name = factory.Sequence(lambda n: f"第{n + 1}党支部")


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    code = factory.Sequence(lambda n: f"D{n:03d}")
    name = factory.Sequence(lambda n: f"科室{n:03d}")
    kind = DepartmentKind.CLINICAL
    party_branch = factory.SubFactory(PartyBranchFactory)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    employee_number = factory.Sequence(lambda n: f"E{n:05d}")
    name = factory.Faker("name", locale="zh_CN")
    department = factory.SubFactory(DepartmentFactory)
    joined_department_on = datetime.date(2020, 3, 1)
    is_party_member = False


def campaign_settings(**overrides):
    """Valid settings for appraisal.services.campaign_create."""
    from django.utils import timezone

    values = {
        "year": 2026,
        "title": "2026年度清廉科室评选",
        "document_number": "〔2026〕49号",
        "opens_at": timezone.make_aware(datetime.datetime(2026, 9, 1, 8, 0)),
        "closes_at": timezone.make_aware(datetime.datetime(2026, 9, 30, 17, 0)),
        "quota": 3,
    }
    values.update(overrides)
    return values


def make_campaign(by, **overrides):
    from appraisal.services.campaigns import campaign_create

    return campaign_create(by=by, **campaign_settings(**overrides))


def open_campaign(by, **overrides):
    """A campaign open for applications now (window from yesterday to in ten days)."""
    from django.utils import timezone

    from appraisal.services.campaigns import campaign_open

    now = timezone.now()
    overrides.setdefault("opens_at", now - datetime.timedelta(days=1))
    overrides.setdefault("closes_at", now + datetime.timedelta(days=10))
    overrides.setdefault("year", timezone.localdate().year)
    campaign = make_campaign(by, **overrides)
    return campaign_open(campaign=campaign, by=by)


STATEMENT = "我科坚持把清廉建设融入医疗服务全过程。" * 40  # 760 characters


def pdf_upload(name="制度汇编.pdf", size=None):
    from django.core.files.uploadedfile import SimpleUploadedFile

    body = b"%PDF-1.4\n" + b"0" * ((size or 200) - 9)
    return SimpleUploadedFile(name, body, content_type="application/pdf")


PEOPLE_HEADERS = ["工号", "姓名", "科室编码", "调入本科室日期", "党员", "在职"]
DEPARTMENT_HEADERS = [
    "科室编码",
    "科室名称",
    "类别",
    "所属科室编码",
    "党支部",
    "负责人工号",
    "在用",
]


def spreadsheet_bytes(headers, rows, *, fmt="xlsx", encoding="utf-8-sig"):
    """A roster file as an office user would save it: .xlsx, or CSV in ``encoding``."""
    if fmt == "csv":
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer)
        writer.writerow(headers)
        writer.writerows(rows)
        return buffer.getvalue().encode(encoding)
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("名册")
    sheet.append(headers)
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def spreadsheet_upload(headers, rows, *, fmt="xlsx", name=None, encoding="utf-8-sig"):
    """The same file as an upload (``SimpleUploadedFile``)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(
        name or f"名册.{fmt}", spreadsheet_bytes(headers, rows, fmt=fmt, encoding=encoding)
    )


# --- the party office's review --------------------------------------------------------


def head_of(unit):
    """The head of ``unit`` (a user on its roster), created when it has none."""
    if unit.head_id is not None and unit.head.user_id is not None:
        return unit.head.user
    user = UserFactory(username=f"head_{unit.code.lower()}", name=f"{unit.name}主任")
    unit.head = PersonFactory(department=unit, user=user, name=user.name)
    unit.save(update_fields=["head"])
    return user


def applicant_of(unit):
    """A user who applies for ``unit`` (the django-guardian grant), created on first use."""
    from guardian.shortcuts import assign_perm

    user = UserFactory(
        username=f"applicant_{unit.code.lower()}",
        name=f"{unit.name}联络员",
        roles=[Role.APPLICANT],
    )
    assign_perm("departments.apply_for_department", user, unit)
    return user


def submitted_application(campaign, unit, *, applicant=None):
    """``unit``'s application in the open ``campaign``: filled in, confirmed by the head, submitted."""
    from appraisal.services import applications as services

    applicant = applicant or applicant_of(unit)
    application = services.application_start(campaign=campaign, unit=unit, by=applicant)
    services.application_save(
        application=application,
        by=applicant,
        staff_count=10,
        party_member_count=3,
        materials_list="廉洁承诺书",
        statement=STATEMENT,
    )
    services.head_confirm(application=application, by=head_of(unit))
    return services.application_submit(application=application, by=applicant)


def close_applications(campaign):
    """The window closes (its end moved into the past, the beat sweep runs): open → reviewing."""
    from django.utils import timezone

    from appraisal.models import Campaign
    from appraisal.services.deadlines import close_due_applications

    Campaign.objects.filter(pk=campaign.pk).update(
        closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    close_due_applications()
    campaign.refresh_from_db()
    return campaign


def make_reviewer(unit, username, name=None):
    """A user with the reviewer role who works in ``unit``."""
    user = UserFactory(username=username, name=name or username, roles=[Role.REVIEWER])
    PersonFactory(department=unit, user=user, name=user.name)
    return user


def fill_review(review, *, by, scores=None, comment="理由见材料", submit=True, direct=False):
    """Score every criterion of ``review``: full points unless ``scores`` says otherwise
    ({criterion pk: Decimal, or "na"}); low scores get ``comment``. Submits by default
    (through the service). ``direct`` writes the score rows in one query instead of
    one service call per criterion (for tests of the aggregation, not of scoring)."""
    from decimal import Decimal

    from appraisal.models import Criterion, Score
    from appraisal.services import reviews as services

    scores = scores or {}
    rows = []
    for criterion in Criterion.objects.filter(
        standard__rubric=review.application.campaign.rubric_id
    ):
        value = scores.get(criterion.pk, criterion.points)
        not_applicable = value == "na"
        score = None if not_applicable else Decimal(value)
        values = {
            "score": score,
            "not_applicable": not_applicable,
            "comment": comment if services.comment_required(criterion, score) else "",
        }
        if direct:
            rows.append(Score(review=review, criterion=criterion, **values))
        else:
            services.score_save(review=review, by=by, criterion=criterion, **values)
    Score.objects.bulk_create(rows)
    if submit:
        return services.review_submit(review=review, by=by)
    return review


# --- the leading group, publicity and confirmation --------------------------------------
# These put records straight into a later state (queryset updates past the
# protected state fields), for tests of the steps after the review. The review
# itself is tested through its services in tests/appraisal/.


def deciding_campaign(party_office, units, **overrides):
    """A campaign forwarded to the leading group: every unit in ``units`` applied
    and is recommended with a review opinion. Returns (campaign, [applications])."""
    from appraisal.enums import ApplicationState, CampaignState
    from appraisal.models import Application, Campaign, ReviewOpinion

    campaign = open_campaign(party_office, **overrides)
    applications = [submitted_application(campaign, unit) for unit in units]
    Application.objects.filter(pk__in=[a.pk for a in applications]).update(
        state=ApplicationState.RECOMMENDED
    )
    ReviewOpinion.objects.bulk_create(
        ReviewOpinion(
            application=a, recommended=True, opinion="材料齐全，建议推荐。", written_by=party_office
        )
        for a in applications
    )
    Campaign.objects.filter(pk=campaign.pk).update(state=CampaignState.DECIDING)
    campaign.refresh_from_db()
    for a in applications:
        a.refresh_from_db()
    return campaign, applications


def decided_campaign(party_office, units, *, leader=None, **overrides):
    """A campaign whose list is fixed with every unit in ``units`` approved."""
    from django.utils import timezone

    from appraisal.enums import ApplicationState, CampaignState
    from appraisal.models import Application, Campaign

    overrides.setdefault("quota", max(3, len(units)))
    campaign, applications = deciding_campaign(party_office, units, **overrides)
    Application.objects.filter(pk__in=[a.pk for a in applications]).update(
        state=ApplicationState.APPROVED
    )
    Campaign.objects.filter(pk=campaign.pk).update(
        state=CampaignState.DECIDED, list_fixed_at=timezone.now(), list_fixed_by=leader
    )
    campaign.refresh_from_db()
    for a in applications:
        a.refresh_from_db()
    return campaign, applications


def publicity_of(campaign, by, *, starts_on=None, ends_at=None, working_days=5):
    """An open publicity of ``campaign``'s fixed list (campaign → publicity), written
    directly: by default it started today and ends in five days."""
    from django.utils import timezone

    from appraisal.enums import CampaignState
    from appraisal.models import Campaign
    from publicity.models import Publicity

    starts_on = starts_on or timezone.localdate()
    ends_at = ends_at or timezone.now() + datetime.timedelta(days=5)
    Campaign.objects.filter(pk=campaign.pk).update(state=CampaignState.PUBLICITY)
    campaign.refresh_from_db()
    return Publicity.objects.create(
        campaign=campaign,
        starts_on=starts_on,
        last_day=max(starts_on, timezone.localtime(ends_at - datetime.timedelta(seconds=1)).date()),
        ends_at=ends_at,
        working_days=working_days,
        contact="纪检监察室，电话 8888",
        opened_by=by,
    )


# --- objections during publicity -------------------------------------------------------


def listed_publicity(party_office, units, **publicity_options):
    """An open publicity of a fixed list with every unit of ``units`` on it.
    Returns (publicity, [applications])."""
    campaign, applications = decided_campaign(party_office, units)
    return publicity_of(campaign, party_office, **publicity_options), applications


def objector(username="objector", *, name=None, department=None, employee_number=None):
    """A plain staff member with a roster entry, to raise objections."""
    user = UserFactory(username=username, name=name or username)
    PersonFactory(
        user=user,
        name=user.name,
        department=department or DepartmentFactory(),
        **({"employee_number": employee_number} if employee_number else {}),
    )
    return user


def objection_of(publicity, application, by, *, content="该科室存在收受红包情况。", **options):
    """An objection submitted through the service."""
    from publicity.services.objections import objection_submit

    return objection_submit(
        publicity=publicity, application=application, by=by, content=content, **options
    )


def text_upload(name="说明.txt"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, "这不是允许的文件".encode(), content_type="text/plain")


# --- the publicity board (publicity helper) -----------------------------------------------


def archived_publicity(party_office, units, *, removed=()):
    """A past publicity: a decided campaign of ``units`` whose publicity is closed,
    the units in ``removed`` taken off the list by an upheld objection."""
    from django.utils import timezone

    from appraisal.enums import ApplicationState
    from appraisal.models import Application
    from publicity.enums import PublicityState
    from publicity.models import Publicity

    campaign, _applications = decided_campaign(party_office, units)
    publicity = publicity_of(
        campaign,
        party_office,
        starts_on=datetime.date(2026, 9, 18),
        ends_at=datetime.datetime(
            2026, 9, 24, tzinfo=datetime.timezone(datetime.timedelta(hours=8))
        ),
    )
    Application.objects.filter(campaign=campaign, unit__in=list(removed)).update(
        state=ApplicationState.REMOVED
    )
    Publicity.objects.filter(pk=publicity.pk).update(
        state=PublicityState.CLOSED, closed_at=timezone.now()
    )
    publicity.refresh_from_db()
    return publicity


# --- the party committee's confirmation, titles and the staff bonus ---------------------


def confirmable_campaign(party_office, units, *, last_day=None, state="closed", **overrides):
    """A campaign in publicity whose period ended on ``last_day`` (default: three days
    ago), the publicity put in ``state`` ("closed": every objection settled) with a
    queryset update. Returns (campaign, [applications], publicity)."""
    from django.utils import timezone

    from publicity.models import Publicity

    last_day = last_day or timezone.localdate() - datetime.timedelta(days=3)
    campaign, applications = decided_campaign(party_office, units, **overrides)
    ends_at = timezone.make_aware(
        datetime.datetime.combine(last_day + datetime.timedelta(days=1), datetime.time.min)
    )
    publicity = publicity_of(
        campaign, party_office, starts_on=last_day - datetime.timedelta(days=6), ends_at=ends_at
    )
    Publicity.objects.filter(pk=publicity.pk).update(state=state, closed_at=ends_at)
    publicity.refresh_from_db()
    return campaign, applications, publicity


def confirmed_campaign(party_office, party_committee, units, *, confirmed_on=None, **overrides):
    """A campaign the party committee confirmed (through the service) the day after its
    publicity's last day. Returns (campaign, [applications])."""
    from publicity.services.confirmation import campaign_confirm

    campaign, applications, publicity = confirmable_campaign(party_office, units, **overrides)
    campaign = campaign_confirm(
        campaign=campaign,
        by=party_committee,
        confirmed_on=confirmed_on or publicity.last_day + datetime.timedelta(days=1),
        reference="院党委会2026年第12次会议",
    )
    for a in applications:
        a.refresh_from_db()
    return campaign, applications


# --- official documents (documents.rendering) -----------------------------------


def campaign_with_titles(party_office, units, *, confirmed_on=None, **overrides):
    """A campaign the party committee confirmed, written directly: every unit in
    ``units`` commended and holding its title. Returns (campaign, [titles])."""
    from appraisal.enums import ApplicationState, CampaignState
    from appraisal.models import Application, Campaign, Title

    confirmed_on = confirmed_on or datetime.date(2026, 9, 30)
    campaign, applications = decided_campaign(party_office, units, **overrides)
    Application.objects.filter(pk__in=[a.pk for a in applications]).update(
        state=ApplicationState.COMMENDED
    )
    Campaign.objects.filter(pk=campaign.pk).update(
        state=CampaignState.CLOSED,
        confirmed_on=confirmed_on,
        confirmation_reference="院党委会2026年第12次会议",
        confirmed_by=party_office,
        commendation_number=f"院党〔{campaign.year}〕49号",
    )
    campaign.refresh_from_db()
    titles = [
        Title.objects.create(
            application=application,
            campaign=campaign,
            unit=application.unit,
            year=campaign.year,
            awarded_on=confirmed_on,
            certificate_number=f"清廉〔{campaign.year}〕{number}号",
        )
        for number, application in enumerate(applications, 1)
    ]
    return campaign, titles


def stored_document(kind, subject, *, content=b"%PDF-1.7\n% a stored document\n", **links):
    """An OfficialDocument of ``kind`` about ``subject`` whose file is stored (state ready),
    written directly, for tests of who may download it."""
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from documents.enums import DocumentState
    from documents.models import OfficialDocument
    from documents.services import document_key

    now = timezone.now()
    document = OfficialDocument(
        key=document_key(kind, subject),
        kind=kind,
        requested_at=now,
        state=DocumentState.READY,
        rendered_revision=1,
        rendered_at=now,
        size=len(content),
        **links,
    )
    document.file.save("document", ContentFile(content), save=False)
    document.save()
    return document


# --- veto indicators and ongoing supervision --------------------------------------------


def veto_indicator(number=4, **overrides):
    """A veto indicator (by default the fixture's no. 4, reported by the discipline office)."""
    from veto.models import VetoIndicator

    values = {
        "text": "违反中央八项规定精神及医疗卫生行业“九项准则”规定，被相关部门或医院处分",
        "evidence_basis": "相关记录、文件",
        "responsible_offices": "纪检监察室",
    }
    values.update(overrides)
    indicator, _ = VetoIndicator.objects.get_or_create(number=number, defaults=values)
    return indicator


def veto_event_in_state(unit, reporter, *, state="reported", indicator=None, occurred_on=None):
    """A veto event about ``unit`` written directly in ``state`` (for tests of later steps)."""
    from django.utils import timezone

    from veto.models import VetoEvent

    indicator = indicator or veto_indicator()
    event = VetoEvent.objects.create(
        indicator=indicator,
        indicator_number=indicator.number,
        indicator_text=indicator.text,
        indicator_evidence_basis=indicator.evidence_basis,
        unit=unit,
        occurred_on=occurred_on or timezone.localdate(),
        description="经查，该科室一名医生收受患者红包，已受到医院处分。",
        reported_by=reporter,
    )
    if state != "reported":
        VetoEvent.objects.filter(pk=event.pk).update(state=state)
        event.refresh_from_db()
    return event


# --- veto events and their effects (veto-events helper) -----------------------------------


def office_person(department_name, username, *, code=None, roles=()):
    """A user working in the department named ``department_name`` (created when missing,
    as an administrative office), with the default indicators linked to it by name."""
    from veto.services.indicators import indicators_load_defaults

    department = Department.objects.filter(name=department_name).first() or DepartmentFactory(
        name=department_name,
        code=code or f"O{Department.objects.count():03d}",
        kind="administrative",
    )
    user = UserFactory(username=username, name=username, roles=list(roles))
    PersonFactory(department=department, user=user, name=username)
    indicators_load_defaults()
    return user


def reported_veto_event(unit, reporter, *, indicator=None, uploads=(), **options):
    """A veto event reported through the service (by default under indicator no. 4)."""
    from django.utils import timezone

    from veto.services.events import veto_event_report

    options.setdefault("occurred_on", timezone.localdate() - datetime.timedelta(days=3))
    options.setdefault("description", "经查，该科室一名医生收受患者红包，已受到医院处分。")
    return veto_event_report(
        indicator=indicator or veto_indicator(), unit=unit, by=reporter, uploads=uploads, **options
    )


# --- rectification, revocations and re-checks (veto-rect) --------------------------------


def rectification_of(
    unit,
    *,
    title=None,
    starts_on=None,
    months=3,
    state="active",
    notice_number="院纪〔2026〕3号",
    occurred_on=None,
    reporter=None,
):
    """A rectification of ``unit`` after a confirmed veto event, written directly in
    ``state``; a given ``title`` is revoked on ``starts_on`` (as the confirmation does)."""
    from django.utils import timezone

    from appraisal.enums import TitleStatus
    from appraisal.models import Title
    from veto.models import Rectification
    from veto.services.rectifications import rectification_last_day

    starts_on = starts_on or timezone.localdate()
    reporter = reporter or UserFactory(username="veto_reporter", name="报告人")
    event = veto_event_in_state(
        unit, reporter, state="confirmed", occurred_on=occurred_on or starts_on
    )
    if title is not None:
        Title.objects.filter(pk=title.pk).update(
            status=TitleStatus.REVOKED,
            revoked_on=starts_on,
            revocation_reason=f"否决性指标第{event.indicator_number}项：{event.indicator_text}",
        )
        title.refresh_from_db()
    rectification = Rectification.objects.create(
        event=event,
        unit=unit,
        title=title,
        months=months,
        starts_on=starts_on,
        ends_on=rectification_last_day(starts_on, months),
        notice_number=notice_number,
    )
    if state != "active":
        Rectification.objects.filter(pk=rectification.pk).update(state=state)
        rectification.refresh_from_db()
    return rectification


# --- the yearly evaluation (docs/evaluation.md) ------------------------------------------


def evaluation_settings(**overrides):
    """Valid settings for appraisal.services.evaluations.evaluation_create: reading of the
    drafts from yesterday to in ten days, this year."""
    from django.utils import timezone

    now = timezone.now()
    values = {
        "year": timezone.localdate().year,
        "title": f"{timezone.localdate().year}年度清廉考评",
        "opens_at": now - datetime.timedelta(days=1),
        "closes_at": now + datetime.timedelta(days=10),
    }
    values.update(overrides)
    return values


def make_evaluation(by, **overrides):
    from appraisal.services.evaluations import evaluation_create

    return evaluation_create(by=by, **evaluation_settings(**overrides))


def open_evaluation(by, **overrides):
    """A yearly evaluation opened now: every evaluated unit has its application."""
    from appraisal.services.evaluations import evaluation_open

    return evaluation_open(campaign=make_evaluation(by, **overrides), by=by)


def scored_evaluation(party_office, reviewers, *, lost=None, forward=True):
    """An opened yearly evaluation, closed and reviewed: each reviewer (on the team)
    scores every unit they may full points, but ``lost`` ({unit pk: points}) taken off
    the rubric's first criterion, and the campaign is forwarded to the party committee.
    Returns it."""
    from appraisal.conflicts import conflict_of_interest
    from appraisal.models import Criterion
    from appraisal.services import assignment
    from appraisal.services.reviews import campaign_forward

    campaign = close_applications(open_evaluation(party_office))
    # The party office's own department is evaluated too: a colleague of another
    # department (created after the opening, so not evaluated) handles its review.
    colleague = UserFactory(
        username="party_office_other", name="党办干事乙", roles=[Role.PARTY_OFFICE]
    )
    PersonFactory(
        department=DepartmentFactory(code="P02", name="党办外派", kind="administrative"),
        user=colleague,
    )
    for reviewer in reviewers:
        assignment.pool_add(campaign=campaign, reviewer=reviewer, by=party_office)
    first = (
        Criterion.objects.filter(standard__rubric=campaign.rubric_id)
        .order_by("standard__order", "standard__pk", "order", "pk")
        .first()
    )
    for application in campaign.applications.select_related("unit"):
        for reviewer in reviewers:
            if conflict_of_interest(reviewer, application):
                continue
            manager = colleague if conflict_of_interest(party_office, application) else party_office
            review = assignment.review_assign(
                application=application, reviewer=reviewer, by=manager
            )
            taken = (lost or {}).get(application.unit_id)
            fill_review(
                review,
                by=reviewer,
                scores={first.pk: first.points - taken} if taken else None,
                comment="台账不全",
                direct=True,
            )
    if not forward:
        return campaign
    return campaign_forward(campaign=campaign, by=party_office)
