"""Who may download an official document: one permission, asked of each document's kind.

``documents.download_officialdocument`` holds for a signed-in, active user when
the kind of the document says so. A document is about a record of a higher app
(an application, a campaign, a title, a publicity, a rectification), so this
app cannot say who may read it: the app each kind belongs to tells it, with the
``may_download`` it registers (``documents.registry.register_kind``):

    申报表            whoever may view the application            appraisal/documents.py
    公示, 表扬通报     every signed-in user (published in the hospital)
                                                                  publicity/documents.py,
                                                                  appraisal/documents.py
    荣誉证书          the party office, the party committee,
                      the unit's applicants and head               appraisal/documents.py
    荣誉证书（全部）   the party office                             appraisal/documents.py
    整改通知书        the party office, the discipline office,
                      the party committee, the department's
                      applicants and head                          veto/documents.py
    形势分析研判报告  whoever may read the issued version: the party
                      office, the party committee, the leading group,
                      the discipline office                        analysis/documents.py
    anything else     nobody (a kind no app registered)

Views ask ``user.has_perm(DOWNLOAD, document)``; what the user may not download
does not exist for them (404), see ``documents.permissions``.
"""

import rules

from documents.registry import RENDERERS

DOWNLOAD = "documents.download_officialdocument"


@rules.predicate
def kind_allows_download(user, document):
    """The ``may_download`` registered for ``document``'s kind says yes; a kind
    nobody registered says no."""
    if document is None:
        return False
    kind = RENDERERS.get(document.kind)
    return kind is not None and bool(kind.may_download(user, document))


@rules.predicate
def is_active_user(user):
    return user is not None and user.is_authenticated and user.is_active


may_download = is_active_user & kind_allows_download

rules.add_perm(DOWNLOAD, may_download)
