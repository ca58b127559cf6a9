"""What an uploaded file really is, judged by its content, never by its name.

``identify_upload`` reads the first bytes (and, for Office files, the zip
directory) and answers one of the kinds below, or refuses with a message in
Chinese that says what is allowed. Office files are zip archives: their
directory is checked for the part that makes them a Word or Excel document,
and an archive that would expand beyond ``MAX_EXPANDED_BYTES`` (a zip bomb)
is refused without being expanded.
"""

import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import DomainError
from core.i18n import join_items

MAX_EXPANDED_BYTES = 200 * 1024 * 1024
MAX_ZIP_ENTRIES = 5000


@dataclass(frozen=True)
class FileKind:
    code: str
    label: str
    extension: str
    content_type: str


PDF = FileKind("pdf", "PDF", "pdf", "application/pdf")
JPEG = FileKind("jpg", "JPG", "jpg", "image/jpeg")
PNG = FileKind("png", "PNG", "png", "image/png")
DOCX = FileKind(
    "docx",
    gettext_lazy("Word（.docx）"),
    "docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
)
XLSX = FileKind(
    "xlsx",
    gettext_lazy("Excel（.xlsx）"),
    "xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)

EVIDENCE_KINDS = (PDF, JPEG, PNG, DOCX, XLSX)
# A stored file's ``kind`` column holds the code; this finds the kind again.
KINDS_BY_CODE = {kind.code: kind for kind in EVIDENCE_KINDS}

_SIGNATURES = ((b"%PDF-", PDF), (b"\xff\xd8\xff", JPEG), (b"\x89PNG\r\n\x1a\n", PNG))
_OFFICE_PARTS = (("word/document.xml", DOCX), ("xl/workbook.xml", XLSX))


def allowed_labels(kinds):
    return join_items(kind.label for kind in kinds)


def _office_kind(upload):
    upload.seek(0)
    try:
        archive = zipfile.ZipFile(upload)
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if len(entries) > MAX_ZIP_ENTRIES or sum(e.file_size for e in entries) > MAX_EXPANDED_BYTES:
        raise DomainError(
            _("「%(name)s」解压后过大，可能是恶意构造的文件，已拒绝。") % {"name": upload.name}
        )
    names = {entry.filename for entry in entries}
    if "[Content_Types].xml" not in names:
        return None
    return next((kind for part, kind in _OFFICE_PARTS if part in names), None)


def identify_upload(upload, *, kinds=EVIDENCE_KINDS, max_bytes):
    """The ``FileKind`` of ``upload`` (a Django UploadedFile), or a refusal in Chinese.

    Checks, in order: not empty, not larger than ``max_bytes``, content is one
    of ``kinds``. Reads at most the zip directory, never the whole file.
    """
    name = upload.name
    if upload.size == 0:
        raise DomainError(_("「%(name)s」是空文件。") % {"name": name})
    if upload.size > max_bytes:
        raise DomainError(
            _("「%(name)s」大小为 %(size).1f MB，超过单个文件 %(limit)s MB 的上限。")
            % {"name": name, "size": upload.size / 1024 / 1024, "limit": max_bytes // 1024 // 1024}
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    kind = next((k for signature, k in _SIGNATURES if head.startswith(signature)), None)
    if kind is None and head.startswith(b"PK\x03\x04"):
        kind = _office_kind(upload)
        upload.seek(0)
    if kind is None or kind not in kinds:
        raise DomainError(
            _(
                "「%(name)s」的内容不是允许的文件类型。只能上传 %(kinds)s 文件"
                "（按文件内容判断，改扩展名无效）。"
            )
            % {"name": name, "kinds": allowed_labels(kinds)}
        )
    return kind
