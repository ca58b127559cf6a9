"""Publicity materials (宣传材料): a department or a party branch submits, the party
office accepts or returns with a reason (reports/enums.py). A returned material
stays as it was; the unit sends a new one."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import users_with_role
from core.errors import AlreadySubmittedError, DomainError
from core.files import check_upload
from core.i18n import site_language
from core.permissions import require
from core.uploads import EVIDENCE_KINDS
from core.workflow import apply_transition
from notifications.services import notify
from reports.models import PublicityMaterial, PublicityMaterialEvent, PublicityMaterialFile
from reports.rules import CHECK_MATERIAL, speaks_for

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_FILES = 5
MAX_TEXT_CHARS = 10000


def material_url(material):
    return reverse("reports:material", args=[material.pk])


def _require_new_material(by, submission_key):
    if not submission_key:
        return
    User.objects.select_for_update(no_key=True).filter(pk=by.pk).first()
    earlier = PublicityMaterial.objects.filter(submission_key=submission_key).first()
    if earlier is None:
        return
    if earlier.submitted_by_id != by.pk:
        raise DomainError(_("表单已失效，请重新打开页面后再提交。"))
    raise AlreadySubmittedError(_("该宣传材料已经报送，没有重复报送。"), existing=earlier)


@transaction.atomic
def material_submit(
    *, by, title, text, unit=None, branch=None, uploads=(), submission_key=None, now=None
):
    """A department (its head or contact) or a party branch (its secretary) sends a
    publicity material.

    Refused: neither or both of ``unit`` and ``branch``; a unit or branch ``by`` does
    not speak for; no title or text; an attachment not PDF, JPG, PNG, Word or Excel
    (by content, 20 MB, 5 files); the same form twice (``AlreadySubmittedError``).
    Side effects: the material (state submitted, the year of ``now``) with its
    files; the party office is notified.
    """
    if (unit is None) == (branch is None):
        raise DomainError(_("请选择报送的科室或党支部。"), field="author")
    author = unit or branch
    if not speaks_for(by, author):
        raise DomainError(
            _(
                "您不能以“%(author)s”的名义报送宣传材料：只有该科室的负责人、联络员或该党支部书记可以报送。"
            )
            % {"author": author},
            field="author",
        )
    title = " ".join((title or "").split())
    if not title:
        raise DomainError(_("请填写标题。"), field="title")
    if len(title) > 200:
        raise DomainError(_("标题不能超过 200 个字。"), field="title")
    text = (text or "").strip()
    if not text:
        raise DomainError(_("请填写内容。"), field="text")
    if len(text) > MAX_TEXT_CHARS:
        raise DomainError(
            _("内容最多 %(limit)s 字，现为 %(length)s 字。")
            % {"limit": MAX_TEXT_CHARS, "length": len(text)},
            field="text",
        )
    uploads = [upload for upload in uploads if upload]
    if len(uploads) > MAX_FILES:
        raise DomainError(
            _("最多附 %(limit)s 个附件，您选择了 %(count)s 个。")
            % {"limit": MAX_FILES, "count": len(uploads)},
            field="attachments",
        )
    try:
        checked = [
            check_upload(upload, kinds=EVIDENCE_KINDS, max_bytes=MAX_FILE_BYTES)
            for upload in uploads
        ]
    except DomainError as error:
        raise DomainError(error.message, field="attachments") from None
    _require_new_material(by, submission_key)
    now = now or timezone.now()
    material = PublicityMaterial.objects.create(
        unit=unit,
        branch=branch,
        year=timezone.localdate(now).year,
        title=title,
        text=text,
        submitted_by=by,
        submitted_at=now,
        submission_key=submission_key,
    )
    PublicityMaterialFile.create_all(checked, material=material, uploaded_by=by)
    with site_language():
        notify(
            recipients=users_with_role("party_office"),
            subject=_("收到宣传材料：%(title)s（%(author)s）") % {"title": title, "author": author},
            url=material_url(material),
        )
    return material


@transaction.atomic
def material_accept(*, material, by, now=None):
    """The party office accepts a material: it counts for the unit's year.

    Side effects: state → accepted, who and when, an ``accept`` event; the
    submitter is notified.
    """
    require(by, CHECK_MATERIAL, material, message=_("只有党办可以审核宣传材料。"))
    material = apply_transition(
        instance=material,
        transition="accept",
        by=by,
        event_model=PublicityMaterialEvent,
        update_fields=["checked_by", "checked_at"],
        checked_by=by,
        at=now or timezone.now(),
    )
    with site_language():
        notify(
            recipients=[material.submitted_by],
            subject=_("您报送的宣传材料已采用：%(title)s") % {"title": material.title},
            url=material_url(material),
        )
    return material


@transaction.atomic
def material_return(*, material, by, reason, now=None):
    """The party office returns a material with a reason (required).

    Side effects: state → returned, who, when and why, a ``return_material`` event;
    the submitter is notified.
    """
    require(by, CHECK_MATERIAL, material, message=_("只有党办可以审核宣传材料。"))
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("退回须说明理由。"), field="reason")
    material = apply_transition(
        instance=material,
        transition="return_material",
        by=by,
        event_model=PublicityMaterialEvent,
        reason=reason,
        update_fields=["checked_by", "checked_at", "return_reason"],
        checked_by=by,
        at=now or timezone.now(),
        return_reason=reason,
    )
    with site_language():
        notify(
            recipients=[material.submitted_by],
            subject=_("您报送的宣传材料被退回：%(title)s") % {"title": material.title},
            body=_("退回理由：%(reason)s") % {"reason": reason},
            url=material_url(material),
        )
    return material
