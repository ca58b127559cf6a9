"""Private files: ``core.files.check_upload``, ``core.models.StoredFile.create_from``
/ ``create_all`` and ``core.files.stored_file_response``, on veto's evidence (a
``StoredFile``)."""

import hashlib
import io
import re
import zipfile
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.errors import DomainError
from core.files import (
    ATTACHMENT_POLICY,
    INLINE_POLICY,
    check_upload,
    download_name,
    private_file_response,
    stored_file_response,
)
from core.uploads import DOCX, JPEG, PDF, PNG
from tests.factories import UserFactory, pdf_upload, reported_veto_event
from veto.models import VetoEvidence

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _docx(name="整改报告.docx"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return SimpleUploadedFile(name, buffer.getvalue())


# --- check_upload -------------------------------------------------------------------------


def test_check_upload_knows_the_kind_by_content_and_hashes_it_once():
    upload = SimpleUploadedFile("现场照片.docx", PNG_BYTES)
    checked = check_upload(upload, max_bytes=1024)
    assert checked.kind == PNG
    assert checked.sha256 == hashlib.sha256(PNG_BYTES).hexdigest()
    assert (checked.original_name, checked.size) == ("现场照片.docx", len(PNG_BYTES))
    assert upload.read() == PNG_BYTES  # left rewound for storage


def test_check_upload_recognises_an_office_file():
    assert check_upload(_docx(), max_bytes=1024 * 1024).kind == DOCX


def test_check_upload_refuses_what_is_not_allowed_naming_what_is():
    with pytest.raises(DomainError) as refusal:
        check_upload(SimpleUploadedFile("说明.pdf", b"just text"), max_bytes=1024)
    assert "「说明.pdf」的内容不是允许的文件类型" in refusal.value.message
    assert "PDF" in refusal.value.message
    assert "改扩展名无效" in refusal.value.message
    with pytest.raises(DomainError) as refusal:
        check_upload(SimpleUploadedFile("p.png", PNG_BYTES), kinds=(PDF,), max_bytes=1024)
    assert "只能上传 PDF 文件" in refusal.value.message


def test_check_upload_refuses_an_empty_or_oversized_file():
    with pytest.raises(DomainError, match=r"「空\.pdf」是空文件。"):
        check_upload(SimpleUploadedFile("空.pdf", b""), max_bytes=1024)
    with pytest.raises(DomainError, match="超过单个文件 1 MB 的上限"):
        check_upload(pdf_upload(size=1024 * 1024 + 1), max_bytes=1024 * 1024)


def test_the_name_kept_is_at_most_200_characters():
    checked = check_upload(SimpleUploadedFile("长" * 250 + ".png", PNG_BYTES), max_bytes=1024)
    assert checked.original_name == "长" * 196 + ".png"


# --- download_name ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("original", "kind", "expected"),
    [
        ("现场照片.png", PNG, "现场照片.png"),
        ("现场照片.docx", PNG, "现场照片.png"),
        ("扫描件", PDF, "扫描件.pdf"),
        ("photo.JPEG", JPEG, "photo.JPEG"),
        ("photo.jpg.exe", JPEG, "photo.jpg.jpg"),
        (".pdf", PNG, "file.png"),
        ("报告\r\n.pdf", PDF, "报告.pdf"),
        ("", PDF, "file.pdf"),
    ],
)
def test_download_name_carries_the_extension_of_the_content(original, kind, expected):
    assert download_name(original, kind) == expected


# --- StoredFile ---------------------------------------------------------------------------


@pytest.fixture
def event(department_a, discipline_office, media_root):
    return reported_veto_event(department_a, discipline_office)


def test_create_from_writes_under_a_random_name_with_the_checked_extension(event, media_root):
    by = UserFactory()
    checked = check_upload(SimpleUploadedFile("../../证据.docx", PNG_BYTES), max_bytes=1024)
    evidence = VetoEvidence.create_from(checked, event=event, uploaded_by=by)
    evidence.refresh_from_db()
    directory, name = evidence.file.name.rsplit("/", 1)
    assert directory == f"veto/{event.pk}"
    assert re.fullmatch(r"[0-9a-f]{32}\.png", name)
    assert (evidence.original_name, evidence.kind) == ("证据.docx", "png")
    assert (evidence.size, evidence.sha256) == (len(PNG_BYTES), checked.sha256)
    assert evidence.uploaded_by == by
    assert evidence.uploaded_at is not None
    assert (media_root / evidence.file.name).read_bytes() == PNG_BYTES


def test_create_all_leaves_no_file_behind_when_a_row_fails(event, media_root, monkeypatch):
    by = UserFactory()
    checked = [check_upload(pdf_upload(f"{n}.pdf"), max_bytes=1024) for n in range(3)]
    saved = []
    original_save = VetoEvidence.save

    def failing_save(self, *args, **kwargs):
        if len(saved) == 2:
            raise RuntimeError("the database went away")
        saved.append(self)
        return original_save(self, *args, **kwargs)

    monkeypatch.setattr(VetoEvidence, "save", failing_save)
    with pytest.raises(RuntimeError):
        VetoEvidence.create_all(checked, event=event, uploaded_by=by)
    assert not [path for path in (media_root / "veto").rglob("*") if path.is_file()]


# --- responses ----------------------------------------------------------------------------


def _body(response):
    return b"".join(response.streaming_content)


def test_stored_file_response_serves_the_checked_kind_under_a_matching_name(event):
    checked = check_upload(SimpleUploadedFile("现场照片.docx", PNG_BYTES), max_bytes=1024)
    evidence = VetoEvidence.create_from(checked, event=event, uploaded_by=UserFactory())
    response = stored_file_response(evidence)
    assert response["Content-Type"] == "image/png"
    assert (
        response["Content-Disposition"] == f"attachment; filename*=utf-8''{quote('现场照片.png')}"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Security-Policy"] == ATTACHMENT_POLICY
    assert _body(response) == PNG_BYTES


def test_stored_file_response_inline_only_for_pdf_and_images(event):
    by = UserFactory()
    pdf = VetoEvidence.create_from(
        check_upload(pdf_upload(), max_bytes=1024), event=event, uploaded_by=by
    )
    shown = stored_file_response(pdf, inline=True)
    assert shown["Content-Disposition"].startswith("inline")
    assert shown["Content-Security-Policy"] == INLINE_POLICY
    docx = VetoEvidence.create_from(
        check_upload(_docx(), max_bytes=1024 * 1024), event=event, uploaded_by=by
    )
    kept = stored_file_response(docx, inline=True)
    assert kept["Content-Disposition"].startswith("attachment")
    assert kept["Content-Type"] == DOCX.content_type
    assert kept["Content-Security-Policy"] == ATTACHMENT_POLICY


def test_a_kind_this_application_does_not_know_is_never_guessed(event):
    evidence = VetoEvidence.create_from(
        check_upload(pdf_upload("旧.pdf"), max_bytes=1024), event=event, uploaded_by=UserFactory()
    )
    evidence.kind = "exe"
    response = stored_file_response(evidence)
    assert response["Content-Type"] == "application/octet-stream"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_private_file_response_quotes_an_ascii_name():
    response = private_file_response(
        io.BytesIO(b"%PDF-1.4"), filename='report "final".pdf', content_type="application/pdf"
    )
    assert response["Content-Disposition"] == 'attachment; filename="report \\"final\\".pdf"'
    assert response["Cache-Control"] == "private, no-store"


def test_veto_evidence_download_uses_the_shared_response(event, discipline_office, client):
    evidence = VetoEvidence.create_from(
        check_upload(SimpleUploadedFile("现场照片.docx", PNG_BYTES), max_bytes=1024),
        event=event,
        uploaded_by=discipline_office,
    )
    client.force_login(discipline_office)
    response = client.get(f"/veto/events/{event.pk}/evidence/{evidence.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert (
        response["Content-Disposition"] == f"attachment; filename*=utf-8''{quote('现场照片.png')}"
    )
    assert response["Content-Security-Policy"] == ATTACHMENT_POLICY
