"""A holder's yearly list: written, signed (frozen), corrected as a new version, and
followed item by item.

    (none) ─item_add→ draft v1 ─list_sign / list_scan_record→ signed v1
    signed vN ─list_revise→ draft vN+1 (items copied, vN kept and still in force)
                            ─sign→ signed vN+1 (in force from then)

Who (``responsibility/rules.py``): the holder writes and signs their own list and marks
progress; the party office may write a list handed in on paper and record its signed
scan. Refused in every case: a holder no longer in the set; a change to a signed
version; signing a list without items.
"""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError
from core.files import check_upload
from core.history import changed_by
from core.i18n import full_date
from core.permissions import require
from core.uploads import JPEG, PDF, PNG
from responsibility.enums import ItemKind, ListState, SigningMethod
from responsibility.models import (
    Holder,
    ItemProgress,
    ListItem,
    ListScan,
    ResponsibilityList,
)
from responsibility.rules import EDIT, MARK_PROGRESS, RECORD_SCAN, SIGN

SCAN_KINDS = (PDF, JPEG, PNG)
MAX_SCAN_BYTES = 20 * 1024 * 1024
MAX_TEXT_CHARS = 2000


def _locked_holder(holder):
    """The holder's row, locked: every write to a holder's list queues here."""
    locked = Holder.objects.select_for_update().select_related("person").get(pk=holder.pk)
    if locked.removed_on is not None:
        raise DomainError(
            _("%(person)s已于%(date)s移出%(year)s年度掌握公权力人员名单，清单不再变更。")
            % {
                "person": locked.person.name,
                "date": full_date(locked.removed_on),
                "year": locked.year,
            }
        )
    return locked


def _draft(holder):
    return ResponsibilityList.objects.filter(holder=holder, state=ListState.DRAFT).first()


def _text(value, label, *, field):
    value = (value or "").strip()
    if not value:
        raise DomainError(_("请填写%(label)s。") % {"label": label}, field=field)
    if len(value) > MAX_TEXT_CHARS:
        raise DomainError(
            _("%(label)s最多 %(limit)s 字，现为 %(length)s 字。")
            % {"label": label, "limit": MAX_TEXT_CHARS, "length": len(value)},
            field=field,
        )
    return value


def _checked_item(*, kind, text, measures, due_on, year):
    if kind not in ItemKind.values:
        raise DomainError(_("请选择类别（问题或责任）。"), field="kind")
    text = _text(text, _("内容"), field="text")
    measures = _text(measures, _("措施"), field="measures")
    if due_on is None:
        raise DomainError(_("请填写完成时限。"), field="due_on")
    if due_on.year < year:
        raise DomainError(_("完成时限不能早于%(year)s年1月1日。") % {"year": year}, field="due_on")
    return {"kind": kind, "text": text, "measures": measures, "due_on": due_on}


def _require_draft_item(item):
    if item.list.state != ListState.DRAFT:
        raise DomainError(_("该清单已签名备案，内容不能再修改；如需更正，请修订为新版本。"))


@transaction.atomic
def item_add(*, holder, by, kind, text, measures, due_on):
    """Add a problem or a responsibility (with its measures and due date) to the holder's
    list being written; the first item starts version 1.

    Refused unless ``by`` may write the holder's list (the holder, or the party office
    for a paper list); the holder removed from the set; a version being signed already
    and none being written (revise it first); an empty field, a text over 2,000
    characters, a due date before the list's year.

    Side effects: a draft ResponsibilityList when none exists, one ListItem; history rows.
    """
    require(by, EDIT, holder, message=_("只有本人或党办可以填写该清单。"))
    holder = _locked_holder(holder)
    values = _checked_item(kind=kind, text=text, measures=measures, due_on=due_on, year=holder.year)
    draft = _draft(holder)
    if draft is None:
        if ResponsibilityList.objects.filter(holder=holder).exists():
            raise DomainError(_("该清单已签名备案，内容不能再修改；如需更正，请修订为新版本。"))
        draft = ResponsibilityList(holder=holder, version=1, created_by=by)
        changed_by(draft, by=by, reason=_("开始填报"))
        draft.save()
    order = (draft.items.aggregate(last=Max("order"))["last"] or 0) + 1
    item = ListItem(list=draft, order=order, **values)
    changed_by(item, by=by, reason=_("添加事项"))
    item.save()
    return item


@transaction.atomic
def item_change(*, item, by, kind, text, measures, due_on):
    """Change an item of a version being written. Refused as ``item_add``, and once the
    version is signed. Side effects: the item's columns; a history row."""
    holder = item.list.holder
    require(by, EDIT, holder, message=_("只有本人或党办可以填写该清单。"))
    _locked_holder(holder)
    item = ListItem.objects.select_related("list").get(pk=item.pk)
    _require_draft_item(item)
    values = _checked_item(kind=kind, text=text, measures=measures, due_on=due_on, year=holder.year)
    for name, value in values.items():
        setattr(item, name, value)
    changed_by(item, by=by, reason=_("修改事项"))
    item.save(update_fields=list(values))
    return item


@transaction.atomic
def item_remove(*, item, by):
    """Take an item out of a version being written (never signed, so nothing filed is
    lost; its history keeps it). Refused once the version is signed."""
    holder = item.list.holder
    require(by, EDIT, holder, message=_("只有本人或党办可以填写该清单。"))
    _locked_holder(holder)
    item = ListItem.objects.select_related("list").get(pk=item.pk)
    _require_draft_item(item)
    changed_by(item, by=by, reason=_("删除未签名事项"))
    item.delete()


def _require_items(draft):
    if draft is None:
        raise DomainError(_("没有待签名的清单：请先填写问题和责任。"))
    if not draft.items.exists():
        raise DomainError(_("清单还没有任何问题或责任，不能签名。请先填写。"))


def _sign(draft, *, by, method):
    draft.state = ListState.SIGNED
    draft.signing_method = method
    draft.signed_at = timezone.now()
    draft.signed_by = by
    changed_by(draft, by=by, reason=SigningMethod(method).label)
    draft.save(update_fields=["state", "signing_method", "signed_at", "signed_by"])
    return draft


@transaction.atomic
def list_sign(*, holder, by):
    """The holder signs the version being written, in their own account: it is filed with
    the party office and frozen from then on.

    Refused unless ``by`` is the holder (nobody signs for another, the party office
    included: it records a signed scan instead); the holder removed; nothing being
    written; a list without items.

    Side effects: the version signed (method, who, when); a history row.
    """
    require(by, SIGN, holder, message=_("清单须由本人在自己的账号中签名。"))
    holder = _locked_holder(holder)
    draft = _draft(holder)
    _require_items(draft)
    return _sign(draft, by=by, method=SigningMethod.ONLINE)


@transaction.atomic
def list_scan_record(*, holder, by, upload):
    """The party office records the signed paper list of the holder: the version being
    written (its items typed in from the paper) is signed by scan and frozen.

    Refused unless ``by`` is the party office; the holder removed; nothing being written;
    a list without items; no file, or a file that is not a PDF, JPG or PNG by its content,
    or is over 20 MB (the file is checked before anything is written).

    Side effects: the version signed (``scan``, who, when), its scan stored privately;
    history rows.
    """
    require(by, RECORD_SCAN, holder, message=_("只有党办可以代为上传签名扫描件。"))
    holder = _locked_holder(holder)
    draft = _draft(holder)
    _require_items(draft)
    if upload is None:
        raise DomainError(_("请上传本人签名的清单扫描件（PDF、JPG 或 PNG）。"), field="scan")
    try:
        checked = check_upload(upload, kinds=SCAN_KINDS, max_bytes=MAX_SCAN_BYTES)
    except DomainError as refusal:
        raise DomainError(refusal.message, field="scan") from refusal
    signed = _sign(draft, by=by, method=SigningMethod.SCAN)
    ListScan.create_from(checked, list=signed, uploaded_by=by)
    return signed


@transaction.atomic
def list_revise(*, holder, by, reason):
    """Start a correction of the signed list: a new version being written, with the
    signed one's items (and their progress marks' result) copied; the signed version
    stays as it was and is in force until the new one is signed.

    Refused unless ``by`` may write the list; the holder removed; no signed version, or a
    correction already being written; no reason.

    Side effects: one ResponsibilityList (``replaces`` the signed one) and a copy of each
    item; history rows.
    """
    require(by, EDIT, holder, message=_("只有本人或党办可以修订该清单。"))
    holder = _locked_holder(holder)
    reason = _text(reason, _("修订原因"), field="reason")
    if _draft(holder) is not None:
        raise DomainError(_("已有正在填写的版本，请在该版本上修改后签名。"))
    signed = (
        ResponsibilityList.objects.filter(holder=holder, state=ListState.SIGNED)
        .order_by("-version")
        .first()
    )
    if signed is None:
        raise DomainError(_("清单尚未签名备案，可直接修改。"))
    new = ResponsibilityList(
        holder=holder,
        version=signed.version + 1,
        replaces=signed,
        revision_reason=reason,
        created_by=by,
    )
    changed_by(new, by=by, reason=_("修订清单"))
    new.save()
    for item in signed.items.order_by("kind", "order", "pk"):
        copy = ListItem(
            list=new,
            kind=item.kind,
            text=item.text,
            measures=item.measures,
            due_on=item.due_on,
            order=item.order,
            copied_from=item,
            done=item.done,
            done_on=item.done_on,
        )
        changed_by(copy, by=by, reason=_("修订清单"))
        copy.save()
    return new


@transaction.atomic
def item_progress(*, item, by, done, on, note=""):
    """The holder marks the progress (进展) of an item of their list in force (the latest
    signed version): done or not, on a day, with a note.

    Refused unless ``by`` is the holder; the holder removed; an item of a version not
    signed or no longer in force; a day missing or after today; "not done" without a
    note.

    Side effects: one ItemProgress; the item's ``done`` and ``done_on``; a history row.
    """
    holder = item.list.holder
    require(by, MARK_PROGRESS, holder, message=_("只有本人可以填写清单事项的进展。"))
    holder = _locked_holder(holder)
    item = ListItem.objects.select_related("list").get(pk=item.pk)
    in_force = (
        ResponsibilityList.objects.filter(holder=holder, state=ListState.SIGNED)
        .order_by("-version")
        .values_list("pk", flat=True)
        .first()
    )
    if item.list_id != in_force:
        raise DomainError(_("只能在已签名备案且现行的清单版本上填写进展。"))
    if on is None:
        raise DomainError(_("请填写日期。"), field="on")
    if on > timezone.localdate():
        raise DomainError(_("日期不能晚于今天。"), field="on")
    note = (note or "").strip()[:MAX_TEXT_CHARS]
    if not done and not note:
        raise DomainError(_("未完成时请填写进展情况。"), field="note")
    progress = ItemProgress.objects.create(
        item=item, done=bool(done), on=on, note=note, recorded_by=by
    )
    item.done = bool(done)
    item.done_on = on if done else None
    changed_by(item, by=by, reason=_("填写进展"))
    item.save(update_fields=["done", "done_on"])
    return progress
