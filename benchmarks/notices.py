"""How long official documents take to render and store, and how large they are.

Issue 5's targets: a notice in at most 1 s, 30 certificates (one ZIP) in at
most 20 s, every PDF under 1 MB. Each document goes the way a Celery worker
takes it: ``document_render`` reads the rows, builds the notice
(appraisal/documents.py, publicity/documents.py), renders it with ``render_notice`` and stores the
file. The data: 30 departments on the fixed list and publicity, then
commended with their titles; one application form with an 800-character
statement. The first render of a process also pays for importing
WeasyPrint and loading the fonts; it is reported apart, and the other
figures are for a process that has rendered before (a worker's usual state).

Run alone with ``python -m benchmarks.notices`` (a throwaway test database).
"""

import datetime
import io
import os
import re
import subprocess
import time
import zipfile

NOTICE_TARGET_S = 1.0
CERTIFICATES_TARGET_S = 20.0
PDF_LIMIT_BYTES = 1_000_000
UNITS = [
    "心内科", "呼吸与危重症医学科", "消化内科", "神经内科", "肾内科", "内分泌科",
    "普外科", "骨科", "神经外科", "泌尿外科", "心胸外科", "妇科", "产科", "儿科",
    "新生儿科", "眼科", "耳鼻咽喉头颈外科", "口腔科", "皮肤科", "急诊科",
    "重症医学科", "麻醉科", "手术室", "检验科", "病理科", "放射科", "超声医学科",
    "药学部", "护理部", "消化内科内镜诊疗中心清廉团队",
]  # fmt: skip
STATEMENT = "我科坚持把清廉建设融入医疗服务全过程，落实一岗双责，开展廉政风险排查。" * 23


def _setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qinglian.settings_test")
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()


def _fill():
    """The campaign, its publicity, titles and one submitted application form's rows."""
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from accounts.models import User
    from accounts.roles import Role
    from appraisal.enums import ApplicationState, CampaignState
    from appraisal.models import Application, Campaign
    from appraisal.services.campaigns import campaign_create
    from departments.models import Department, PartyBranch
    from publicity.models import Publicity

    office = User.objects.create(username="bench_office", name="党办干事")
    office.groups.add(Group.objects.get(name=Role.PARTY_OFFICE))
    now = timezone.now()
    day = datetime.timedelta(days=1)
    campaign = campaign_create(
        by=office,
        year=2026,
        title="2026年度清廉科室评选",
        opens_at=now - 60 * day,
        closes_at=now - 30 * day,
        quota=len(UNITS),
    )
    branches = PartyBranch.objects.bulk_create(
        PartyBranch(name=name) for name in ("内科党支部", "外科党支部", "医技党支部")
    )
    units = Department.objects.bulk_create(
        Department(
            code=f"N{number:02d}", name=name, kind="clinical", party_branch=branches[number % 3]
        )
        for number, name in enumerate(UNITS, 1)
    )
    applications = Application.objects.bulk_create(
        Application(
            campaign=campaign,
            unit=unit,
            state=ApplicationState.APPROVED,
            staff_count=42,
            party_member_count=17,
            materials_list="廉洁承诺书\n科室廉政风险排查表\n清廉文化活动记录",
            statement=STATEMENT,
            head_confirmed_at=now - 31 * day,
            head_confirmed_by=office,
            submitted_at=now - 31 * day,
            version=1,
            created_by=office,
        )
        for unit in units
    )
    Campaign.objects.filter(pk=campaign.pk).update(state=CampaignState.PUBLICITY)
    publicity = Publicity.objects.create(
        campaign=campaign,
        starts_on=datetime.date(2026, 9, 18),
        last_day=datetime.date(2026, 9, 23),
        ends_at=now - day,
        working_days=5,
        contact="纪检监察室，电话 8888",
        document_number="院党〔2026〕12号",
        opened_by=office,
    )
    return campaign, publicity, applications


def _commend(campaign, applications):
    from appraisal.enums import ApplicationState, CampaignState
    from appraisal.models import Application, Campaign, Title

    Application.objects.filter(campaign=campaign).update(state=ApplicationState.COMMENDED)
    confirmed_on = datetime.date(2026, 9, 30)
    Campaign.objects.filter(pk=campaign.pk).update(
        state=CampaignState.CLOSED,
        confirmed_on=confirmed_on,
        confirmation_reference="院党委会2026年第12次会议",
        commendation_number="院党〔2026〕49号",
    )
    Title.objects.bulk_create(
        Title(
            application=application,
            campaign=campaign,
            unit_id=application.unit_id,
            year=2026,
            awarded_on=confirmed_on,
            certificate_number=f"清廉〔2026〕{number}号",
        )
        for number, application in enumerate(applications, 1)
    )
    campaign.refresh_from_db()


def _pages(pdf):
    """The page count, read by poppler's pdfinfo (a system package of the project)."""
    result = subprocess.run(
        ["pdfinfo", "-"], input=pdf, capture_output=True, check=True, timeout=30
    )
    return int(re.search(rb"^Pages:\s+(\d+)$", result.stdout, re.MULTILINE)[1])


def _rendered(kind, subject, **links):
    """Request the document and render it as the worker would: (seconds, stored bytes)."""
    from django.db import transaction

    from documents.rendering import document_render
    from documents.services import document_request

    with transaction.atomic():
        document = document_request(kind=kind, subject=subject, **links)
    started = time.perf_counter()
    stored = document_render(pk=document.pk, revision=document.revision)
    seconds = time.perf_counter() - started
    if stored is None:
        document.refresh_from_db()
        raise RuntimeError(f"{kind} was not rendered: {document.error}")
    with stored.file.open("rb") as file:
        return seconds, file.read()


def _notice_figures(seconds, pdf):
    return {
        "seconds": round(seconds, 3),
        "bytes": len(pdf),
        "pages": _pages(pdf),
        "within_limit": seconds <= NOTICE_TARGET_S and len(pdf) < PDF_LIMIT_BYTES,
    }


def run():
    """Measure on the fresh, migrated database ``python -m benchmarks`` provides."""
    from documents.enums import DocumentKind

    campaign, publicity, applications = _fill()
    first_seconds, _pdf = _rendered(DocumentKind.APPLICATION_FORM, applications[1])
    figures = {"first_render_in_a_process_s": round(first_seconds, 3)}
    figures["publicity_notice_30_departments"] = _notice_figures(
        *_rendered(DocumentKind.PUBLICITY, publicity, campaign=campaign)
    )
    figures["application_form"] = _notice_figures(
        *_rendered(DocumentKind.APPLICATION_FORM, applications[0], application=applications[0])
    )
    _commend(campaign, applications)
    figures["commendation_notice_30_departments"] = _notice_figures(
        *_rendered(DocumentKind.COMMENDATION, campaign, campaign=campaign)
    )
    seconds, archive = _rendered(DocumentKind.CERTIFICATES, campaign, campaign=campaign)
    with zipfile.ZipFile(io.BytesIO(archive)) as zip_file:
        pdfs = [zip_file.read(name) for name in zip_file.namelist()]
    largest = max(len(pdf) for pdf in pdfs)
    figures["certificates_30_zip"] = {
        "seconds": round(seconds, 3),
        "certificates": len(pdfs),
        "one_page_each": all(_pages(pdf) == 1 for pdf in pdfs),
        "zip_bytes": len(archive),
        "largest_pdf_bytes": largest,
        "within_limit": len(pdfs) == len(UNITS)
        and seconds <= CERTIFICATES_TARGET_S
        and largest < PDF_LIMIT_BYTES,
    }
    figures["targets"] = {
        "notice_s": NOTICE_TARGET_S,
        "certificates_30_zip_s": CERTIFICATES_TARGET_S,
        "pdf_bytes_below": PDF_LIMIT_BYTES,
    }
    figures["within_limit"] = all(
        value["within_limit"]
        for value in figures.values()
        if isinstance(value, dict)
        if "within_limit" in value
    )
    return figures


if __name__ == "__main__":
    import json

    _setup_django()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import override_settings

    test_database = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        import tempfile

        with tempfile.TemporaryDirectory() as media, override_settings(MEDIA_ROOT=media):
            assert media == settings.MEDIA_ROOT
            print(json.dumps(run(), ensure_ascii=False, indent=2))
    finally:
        connection.creation.destroy_test_db(test_database, verbosity=0)
