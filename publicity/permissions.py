"""Who may download an official document (STYLE.md §3): one place, tested alone.

    申报表            whoever may view the application
    公示, 表扬通报     every logged-in user (both are published in the hospital)
    荣誉证书          the party office, the party committee, the unit's applicants and head
    荣誉证书（全部）   the party office
    整改通知书        the party office, the discipline office, the party committee,
                      the department's applicants and head
    anything else     nobody

Everyone else gets 404: a guessed id tells nothing.
"""

from django.http import Http404

from accounts.roles import Role, has_role
from publicity.builders import subject_pk
from publicity.enums import DocumentKind
from publicity.models import OfficialDocument


def _certificate_title(document):
    from appraisal.models import Title

    if document.title_id is not None:
        return document.title
    return Title.objects.select_related("unit__head").get(pk=subject_pk(document))


def _rectification(document):
    from veto.models import Rectification

    if document.rectification_id is not None:
        return document.rectification
    return Rectification.objects.select_related("unit__head").get(pk=subject_pk(document))


def may_download_document(user, document):
    from appraisal.permissions import may_view_application
    from appraisal.services.applications import is_applicant, is_head

    if not user.is_authenticated:
        return False
    kind = document.kind
    if kind == DocumentKind.APPLICATION_FORM:
        return document.application_id is not None and may_view_application(
            user, document.application
        )
    if kind in (DocumentKind.PUBLICITY, DocumentKind.COMMENDATION):
        return True
    if kind == DocumentKind.CERTIFICATE:
        if has_role(user, Role.PARTY_OFFICE) or has_role(user, Role.PARTY_COMMITTEE):
            return True
        unit = _certificate_title(document).unit
        return is_applicant(user, unit) or is_head(user, unit)
    if kind == DocumentKind.CERTIFICATES:
        return has_role(user, Role.PARTY_OFFICE)
    if kind == DocumentKind.RECTIFICATION:
        if any(
            has_role(user, role)
            for role in (Role.PARTY_OFFICE, Role.DISCIPLINE_OFFICE, Role.PARTY_COMMITTEE)
        ):
            return True
        unit = _rectification(document).unit
        return is_applicant(user, unit) or is_head(user, unit)
    return False


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
