"""A holder's list: writing, signing, the scan, corrections, progress
(responsibility/services/lists.py)."""

import datetime

import pytest
from django.utils import timezone

from core.errors import DomainError
from responsibility.enums import ItemKind, ListState, SigningMethod
from responsibility.models import ItemProgress, ListItem, ListScan, ResponsibilityList
from responsibility.services import lists as services
from tests.factories import pdf_upload, text_upload
from tests.responsibility.factories import holder, holder_person, item, signed_list

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(party_office, department_a):
    return holder(holder_person(department_a), by=party_office)


def _add(entry, by, **changes):
    values = {
        "kind": ItemKind.RESPONSIBILITY,
        "text": "履行一岗双责",
        "measures": "每季度约谈",
        "due_on": datetime.date(entry.year, 12, 31),
        **changes,
    }
    return services.item_add(holder=entry, by=by, **values)


def test_the_first_item_starts_version_one(entry):
    added = _add(entry, entry.person.user)
    version = added.list
    assert (version.version, version.state, version.created_by) == (
        1,
        ListState.DRAFT,
        entry.person.user,
    )
    second = _add(entry, entry.person.user, kind=ItemKind.PROBLEM)
    assert second.list == version
    assert second.order == 2


def test_the_party_office_writes_a_list_handed_in_on_paper(entry, party_office):
    assert _add(entry, party_office).list.created_by == party_office


@pytest.mark.parametrize("persona", ["staff", "head_a", "discipline_office", "party_committee"])
def test_nobody_else_writes_the_list(request, entry, persona):
    with pytest.raises(DomainError, match="只有本人或党办"):
        _add(entry, request.getfixturevalue(persona))
    assert ResponsibilityList.objects.count() == 0


@pytest.mark.parametrize(
    ("changes", "message", "field"),
    [
        ({"kind": "other"}, "请选择类别", "kind"),
        ({"text": "  "}, "请填写内容", "text"),
        ({"measures": ""}, "请填写措施", "measures"),
        ({"due_on": None}, "请填写完成时限", "due_on"),
        ({"due_on": datetime.date(2000, 1, 1)}, "完成时限不能早于", "due_on"),
        ({"text": "字" * 2001}, "最多 2000 字", "text"),
    ],
)
def test_an_item_without_what_it_needs_is_refused(entry, changes, message, field):
    with pytest.raises(DomainError, match=message) as refusal:
        _add(entry, entry.person.user, **changes)
    assert refusal.value.field == field
    assert ResponsibilityList.objects.count() == 0


def test_an_empty_list_cannot_be_signed(entry):
    with pytest.raises(DomainError, match="请先填写问题和责任"):
        services.list_sign(holder=entry, by=entry.person.user)
    added = _add(entry, entry.person.user)
    services.item_remove(item=added, by=entry.person.user)
    with pytest.raises(DomainError, match="还没有任何问题或责任，不能签名"):
        services.list_sign(holder=entry, by=entry.person.user)
    assert ResponsibilityList.objects.get().state == ListState.DRAFT


def test_the_holder_signs_in_their_own_account(entry):
    _add(entry, entry.person.user)
    signed = services.list_sign(holder=entry, by=entry.person.user)
    assert signed.state == ListState.SIGNED
    assert signed.signing_method == SigningMethod.ONLINE
    assert signed.signed_by == entry.person.user
    assert signed.signed_at is not None


def test_nobody_signs_for_the_holder(entry, party_office):
    _add(entry, party_office)
    with pytest.raises(DomainError, match="须由本人"):
        services.list_sign(holder=entry, by=party_office)
    assert ResponsibilityList.objects.get().state == ListState.DRAFT


def test_a_signed_list_cannot_be_edited(entry, party_office):
    version = signed_list(entry)
    first = version.items.get()
    with pytest.raises(DomainError, match="已签名备案，内容不能再修改"):
        _add(entry, entry.person.user)
    for by in (entry.person.user, party_office):
        with pytest.raises(DomainError, match="已签名备案，内容不能再修改"):
            services.item_change(
                item=first,
                by=by,
                kind=ItemKind.PROBLEM,
                text="改过的内容",
                measures="措施",
                due_on=first.due_on,
            )
        with pytest.raises(DomainError, match="已签名备案"):
            services.item_remove(item=first, by=by)
    first.refresh_from_db()
    assert first.text == "问题1"
    assert ListItem.objects.count() == 1


def test_a_correction_is_a_new_version_and_the_old_one_is_kept(entry):
    old = signed_list(entry, items=2)
    old_items = list(old.items.values_list("pk", "text"))
    new = services.list_revise(holder=entry, by=entry.person.user, reason="补充问题")
    assert (new.version, new.state, new.replaces, new.revision_reason) == (
        2,
        ListState.DRAFT,
        old,
        "补充问题",
    )
    assert [i.copied_from_id for i in new.items.order_by("order")] == [pk for pk, _t in old_items]
    changed = new.items.order_by("order").first()
    services.item_change(
        item=changed,
        by=entry.person.user,
        kind=changed.kind,
        text="更正后的问题",
        measures="措施",
        due_on=changed.due_on,
    )
    services.list_sign(holder=entry, by=entry.person.user)
    old.refresh_from_db()
    assert old.state == ListState.SIGNED
    assert list(old.items.values_list("pk", "text")) == old_items
    assert ResponsibilityList.objects.filter(holder=entry).count() == 2


def test_a_correction_needs_a_signed_list_a_reason_and_no_other_draft(entry):
    with pytest.raises(DomainError, match="尚未签名备案，可直接修改"):
        services.list_revise(holder=entry, by=entry.person.user, reason="更正")
    _add(entry, entry.person.user)
    with pytest.raises(DomainError, match="已有正在填写的版本"):
        services.list_revise(holder=entry, by=entry.person.user, reason="更正")
    services.list_sign(holder=entry, by=entry.person.user)
    with pytest.raises(DomainError, match="请填写修订原因"):
        services.list_revise(holder=entry, by=entry.person.user, reason="")
    services.list_revise(holder=entry, by=entry.person.user, reason="更正")
    with pytest.raises(DomainError, match="已有正在填写的版本"):
        services.list_revise(holder=entry, by=entry.person.user, reason="再更正")
    assert ResponsibilityList.objects.filter(holder=entry).count() == 2


def test_the_party_office_files_a_signed_scan(entry, party_office, media_root):
    _add(entry, party_office)
    signed = services.list_scan_record(holder=entry, by=party_office, upload=pdf_upload("签名.pdf"))
    assert signed.state == ListState.SIGNED
    assert signed.signing_method == SigningMethod.SCAN
    assert signed.signed_by == party_office
    scan = ListScan.objects.get(list=signed)
    assert (scan.kind, scan.original_name, scan.uploaded_by) == ("pdf", "签名.pdf", party_office)


def test_a_scan_of_another_kind_or_too_large_is_refused_and_nothing_written(
    entry, party_office, media_root
):
    _add(entry, party_office)
    with pytest.raises(DomainError, match="PDF") as refusal:
        services.list_scan_record(holder=entry, by=party_office, upload=text_upload())
    assert refusal.value.field == "scan"
    with pytest.raises(DomainError):
        services.list_scan_record(
            holder=entry, by=party_office, upload=pdf_upload(size=services.MAX_SCAN_BYTES + 1)
        )
    with pytest.raises(DomainError, match="请上传"):
        services.list_scan_record(holder=entry, by=party_office, upload=None)
    assert ResponsibilityList.objects.get().state == ListState.DRAFT
    assert ListScan.objects.count() == 0
    assert not any(media_root.rglob("*.*"))


def test_only_the_party_office_records_a_scan(entry, media_root):
    _add(entry, entry.person.user)
    with pytest.raises(DomainError, match="只有党办"):
        services.list_scan_record(holder=entry, by=entry.person.user, upload=pdf_upload())


def test_an_empty_list_cannot_be_filed_by_scan(entry, party_office, media_root):
    with pytest.raises(DomainError, match="请先填写问题和责任"):
        services.list_scan_record(holder=entry, by=party_office, upload=pdf_upload())


def test_a_removed_holder_no_longer_writes_or_signs(entry, party_office):
    _add(entry, entry.person.user)
    entry.removed_on = timezone.localdate()
    entry.save(update_fields=["removed_on"])
    with pytest.raises(DomainError, match=r"移出.*名单，清单不再变更"):
        _add(entry, entry.person.user)
    with pytest.raises(DomainError, match="清单不再变更"):
        services.list_sign(holder=entry, by=entry.person.user)


def test_the_holder_marks_progress_on_the_list_in_force(entry):
    version = signed_list(entry)
    first = version.items.get()
    today = timezone.localdate()
    services.item_progress(item=first, by=entry.person.user, done=False, on=today, note="进行中")
    first.refresh_from_db()
    assert (first.done, first.done_on) == (False, None)
    services.item_progress(item=first, by=entry.person.user, done=True, on=today)
    first.refresh_from_db()
    assert (first.done, first.done_on) == (True, today)
    assert list(first.progress.order_by("pk").values_list("done", "note")) == [
        (False, "进行中"),
        (True, ""),
    ]


def test_progress_refusals(entry, party_office):
    draft_item = item(entry)
    today = timezone.localdate()
    with pytest.raises(DomainError, match="已签名备案且现行"):
        services.item_progress(item=draft_item, by=entry.person.user, done=True, on=today)
    services.list_sign(holder=entry, by=entry.person.user)
    with pytest.raises(DomainError, match="只有本人"):
        services.item_progress(item=draft_item, by=party_office, done=True, on=today)
    with pytest.raises(DomainError, match="不能晚于今天"):
        services.item_progress(
            item=draft_item,
            by=entry.person.user,
            done=True,
            on=today + datetime.timedelta(days=1),
        )
    with pytest.raises(DomainError, match="未完成时请填写进展情况"):
        services.item_progress(item=draft_item, by=entry.person.user, done=False, on=today)
    services.list_revise(holder=entry, by=entry.person.user, reason="更正")
    services.list_sign(holder=entry, by=entry.person.user)
    with pytest.raises(DomainError, match="现行"):
        services.item_progress(item=draft_item, by=entry.person.user, done=True, on=today)
    assert ItemProgress.objects.count() == 0


def test_a_correction_carries_the_items_progress(entry):
    version = signed_list(entry)
    today = timezone.localdate()
    services.item_progress(item=version.items.get(), by=entry.person.user, done=True, on=today)
    new = services.list_revise(holder=entry, by=entry.person.user, reason="更正")
    copied = new.items.get()
    assert (copied.done, copied.done_on) == (True, today)
