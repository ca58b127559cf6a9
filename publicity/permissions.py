"""Who may read what of the publicity: official documents and objections, each
decided in one place and tested alone.

Who may download an official document:

    申报表            whoever may view the application
    公示, 表扬通报     every logged-in user (both are published in the hospital)
    荣誉证书          the party office, the party committee, the unit's applicants and head
    荣誉证书（全部）   the party office
    整改通知书        the party office, the discipline office, the party committee,
                      the department's applicants and head
    anything else     nobody

Everyone else gets 404: a guessed id tells nothing.

Who may read an objection (异议) with its objector: the party office and the
discipline office, except a member who is of the department objected to
(``is_of_objected_department``). The department objected to never learns who
objected, and nobody handles an objection about their own department, so for
such a member the objection does not exist: not in lists or counts, not as a
page or an attachment (404), not in notifications. The objector reads their
own receipt (publicity.views.objections).
"""

from django.db.models import Q
from django.http import Http404

from accounts.roles import Role, has_role
from departments.models import Department, Person
from publicity.builders import subject_pk
from publicity.enums import DocumentKind
from publicity.models import OfficialDocument

VIEW_OBJECTION = "publicity.view_objection"


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


# --- objections ---------------------------------------------------------------------------


def _units_of(user):
    """The units ``user`` is of, as a query of department ids: the unit of their roster
    entry, its parent department (a clean team's) and its clean teams. Empty without a
    roster entry. Whether the entry is active does not matter: privacy errs on hiding.

    The relation is symmetric (a department and its clean teams are of each other), so
    ``user`` is of unit U exactly when U is among these.
    """
    department_id = Person.objects.filter(user_id=user.pk).values("department_id")
    return Department.objects.filter(
        Q(pk__in=department_id) | Q(parent_id__in=department_id) | Q(clean_teams__in=department_id)
    ).values("pk")


def is_of_objected_department(user, objection):
    """True when ``user`` works in the department ``objection`` is about: in the unit
    itself, in one of its clean teams, or (an objection to a clean team) in its parent
    department. The one rule of objector privacy and of the handler's recusal."""
    if not user.is_authenticated:
        return False
    return _units_of(user).filter(pk=objection.application.unit_id).exists()


def may_read_objection(user, objection):
    """True when ``user`` reads ``objection`` as an office, objector included: they hold
    the offices' permission and are not of the department objected to."""
    return (
        user.is_authenticated
        and user.has_perm(VIEW_OBJECTION)
        and not is_of_objected_department(user, objection)
    )


def objections_for_office(user, objections):
    """``objections`` narrowed to those ``user`` may read (``may_read_objection``, in SQL
    for lists and counts): none without the offices' permission, and never one about
    the department ``user`` is of."""
    if not (user.is_authenticated and user.has_perm(VIEW_OBJECTION)):
        return objections.none()
    return objections.exclude(application__unit__in=_units_of(user))


def objection_readers(objection, users):
    """Of ``users`` (the offices' members to notify about ``objection``), those not of
    the department objected to."""
    return [user for user in users if not is_of_objected_department(user, objection)]
