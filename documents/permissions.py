"""Who may download an official document: one place, tested alone.

    申报表            whoever may view the application
    公示, 表扬通报     every logged-in user (both are published in the hospital)
    荣誉证书          the party office, the party committee, the unit's applicants and head
    荣誉证书（全部）   the party office
    整改通知书        the party office, the discipline office, the party committee,
                      the department's applicants and head
    anything else     nobody

Each rule is the ``may_download`` its kind's app registered
(``documents.registry``): appraisal/documents.py, publicity/documents.py,
veto/documents.py. Everyone else gets 404: a guessed id tells nothing.
"""

from django.http import Http404

from documents.models import OfficialDocument
from documents.registry import RENDERERS


def may_download_document(user, document):
    if not user.is_authenticated:
        return False
    kind = RENDERERS.get(document.kind)
    return kind is not None and kind.may_download(user, document)


def document_for_user_or_404(user, pk):
    try:
        document = OfficialDocument.objects.select_related(
            "application__campaign",
            "application__unit__head",
            "application__unit__party_branch__secretary",
            "title__unit__head",
            "rectification__unit__head",
        ).get(pk=pk)
    except (OfficialDocument.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not may_download_document(user, document):
        raise Http404
    return document
