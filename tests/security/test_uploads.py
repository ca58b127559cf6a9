"""Hostile files at every upload point of the product (issue 7, security probes).

The upload points that keep a file: application evidence (申报佐证材料), objection
attachments (异议附件), veto-event evidence (否决事项证据) and rectification reports
(整改报告), all judged by ``core.uploads.identify_upload``; and the roster import
(名册导入), read by ``core.spreadsheets.read_table``. Each probe sends the file
through the service the views call and checks the refusal's Chinese words, that
no row was written and that nothing is left under MEDIA_ROOT. The upload views'
cut-off of an oversized body is probed in ``test_oversized_body_*`` below.
"""

import struct
import zlib
from dataclasses import dataclass
from functools import cache

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from appraisal.models import Evidence
from core.errors import DomainError
from departments.models import RosterImport
from publicity.models import Objection, ObjectionAttachment
from tests.factories import pdf_upload
from veto.models import RectificationReport, VetoEvent, VetoEvidence

pytestmark = pytest.mark.django_db

WINDOWS_EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 240
LINUX_ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 248
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 100
PDF = b"%PDF-1.7\n" + b"0" * 100
NOT_ALLOWED = "的内容不是允许的文件类型"
BY_CONTENT = "（按文件内容判断，改扩展名无效）"


def _local_header(name, crc, compressed, size):
    return (
        struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, compressed, size, len(name), 0)
        + name
    )


def _central_entry(name, crc, compressed, size, offset):
    return (
        struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50, 20, 20, 0, 8, 0, 0, crc, compressed, size, len(name), 0, 0, 0, 0, 0, offset,
        )
        + name
    )  # fmt: skip


def _stored_zip(members):
    """A zip of ``members`` [(name, crc, size, deflated bytes)], written by hand so a
    member's deflate stream can be built without ever holding its expanded bytes."""
    body, directory = b"", b""
    for name, crc, size, data in members:
        name = name.encode()
        directory += _central_entry(name, crc, len(data), size, len(body))
        body += _local_header(name, crc, len(data), size) + data
    end = struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(directory), len(body), 0
    )
    return body + directory + end


@cache
def zip_bomb_docx():
    """A Word document whose body expands to 2 GiB of zeros, about 2 MB on the wire.

    One MiB of zeros deflated and flushed is a self-contained run of deflate blocks;
    the member is that run 2048 times and an empty final block, a valid stream that
    ``zipfile`` would expand to 2 GiB."""
    chunk = bytes(1 << 20)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    repeats = 2048
    crc = 0
    for _ in range(repeats):
        crc = zlib.crc32(chunk, crc)
    body = block * repeats + b"\x03\x00"  # an empty final fixed-Huffman block
    types = b'<?xml version="1.0"?><Types/>'
    small = zlib.compressobj(9, zlib.DEFLATED, -15)
    types_data = small.compress(types) + small.flush()
    return _stored_zip(
        [
            ("[Content_Types].xml", zlib.crc32(types), len(types), types_data),
            ("word/document.xml", crc, repeats * len(chunk), body),
        ]
    )


def test_zip_bomb_is_what_it_claims():
    """The probe itself: a valid zip, a few MB, declaring 2 GiB, whose stream inflates."""
    import io
    import zipfile

    data = zip_bomb_docx()
    assert len(data) < 3 * 1024 * 1024
    archive = zipfile.ZipFile(io.BytesIO(data))
    member = archive.getinfo("word/document.xml")
    assert member.file_size == 2 * 1024 * 1024 * 1024
    with archive.open(member) as stream:
        assert stream.read(4 * 1024 * 1024) == bytes(4 * 1024 * 1024)


@dataclass
class UploadPoint:
    """One place a person uploads a file: ``send(upload)`` calls its service;
    ``rows()`` counts what it would have written; ``limit`` is the module constant
    holding its largest file; ``kinds`` the labels its refusal names."""

    send: object
    rows: object
    limit: tuple
    kinds: str


def _evidence(request):
    from appraisal.services.applications import application_start
    from appraisal.services.evidence import evidence_add
    from tests.factories import open_campaign

    applicant = request.getfixturevalue("applicant_a")
    campaign = open_campaign(request.getfixturevalue("party_office"))
    application = application_start(
        campaign=campaign, unit=request.getfixturevalue("department_a"), by=applicant
    )
    return UploadPoint(
        send=lambda upload: evidence_add(application=application, by=applicant, upload=upload),
        rows=lambda: Evidence.objects.count(),
        limit=("appraisal.services.evidence", "MAX_EVIDENCE_BYTES"),
        kinds="PDF、JPG、PNG、Word（.docx）、Excel（.xlsx）",
    )


def _objection_attachment(request):
    from publicity.services.objections import objection_submit
    from tests.factories import listed_publicity

    publicity, (listed,) = listed_publicity(
        request.getfixturevalue("party_office"), [request.getfixturevalue("department_a")]
    )
    staff = request.getfixturevalue("staff")
    return UploadPoint(
        send=lambda upload: objection_submit(
            publicity=publicity, application=listed, by=staff, content="异议内容", uploads=[upload]
        ),
        rows=lambda: Objection.objects.count() + ObjectionAttachment.objects.count(),
        limit=("publicity.services.objections", "MAX_ATTACHMENT_BYTES"),
        kinds="PDF、JPG、PNG、Word（.docx）",
    )


def _veto_evidence(request):
    from tests.factories import reported_veto_event

    department = request.getfixturevalue("department_a")
    reporter = request.getfixturevalue("discipline_office")
    return UploadPoint(
        send=lambda upload: reported_veto_event(department, reporter, uploads=[upload]),
        rows=lambda: VetoEvent.objects.count() + VetoEvidence.objects.count(),
        limit=("veto.services.events", "MAX_EVIDENCE_BYTES"),
        kinds="PDF、JPG、PNG、Word（.docx）、Excel（.xlsx）",
    )


def _rectification_report(request):
    from tests.factories import rectification_of
    from veto.services.rectifications import rectification_report_add

    applicant = request.getfixturevalue("applicant_a")
    rectification = rectification_of(request.getfixturevalue("department_a"))
    return UploadPoint(
        send=lambda upload: rectification_report_add(
            rectification=rectification, by=applicant, upload=upload
        ),
        rows=lambda: RectificationReport.objects.count(),
        limit=("veto.services.rectifications", "MAX_REPORT_BYTES"),
        kinds="PDF、JPG、PNG、Word（.docx）、Excel（.xlsx）",
    )


POINTS = {
    "evidence": _evidence,
    "objection_attachment": _objection_attachment,
    "veto_evidence": _veto_evidence,
    "rectification_report": _rectification_report,
}


@pytest.fixture(params=sorted(POINTS))
def point(request, media_root):
    return POINTS[request.param](request)


def _files_under(root):
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def _refused(point, media_root, upload):
    before = point.rows()
    with pytest.raises(DomainError) as refusal:
        point.send(upload)
    assert point.rows() == before
    assert _files_under(media_root) == []
    return refusal.value.message


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("制度汇编.pdf", WINDOWS_EXE),
        ("会议纪要.docx", LINUX_ELF),
        ("照片.jpg", WINDOWS_EXE),
        ("说明.pdf", "这是一段文字，不是PDF".encode()),
    ],
)
def test_upload_renamed_executable_or_text_is_refused_naming_what_is_allowed(
    point, media_root, name, content
):
    message = _refused(point, media_root, SimpleUploadedFile(name, content))
    assert message == f"「{name}」{NOT_ALLOWED}。只能上传 {point.kinds} 文件{BY_CONTENT}。"


def test_upload_zip_that_is_not_an_office_file_is_refused(point, media_root):
    types = b"<Types/>"
    plain_zip = _stored_zip(
        [("readme.txt", zlib.crc32(types), len(types), zlib.compress(types)[2:-4])]
    )
    message = _refused(point, media_root, SimpleUploadedFile("申报表.docx", plain_zip))
    assert message.startswith(f"「申报表.docx」{NOT_ALLOWED}")


def test_upload_zip_bomb_named_docx_is_refused_without_expanding(point, media_root):
    message = _refused(point, media_root, SimpleUploadedFile("工作总结.docx", zip_bomb_docx()))
    assert message == "「工作总结.docx」解压后过大，可能是恶意构造的文件，已拒绝。"


def test_upload_one_byte_over_the_limit_is_refused(point, media_root, monkeypatch):
    module, constant = point.limit
    monkeypatch.setattr(f"{module}.{constant}", 1024 * 1024)
    message = _refused(point, media_root, pdf_upload("年度报告.pdf", size=1024 * 1024 + 1))
    assert message == "「年度报告.pdf」大小为 1.0 MB，超过单个文件 1 MB 的上限。"


def test_upload_png_named_docx_is_kept_as_the_png_it_is(point, media_root):
    """Content wins over the name: an allowed type is stored as what it really is."""
    point.send(SimpleUploadedFile("科室照片.docx", PNG))
    assert len(_files_under(media_root)) == 1
    assert _stored_kinds() == ["png"]


def test_upload_pdf_named_jpg_is_kept_as_the_pdf_it_is(point, media_root):
    point.send(SimpleUploadedFile("扫描件.jpg", PDF))
    assert _stored_kinds() == ["pdf"]


def _stored_kinds():
    kinds = []
    for model in (Evidence, ObjectionAttachment, VetoEvidence, RectificationReport):
        kinds += model.objects.values_list("kind", flat=True)
    return kinds


# --- the upload views cut an oversized body off before it is kept ---------------------------


def _evidence_view(request):
    from appraisal.models import Application

    _evidence(request)
    return (
        reverse("appraisal:evidence_add", args=[Application.objects.get().pk]),
        "applicant_a",
        {},
        "appraisal.services.evidence.MAX_EVIDENCE_BYTES",
        "appraisal.services.evidence.evidence_add",
        "文件过大，未上传：每个佐证材料文件不超过 0 MB。请压缩或拆分后重新上传。",
    )


def _report_view(request):
    from veto.models import Rectification

    _rectification_report(request)
    return (
        reverse("veto:rectification_report", args=[Rectification.objects.get().pk]),
        "applicant_a",
        {},
        "veto.services.rectifications.MAX_REPORT_BYTES",
        "veto.services.rectifications.rectification_report_add",
        "文件过大，未上传：整改报告不超过 0 MB。请压缩或拆分后重新上传。",
    )


@pytest.mark.parametrize("view", [_evidence_view, _report_view], ids=["evidence", "report"])
@pytest.mark.parametrize("body_size", [4096, 200 * 1024], ids=["file_over", "body_over"])
def test_oversized_body_never_reaches_the_service(
    request, persona_client, media_root, monkeypatch, view, body_size
):
    """Application evidence and rectification reports (the objection, veto-report and
    roster forms have their own tests: tests/publicity/test_objection_views.py,
    tests/veto/test_views.py, tests/departments/test_roster_views.py)."""
    url, persona, data, limit, service, message = view(request)
    monkeypatch.setattr(limit, 1024)

    def never(**kwargs):
        raise AssertionError("the oversized file reached the service")

    monkeypatch.setattr(service, never)
    client = persona_client(persona)
    response = client.post(url, {**data, "file": pdf_upload("大文件.pdf", size=body_size)})
    assert response.status_code == 302
    shown = [str(m) for m in response.wsgi_request._messages]
    assert shown == [message]
    assert _files_under(media_root) == []


def test_oversized_evidence_view_still_checks_csrf(request, media_root):
    from django.test import Client

    _evidence(request)
    from appraisal.models import Application

    client = Client(enforce_csrf_checks=True)
    client.force_login(request.getfixturevalue("applicant_a"))
    url = reverse("appraisal:evidence_add", args=[Application.objects.get().pk])
    response = client.post(url, {"file": pdf_upload()})
    assert response.status_code == 403
    assert Evidence.objects.count() == 0


def test_oversized_evidence_of_another_department_is_hidden(request, persona_client, media_root):
    _evidence(request)
    from appraisal.models import Application

    client = persona_client("applicant_b")
    url = reverse("appraisal:evidence_add", args=[Application.objects.get().pk])
    response = client.post(url, {"file": pdf_upload(size=30 * 1024 * 1024)})
    assert response.status_code == 404


# --- the roster import: read by core.spreadsheets, a refused file is kept as a record -------


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("人员名册.xlsx", WINDOWS_EXE, "文件不是有效的 .xlsx 表格"),
        ("人员名册.csv", LINUX_ELF, "文件不是文本格式的 .csv 表格"),
        ("人员名册.xlsx", PNG, "文件不是有效的 .xlsx 表格"),
    ],
)
def test_roster_import_of_a_disguised_file_is_refused_and_imports_nothing(
    persona_client, media_root, department_a, name, content, message
):
    from departments.models import Person

    client = persona_client("party_office")
    people = Person.objects.count()
    response = client.post(
        reverse("departments:import"),
        {"roster": "people", "file": SimpleUploadedFile(name, content)},
        follow=True,
    )
    roster_import = RosterImport.objects.get()
    assert roster_import.state == RosterImport.State.REFUSED
    assert message in response.content.decode()
    assert Person.objects.count() == people
