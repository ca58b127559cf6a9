import hashlib

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Role
from core.errors import DomainError
from core.history import changed_by
from core.i18n import site_language
from core.permissions import require
from departments.imports import run_roster_import
from departments.models import Appointment, Department, Person, Post, RosterImport
from departments.rules import CONFIRM_IMPORT

from .appointments import appoint, appointment_remove, posts_end_on_leaving, posts_end_on_move

# --- roster files -----------------------------------------------------------------------


class _PreviewChangedError(Exception):
    """Raised inside the import's savepoint to roll it back when its outcome is not the preview's."""

    def __init__(self, outcome):
        super().__init__()
        self.outcome = outcome


def _change_reason(roster_import):
    with site_language():  # history rows are read by everyone, later
        return _("名册导入第 %(number)s 号（%(name)s）") % {
            "number": roster_import.pk,
            "name": roster_import.original_name,
        }


def _run_stored_file(roster_import, *, dry_run, by=None):
    change_reason = _change_reason(roster_import)
    with roster_import.file.open("rb") as source:
        return run_roster_import(
            roster=roster_import.roster,
            source=source,
            filename=roster_import.file.name,
            dry_run=dry_run,
            user=by,
            change_reason=change_reason[:100],
        )


def _keep_preview(roster_import, outcome):
    roster_import.preview = outcome.as_preview()
    roster_import.fingerprint = outcome.fingerprint
    roster_import.state = (
        RosterImport.State.REFUSED if outcome.problems else RosterImport.State.PREVIEWED
    )
    roster_import.previewed_at = timezone.now()


def _stored_file_digest(roster_import):
    digest = hashlib.sha256()
    with roster_import.file.open("rb") as stored:
        for chunk in stored.chunks():
            digest.update(chunk)
    return digest.hexdigest()


@transaction.atomic
def roster_import_upload(*, roster, uploaded_file, by):
    """Keep an uploaded roster file for ``by`` and preview it with a dry run.

    Side effects: stores the file in private storage (``MEDIA_ROOT/imports/``,
    never served); creates a ``RosterImport`` holding the preview, PREVIEWED,
    or REFUSED when the file has problems. The roster itself is not changed.
    """
    digest = hashlib.sha256()
    for chunk in uploaded_file.chunks():
        digest.update(chunk)
    roster_import = RosterImport(
        roster=roster,
        original_name=(uploaded_file.name or "")[-255:],
        size=uploaded_file.size,
        sha256=digest.hexdigest(),
        uploaded_by=by,
    )
    roster_import.file.save(uploaded_file.name or "roster", uploaded_file, save=False)
    _keep_preview(roster_import, _run_stored_file(roster_import, dry_run=True))
    roster_import.save()
    return roster_import


@transaction.atomic
def roster_import_confirm(*, roster_import, by):
    """Import a previewed roster file, all or nothing, if it still does what its preview showed.

    Only the uploader may confirm, once. The file is read and validated again.
    Side effects when the outcome equals the preview: departments or people
    are created and changed (party branches named in a departments file are
    created), each with a history row naming ``by`` and this import; the heads
    and contacts a departments file names are appointed (``appoint``, the
    import as the reason; a head's cell emptied removes the head); people who
    moved department lose their posts in the old one (``posts_end_on_move``), and
    people marked as left lose every post (``posts_end_on_leaving``);
    the import becomes IMPORTED. When the data changed since the preview (the
    outcome differs), nothing is imported: the new outcome is kept as the
    preview instead (PREVIEWED, or REFUSED if it now has problems), and the
    returned import is not IMPORTED.
    """
    # The preview itself (up to a few MB of JSON) is only needed again if it has to be redone.
    locked = RosterImport.objects.select_for_update().defer("preview").get(pk=roster_import.pk)
    require(by, CONFIRM_IMPORT, locked, message=_("只能确认本人上传的名册文件。"))
    if locked.state == RosterImport.State.IMPORTED:
        when = timezone.localtime(locked.imported_at)
        raise DomainError(
            _("该文件已于 %(at)s 导入，不能重复导入。") % {"at": f"{when:%Y-%m-%d %H:%M}"}
        )
    if locked.state == RosterImport.State.REFUSED:
        raise DomainError(_("该文件有错误，未通过预览，不能导入。请改正后重新上传。"))
    if _stored_file_digest(locked) != locked.sha256:
        raise DomainError(_("服务器上保存的文件与上传时不一致，未导入任何数据，请重新上传。"))
    try:
        with transaction.atomic():
            outcome = _run_stored_file(locked, dry_run=False, by=by)
            if outcome.problems or outcome.fingerprint != locked.fingerprint:
                raise _PreviewChangedError(outcome)
            _apply_appointments(outcome, by=by, reason=_change_reason(locked))
    except _PreviewChangedError as changed:
        _keep_preview(locked, changed.outcome)
        locked.save(update_fields=["preview", "fingerprint", "state", "previewed_at"])
        return locked
    locked.state = RosterImport.State.IMPORTED
    locked.imported_at = timezone.now()
    locked.save(update_fields=["state", "imported_at"])
    return locked


def _apply_appointments(outcome, *, by, reason):
    """What the import planned besides its rows: heads and contacts named in a
    departments file, the posts people who moved department or left leave behind."""
    planned = outcome.effects.get("appointments", [])
    codes = {code for code, _post, _number in planned}
    numbers = {number for _code, _post, number in planned if number}
    departments = Department.objects.in_bulk(codes, field_name="code")
    people = Person.objects.select_related("user").in_bulk(numbers, field_name="employee_number")
    for code, post, number in planned:
        department = departments[code]
        if number:
            appoint(person=people[number], post=post, department=department, by=by, reason=reason)
            continue
        current = Appointment.objects.current().filter(post=Post.HEAD, department=department)
        for appointment in current:
            appointment_remove(appointment=appointment, by=by, reason=reason)
        department.refresh_from_db(fields=["head"])
        if department.head_id is not None:  # a head given before appointments were recorded
            department.head = None
            changed_by(department, by=by, reason=reason).save(update_fields=["head"])
    moved = Person.objects.select_related("user").in_bulk([pk for pk, _old in outcome.moves])
    old_departments = Department.objects.in_bulk([old for _pk, old in outcome.moves])
    for pk, old in outcome.moves:
        posts_end_on_move(person=moved[pk], old_department=old_departments[old], by=by)
    # Only those who hold something: a file marking hundreds as left asks once for all.
    holding = {
        *Appointment.objects.current()
        .filter(person_id__in=outcome.leavers)
        .values_list("person_id", flat=True),
        *Department.objects.filter(head_id__in=outcome.leavers).values_list("head_id", flat=True),
        *Person.objects.filter(
            pk__in=outcome.leavers, user__groups__name=Role.APPLICANT
        ).values_list("pk", flat=True),
    }
    for person in Person.objects.select_related("user").filter(pk__in=holding):
        posts_end_on_leaving(person=person, by=by)
