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
