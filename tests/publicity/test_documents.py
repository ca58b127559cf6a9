"""Official documents built from the rows, rendered after commit and stored.

Each kind is rendered once here and read back with poppler as a person's
PDF reader would (the helpers of test_notices.py); the workflow tests around
it use the real renderer too, so a stored file is always a real PDF.
"""

import datetime
import io
import re
import zipfile

import pytest
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from appraisal.enums import ApplicationState, TitleStatus
from appraisal.models import Application, ApplicationVersion, Campaign, Title
from appraisal.services import branch_opinion
from documents import registry as builders
from documents import rendering
from documents.enums import DocumentKind, DocumentState
from documents.models import OfficialDocument
from documents.rendering import document_render, render_pending_documents
from documents.services import document_request
from tests.factories import (
    DepartmentFactory,
    PartyBranchFactory,
    campaign_with_titles,
    decided_campaign,
    head_of,
    open_campaign,
    publicity_of,
    submitted_application,
)
from tests.publicity.test_notices import _flowing_text, _fonts, _poppler

ISSUING_BODY = "中共示范人民医院委员会"
SEPTEMBER_18 = datetime.date(2026, 9, 18)


@pytest.fixture
def pdf_path(tmp_path):
    def write(content, name="document.pdf"):
        path = tmp_path / name
        path.write_bytes(content)
        return path

    return write


def _assert_sound_pdf(path, *, pages):
    """One engine's promises: the page count, only font subsets, under 1 MB."""
    info = _poppler("pdfinfo", path)
    assert re.search(rf"^Pages:\s+{pages}$", info, re.MULTILINE)
    fonts = _fonts(path)
    assert fonts
    assert all((embedded, subset) == ("yes", "yes") for _name, embedded, subset in fonts)
    assert path.stat().st_size < 1_000_000


def _units():
    return [
        DepartmentFactory(
            code="A01", name="心内科", party_branch=PartyBranchFactory(name="内科党支部")
        ),
        DepartmentFactory(
            code="B01", name="骨科", party_branch=PartyBranchFactory(name="外科党支部")
        ),
    ]


# --- what each kind says ---------------------------------------------------------------


def test_publicity_notice_lists_the_approved_departments_and_the_period(
    party_office, pdf_path, media_root
):
    a, b = _units()
    rejected = DepartmentFactory(code="C01", name="检验科")
    campaign, _applications = decided_campaign(party_office, [b, a, rejected], year=2026)
    Application.objects.filter(unit=rejected).update(state=ApplicationState.REJECTED)
    publicity = publicity_of(
        campaign,
        party_office,
        starts_on=SEPTEMBER_18,
        ends_at=timezone.make_aware(datetime.datetime(2026, 9, 24)),
    )
    publicity.document_number = "院党〔2026〕12号"
    publicity.save(update_fields=["document_number"])

    document = document_request(kind=DocumentKind.PUBLICITY, subject=publicity, campaign=campaign)
    content, number = builders.document_content(document)
    path = pdf_path(content)
    lines = _poppler("pdftotext", path, "-").splitlines()
    text = _flowing_text(path)

    assert number == "院党〔2026〕12号"
    assert lines[:2] == [ISSUING_BODY, "院党〔2026〕12号"]
    assert "关于2026年度清廉科室拟表扬名单的公示全院职工：" in text
    assert (
        "根据2026年度清廉科室创建考评工作安排，经科室申报、党办评审、清廉科室创建考评工作领导小组审定，"
        "拟对以下2个科室（团队）予以表扬，并授予“清廉科室”称号，现予公示。" in text
    )
    assert "公示期：2026年9月18日至2026年9月23日（5个工作日）。" in text
    assert (
        "公示期间，职工如对拟表扬科室有异议，可登录清廉科室评选系统或向纪检监察室，电话 8888实名提出，"
        "受理人将对异议人信息严格保密。" in text
    )
    # Unit code order; the rejected department is not listed.
    start = lines.index("序号")
    assert [line for line in lines[start:] if line][:9] == [
        "序号", "科室/清廉团队", "党支部",
        "1", "心内科", "内科党支部",
        "2", "骨科", "外科党支部",
    ]  # fmt: skip
    assert "检验科" not in text
    assert f"{ISSUING_BODY}2026年9月18日（此件院内公开）" in text
    # The red header takes a third of the first page: the objection route,
    # the signature and the disclosure go on the second.
    _assert_sound_pdf(path, pages=2)


def test_commendation_notice_is_a_file_listing_the_commended_departments(
    party_office, pdf_path, media_root
):
    campaign, _titles = campaign_with_titles(party_office, _units(), year=2026)

    content, number = builders.document_content(
        document_request(kind=DocumentKind.COMMENDATION, subject=campaign, campaign=campaign)
    )
    path = pdf_path(content)
    lines = _poppler("pdftotext", path, "-").splitlines()
    text = _flowing_text(path)

    assert number == "院党〔2026〕49号"
    assert lines[:2] == [f"{ISSUING_BODY}文件", "院党〔2026〕49号"]
    assert "关于表扬2026年度清廉科室的通报各党支部、各科室：" in text
    assert (
        "根据2026年度清廉科室创建考评工作安排，经科室申报、党办评审、清廉科室创建考评工作领导小组审定、"
        "院内公示，院党委会2026年第12次会议研究确认，决定对心内科等2个科室（团队）予以通报表扬，"
        "并授予“清廉科室”称号。" in text
    )
    assert "一、表扬名单" in lines
    assert [line for line in lines[lines.index("1") :] if line][:3] == ["1", "心内科", "内科党支部"]
    assert f"{ISSUING_BODY}2026年9月30日（此件院内公开）" in text
    _assert_sound_pdf(path, pages=2)


def test_certificates_zip_holds_one_certificate_per_held_title(party_office, pdf_path, media_root):
    campaign, titles = campaign_with_titles(party_office, _units(), year=2026)
    Title.objects.filter(pk=titles[1].pk).update(status=TitleStatus.REVOKED)

    content, number = builders.document_content(
        document_request(kind=DocumentKind.CERTIFICATES, subject=campaign, campaign=campaign)
    )
    archive = zipfile.ZipFile(io.BytesIO(content))

    assert number == ""
    assert archive.namelist() == ["清廉〔2026〕1号-心内科.pdf"]
    path = pdf_path(archive.read("清廉〔2026〕1号-心内科.pdf"))
    assert _poppler("pdftotext", path, "-").split("\f")[0] == (
        "荣誉证书\n心内科：\n在2026年度清廉科室创建考评工作中成绩突出，被评为\n\n清廉科室\n"
        f"特发此证，以资鼓励。\n\n{ISSUING_BODY}\n二〇二六年九月三十日\n"
        "证书编号：清廉〔2026〕1号\n\n"
    )
    assert "841.89 x 595.276 pts (A4)" in _poppler("pdfinfo", path)
    _assert_sound_pdf(path, pages=1)


def test_application_form_prints_the_form_and_the_branch_opinion(
    party_office, branch_secretary_a, department_a, pdf_path, media_root
):
    campaign = open_campaign(party_office, uses_branch_opinion=True, title="2026年度清廉科室评选")
    application = submitted_application(campaign, department_a)
    # The form prints what was submitted (the version's snapshot), never later edits.
    ApplicationVersion.objects.filter(application=application).update(
        materials_list="廉洁承诺书\n科室制度汇编", statement="第一段。\n第二段，廉洁行医。"
    )
    Application.objects.filter(pk=application.pk).update(statement="提交后才写的草稿。")
    branch_opinion.branch_opinion_record(
        application=application, by=branch_secretary_a, agrees=True, opinion="材料属实，同意推荐。"
    )
    document = OfficialDocument.objects.get(kind=DocumentKind.APPLICATION_FORM)

    content, _number = builders.document_content(document)
    path = pdf_path(content)
    lines = [line for line in _poppler("pdftotext", path, "-").splitlines() if line]
    today = timezone.localdate()
    today_cn = f"{today.year}年{today.month}月{today.day}日"

    assert document.revision == 2  # asked for on submit, and again with the opinion
    assert lines[:2] == [
        f"{settings.HOSPITAL_NAME}创建“清廉科室”申报表",
        "2026年度清廉科室评选（第1版）",
    ]
    assert lines[2:14] == [
        "申报单元", "心内科", "申报日期", today_cn,
        "科室人数", "10", "党员人数", "3",
        "党员占比", "30.0%", "所属党支部", "内科党支部",
    ]  # fmt: skip
    assert lines[14:] == [
        "科室资料目录",
        "1. 廉洁承诺书（佐证材料：未附）",
        "2. 科室制度汇编（佐证材料：未附）",
        f"科室负责人确认：{department_a.name}主任 {today_cn}",
        "申报材料",
        "第一段。",
        "第二段，廉洁行医。",
        "党支部意见",
        "同意推荐。",
        "材料属实，同意推荐。",
        f"党支部书记：书记甲 {today_cn}",
        # Seed 001's two rows, blank with their signing lines until the records fill them.
        "工作小组审核意见",
        "小组成员签名：＿＿＿＿＿＿＿＿",
        "年", "月", "—1—", "日",
        "医院党委意见",
        "（盖章）",
        "—2—", "年", "月", "日",
    ]  # fmt: skip
    _assert_sound_pdf(path, pages=2)


def test_a_kind_without_a_renderer_is_refused(party_office, monkeypatch):
    campaign = open_campaign(party_office)
    document = document_request(kind=DocumentKind.COMMENDATION, subject=campaign)
    monkeypatch.delitem(builders.RENDERERS, DocumentKind.COMMENDATION)

    with pytest.raises(builders.DocumentNotBuildableError, match="have no renderer"):
        builders.document_content(document)


def test_safe_file_name_replaces_what_a_file_system_misreads():
    assert (
        builders.safe_file_name('清廉〔2026〕1号-骨科/关节 "外科"')
        == "清廉〔2026〕1号-骨科_关节_外科"
    )
    assert builders.safe_file_name("../..") == "_"


# --- requested, rendered after commit, stored --------------------------------------------


def test_application_submit_requests_the_form_rendered_after_commit(
    party_office, department_a, media_root, django_capture_on_commit_callbacks
):
    campaign = open_campaign(party_office)
    with django_capture_on_commit_callbacks(execute=True):
        application = submitted_application(campaign, department_a)

    document = OfficialDocument.objects.get()
    assert document.key == f"application_form:{application.pk}"
    assert (document.kind, document.application, document.campaign) == (
        DocumentKind.APPLICATION_FORM,
        application,
        campaign,
    )
    assert (document.state, document.revision, document.rendered_revision) == (
        DocumentState.READY,
        1,
        1,
    )
    assert document.file.name.startswith("documents/application_form/")
    assert document.file.read().startswith(b"%PDF-")
    assert document.size == document.file.size


def test_nothing_is_rendered_before_commit(party_office, department_a, media_root):
    campaign = open_campaign(party_office)
    submitted_application(campaign, department_a)

    document = OfficialDocument.objects.get()
    assert (document.state, document.file.name) == (DocumentState.PENDING, "")


def test_request_again_while_rendering_stores_only_the_latest_revision(
    party_office, department_a, media_root, monkeypatch
):
    campaign = open_campaign(party_office)
    application = submitted_application(campaign, department_a)
    document = OfficialDocument.objects.get()
    real_content = rendering.document_content

    def asked_again_meanwhile(row):
        content = real_content(row)
        with transaction.atomic():
            document_request(kind=DocumentKind.APPLICATION_FORM, subject=application)
        return content

    monkeypatch.setattr(rendering, "document_content", asked_again_meanwhile)
    assert document_render(pk=document.pk, revision=1) is None
    document.refresh_from_db()
    assert (document.state, document.revision, document.file.name) == (
        DocumentState.PENDING,
        2,
        "",
    )

    monkeypatch.setattr(rendering, "document_content", real_content)
    stored = document_render(pk=document.pk, revision=2)

    assert (stored.state, stored.rendered_revision, stored.revision) == (DocumentState.READY, 2, 2)
    # The superseded file is kept on disk; the row points at the newest.
    files = sorted(p.name for p in (media_root / "documents" / "application_form").iterdir())
    assert len(files) == 2
    assert stored.file.name.rsplit("/", 1)[1] in files


def test_render_of_a_superseded_revision_does_nothing(party_office, department_a, media_root):
    campaign = open_campaign(party_office)
    application = submitted_application(campaign, department_a)
    document_request(kind=DocumentKind.APPLICATION_FORM, subject=application)
    document = OfficialDocument.objects.get()

    assert document_render(pk=document.pk, revision=1) is None
    assert document_render(pk=document.pk + 1, revision=1) is None
    document.refresh_from_db()
    assert (document.state, document.revision, document.file.name) == (
        DocumentState.PENDING,
        2,
        "",
    )


def test_a_redelivered_task_does_not_render_a_stored_revision_again(party_office, media_root):
    campaign, _titles = campaign_with_titles(party_office, _units()[:1])
    document = OfficialDocument.objects.create(
        key=f"commendation:{campaign.pk}",
        kind=DocumentKind.COMMENDATION,
        campaign=campaign,
        requested_at=timezone.now(),
        state=DocumentState.READY,
        rendered_revision=1,
        file="documents/commendation/earlier.pdf",
    )

    assert document_render(pk=document.pk, revision=1) is None
    document.refresh_from_db()
    assert document.file.name == "documents/commendation/earlier.pdf"


def test_a_failed_render_is_marked_and_the_sweep_renders_it_later(party_office, media_root):
    campaign, _titles = campaign_with_titles(party_office, _units()[:1])
    Campaign.objects.filter(pk=campaign.pk).update(confirmed_on=None)
    document = document_request(kind=DocumentKind.COMMENDATION, subject=campaign)

    assert document_render(pk=document.pk, revision=1) is None
    document.refresh_from_db()
    assert document.state == DocumentState.FAILED
    assert document.error == (
        f"DocumentNotBuildableError: campaign {campaign.pk} is not confirmed yet"
    )

    Campaign.objects.filter(pk=campaign.pk).update(confirmed_on=datetime.date(2026, 9, 30))
    assert render_pending_documents() == 1
    document.refresh_from_db()
    assert (document.state, document.error, document.rendered_revision) == (
        DocumentState.READY,
        "",
        1,
    )
    assert document.document_number == "院党〔2026〕49号"


def test_the_sweep_leaves_a_fresh_request_to_its_task(party_office, department_a, media_root):
    campaign = open_campaign(party_office)
    submitted_application(campaign, department_a)
    document = OfficialDocument.objects.get()
    requested_at = document.requested_at

    assert render_pending_documents(now=requested_at + datetime.timedelta(seconds=30)) == 0
    document.refresh_from_db()
    assert document.state == DocumentState.PENDING

    assert render_pending_documents(now=requested_at + datetime.timedelta(minutes=2)) == 1
    document.refresh_from_db()
    assert document.state == DocumentState.READY


def test_the_render_task_runs_the_service(party_office, department_a, media_root):
    from documents.tasks import render_document
    from documents.tasks import render_pending_documents as sweep_task

    campaign = open_campaign(party_office)
    head_of(department_a)
    submitted_application(campaign, department_a)
    document = OfficialDocument.objects.get()

    render_document.delay(document.pk, 2)  # a revision nobody asked for: nothing happens
    sweep_task.delay()  # not due yet
    document.refresh_from_db()
    assert document.state == DocumentState.PENDING
    render_document.delay(document.pk, 1)
    document.refresh_from_db()
    assert document.state == DocumentState.READY


def test_the_sweep_is_in_the_beat_schedule():
    assert settings.CELERY_BEAT_SCHEDULE["publicity-render-pending-documents"] == {
        "task": "publicity.tasks.render_pending_documents",
        "schedule": datetime.timedelta(minutes=1),
    }
