"""Official documents: the download, and the status partial pages embed."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from core.files import private_file_response
from documents.permissions import document_for_user_or_404
from documents.registry import document_subject, download_name


@login_required
@never_cache
def document_download(request, pk):
    """The file once its latest revision is stored; until then a page that waits for it.

    Not ready is answered 200 with a page, not 409: a person who followed a
    link sees where things stand, and the page shows the download link by
    itself (htmx polls the status) as soon as the file is there.
    """
    document = document_for_user_or_404(request.user, pk)
    if not document.is_ready:
        return render(request, "documents/document_pending.html", {"document": document})
    return private_file_response(
        document.file.open("rb"),
        filename=download_name(document, document_subject(document)),
        content_type="application/zip"
        if document.file.name.endswith(".zip")
        else "application/pdf",
    )


@login_required
@never_cache
def document_status(request, pk):
    """The htmx partial: the link when ready, “正在生成…” (polling) or the failure."""
    document = document_for_user_or_404(request.user, pk)
    return render(request, "documents/document_link.html", {"document": document})
