"""The kinds of official documents, each registered by the app it belongs to.

A document is about a record of a higher app (a publicity, a campaign, a
title, an application, a rectification), so this app cannot know how to load
that record, what the document says, what its file is called or who may read
it. Each app tells it once, from its ``AppConfig.ready()``, with
``register_kind``: the one hook of this app.

    appraisal   申报表, 表扬通报, 荣誉证书, 荣誉证书（全部）   appraisal/documents.py
    publicity   公示                                         publicity/documents.py
    veto        整改通知书                                    veto/documents.py
    analysis    形势分析研判报告                              analysis/documents.py

``document_content(document)`` answers for a stored ``OfficialDocument``. A
kind nobody registered is refused with a clear error, never printed as a
stand-in, and nobody may download it.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from documents.enums import DocumentKind


class DocumentNotBuildableError(LookupError):
    """The document's kind has no renderer (yet), or its subject is not ready for it."""


@dataclass(frozen=True)
class RegisteredKind:
    """What the app a kind belongs to tells this app about it.

    ``subject(pk)`` loads the record the document is about, with what the
    others read; ``content(subject)`` returns ``(bytes, the document number
    printed on it)``; ``file_name(subject)`` is the download's file name;
    ``may_download(user, document)`` answers for a signed-in user (the rule
    ``documents.download_officialdocument`` asks it, ``documents.rules``); ``on_ready``,
    if given, is called with the document once a revision is stored.
    """

    subject: Callable
    content: Callable
    file_name: Callable
    may_download: Callable
    on_ready: Callable | None = None


# kind → its RegisteredKind; filled by the apps' ready().
RENDERERS: dict[str, RegisteredKind] = {}


def register_kind(kind, *, subject, content, file_name, may_download, on_ready=None):
    """Register how documents of ``kind`` are built, named and guarded. Once per kind."""
    kind = DocumentKind(kind)
    if kind in RENDERERS:
        raise ValueError(f"documents of the kind {kind} are registered already")
    RENDERERS[kind] = RegisteredKind(
        subject=subject,
        content=content,
        file_name=file_name,
        may_download=may_download,
        on_ready=on_ready,
    )


def subject_pk(document):
    """The pk of the record the document is about, from its key (“publicity:3”)."""
    return int(document.key.split(":", 1)[1])


def document_subject(document):
    """The record ``document`` is about, loaded with what its builder reads."""
    kind = RENDERERS.get(document.kind)
    if kind is None:
        raise DocumentNotBuildableError(
            f"no subject is known for documents of the kind {document.kind}"
        )
    return kind.subject(subject_pk(document))


def document_content(document):
    """``(bytes, document number)`` of ``document`` as its data stands now.

    Raises ``DocumentNotBuildableError`` for a kind without a renderer.
    """
    kind = RENDERERS.get(document.kind)
    if kind is None:
        raise DocumentNotBuildableError(f"documents of the kind {document.kind} have no renderer")
    return kind.content(document_subject(document))


_UNSAFE_IN_FILE_NAMES = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|\s]+')


def safe_file_name(name):
    """``name`` with what a file system or an archive tool could misread replaced by “_”."""
    return _UNSAFE_IN_FILE_NAMES.sub("_", name).strip("._") or "_"


def download_name(document, subject):
    """The file name a person's download gets: what the document is, in Chinese."""
    kind = RENDERERS.get(document.kind)
    if kind is None:
        return safe_file_name(f"{document.get_kind_display()}.pdf")
    return kind.file_name(subject)
