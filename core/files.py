"""Private files: check an upload, keep it, serve it back.

Every file a person uploads goes the same way:

1. ``check_upload(upload, max_bytes=...)`` judges its kind by content (see
   ``core.uploads.identify_upload``), refuses it in Chinese naming what is
   allowed, and hashes it (SHA-256) in one pass;
2. ``Model.create_from(checked, **fields)`` (``core.models.StoredFile``) writes
   it under a random name with the checked extension, after every other check;
3. ``stored_file_response(record)`` serves it through a view that has checked
   who may see it: the checked content type, a download name whose extension
   matches the content, never sniffed, never cached.

No URL serves MEDIA_ROOT directly.
"""

import hashlib
import unicodedata
from dataclasses import dataclass

from django.http import FileResponse

from core.uploads import EVIDENCE_KINDS, KINDS_BY_CODE, FileKind, identify_upload

# A downloaded file is shown by nothing and framed by nobody.
ATTACHMENT_POLICY = "default-src 'none'; frame-ancestors 'none'"
# A PDF or an image shown inline, in a frame of the application's own pages.
INLINE_POLICY = "default-src 'none'; img-src 'self'; object-src 'self'; frame-ancestors 'self'"
INLINE_KINDS = ("pdf", "jpg", "png")
_EQUIVALENT_EXTENSIONS = {"jpg": ("jpg", "jpeg")}


@dataclass(frozen=True)
class CheckedUpload:
    """An upload whose kind, size and SHA-256 are known; nothing is stored yet."""

    upload: object
    kind: FileKind
    sha256: str

    @property
    def original_name(self):
        return self.upload.name[-200:]

    @property
    def size(self):
        return self.upload.size


def check_upload(upload, *, kinds=EVIDENCE_KINDS, max_bytes):
    """Check ``upload`` (a Django UploadedFile) and hash it; store nothing.

    Refuses (``DomainError``, in Chinese, naming the file and what is allowed)
    an empty file, one larger than ``max_bytes``, or one whose content is not
    one of ``kinds`` (whatever its name says). Reads the file once, in chunks,
    for the SHA-256, and leaves it rewound.

    Usage::

        checked = check_upload(upload, max_bytes=MAX_REPORT_BYTES)
        report = RectificationReport.create_from(checked, rectification=r, uploaded_by=by)
    """
    kind = identify_upload(upload, kinds=kinds, max_bytes=max_bytes)
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedUpload(upload=upload, kind=kind, sha256=digest.hexdigest())


def download_name(original_name, kind):
    """``original_name`` with the extension of what the file really is.

    A PNG uploaded as ``照片.docx`` is downloaded as ``照片.png``; ``扫描件``
    (no extension) as ``扫描件.pdf``. Control characters are dropped, so the
    name is always a valid header value.
    """
    name = "".join(c for c in original_name if unicodedata.category(c)[0] != "C").strip()
    stem, dot, extension = name.rpartition(".")
    if dot and extension.lower() in _EQUIVALENT_EXTENSIONS.get(kind.extension, (kind.extension,)):
        return name
    stem = stem if dot else name
    return f"{stem or 'file'}.{kind.extension}"


def private_file_response(file, *, filename, content_type, inline=False):
    """Serve an open binary ``file`` as ``filename`` with the private-file headers.

    ``Content-Disposition: attachment`` (or ``inline``), with ``filename*``
    (RFC 6266 / 5987) for a Chinese name; ``X-Content-Type-Options: nosniff``;
    ``Cache-Control: private, no-store``; a Content-Security-Policy that lets the
    file run nothing (``INLINE_POLICY`` when shown inline: the view showing it in
    a frame also needs ``@xframe_options_sameorigin``).

    For files that are not a ``StoredFile`` (a generated document); a stored
    upload uses ``stored_file_response``.
    """
    response = FileResponse(
        file, as_attachment=not inline, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = INLINE_POLICY if inline else ATTACHMENT_POLICY
    response["Cache-Control"] = "private, no-store"
    return response


def stored_file_response(record, *, inline=False):
    """The response serving ``record`` (a ``core.models.StoredFile``) to a person
    the view has already allowed to see it.

    Content type from the kind checked at upload; download name from
    ``download_name``. ``inline=True`` shows a PDF or an image in the page
    (other kinds are still downloaded).

    Usage::

        @login_required
        def report_file(request, pk, report_pk):
            report = get_object_or_404(...)  # after checking the person may see it
            return stored_file_response(report)
    """
    kind = KINDS_BY_CODE.get(record.kind)
    if kind is None:  # not a kind this application checks: never let the browser guess
        return private_file_response(
            record.file.open("rb"),
            filename=record.original_name,
            content_type="application/octet-stream",
        )
    return private_file_response(
        record.file.open("rb"),
        filename=download_name(record.original_name, kind),
        content_type=kind.content_type,
        inline=inline and kind.code in INLINE_KINDS,
    )
