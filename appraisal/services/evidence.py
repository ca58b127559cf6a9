"""The supporting files (佐证材料) of a unit's application: add and remove.

Only the unit's applicants, while the application is editable; every change
clears the head's confirmation (applications.py holds those rules). Files are
checked by content and stored privately (core.files, core.models.StoredFile).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from appraisal.models import Evidence
from core.errors import DomainError
from core.files import check_upload
from core.uploads import EVIDENCE_KINDS
from core.workflow import lock

from .applications import clear_confirmation, require_applicant, require_editable

MAX_EVIDENCE_BYTES = 20 * 1024 * 1024
MAX_APPLICATION_EVIDENCE_BYTES = 200 * 1024 * 1024


@transaction.atomic
def evidence_add(*, application, by, upload, criterion=None):
    """Attach ``upload`` to the application (to ``criterion`` when given).

    The type is judged by content (PDF, JPG, PNG, Word, Excel); at most 20 MB a
    file and 200 MB an application. The same file (same name and content) for
    the same criterion is refused while it is attached, so a double-clicked
    upload stores one. Side effects: stores the file under a random name in
    private storage; one Evidence row; clears the head's confirmation.
    """
    application = lock(application)
    require_applicant(by, application)
    require_editable(application)
    if criterion is not None and criterion.standard.rubric_id != application.campaign.rubric_id:
        raise DomainError(_("该评分项不属于本批次的考评细则。"))
    checked = check_upload(upload, kinds=EVIDENCE_KINDS, max_bytes=MAX_EVIDENCE_BYTES)
    original_name = checked.original_name
    # Under the application's lock: a second click waits here and sees the first's row.
    if Evidence.objects.filter(
        application=application,
        criterion=criterion,
        original_name=original_name,
        sha256=checked.sha256,
        removed_at__isnull=True,
    ).exists():
        raise DomainError(
            _("「%(name)s」已上传（内容相同），无需重复上传。") % {"name": original_name}
        )
    used = sum(
        Evidence.objects.filter(application=application, removed_at__isnull=True).values_list(
            "size", flat=True
        )
    )
    if used + checked.size > MAX_APPLICATION_EVIDENCE_BYTES:
        raise DomainError(
            _("每份申报的佐证材料合计不超过 %(limit)s MB，已用 %(used).1f MB，「%(name)s」放不下。")
            % {
                "limit": MAX_APPLICATION_EVIDENCE_BYTES // 1024 // 1024,
                "used": used / 1024 / 1024,
                "name": upload.name,
            }
        )
    # The file is written last, after every check (create_from removes it again
    # if the row cannot be written, so a refusal leaves nothing behind).
    evidence = Evidence.create_from(
        checked, application=application, criterion=criterion, uploaded_by=by
    )
    clear_confirmation(application)
    return evidence


@transaction.atomic
def evidence_remove(*, evidence, by):
    """Take evidence off an editable application. The row and file stay (an
    earlier submitted version may show them); it is marked removed."""
    application = lock(evidence.application)
    require_applicant(by, application)
    require_editable(application)
    updated = Evidence.objects.filter(pk=evidence.pk, removed_at__isnull=True).update(
        removed_at=timezone.now(), removed_by=by
    )
    if updated:
        clear_confirmation(application)
