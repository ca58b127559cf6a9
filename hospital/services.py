"""Changing the hospital's settings (docs/architecture.md, "The hospital's settings").

``hospital_settings_save`` is the one writer: the hospital's name, the title's
wording, who takes objections, and for each issuer its full name, its number
prefix and the next number of the year. Every value is checked before
anything is written, and the next numbers are moved by the documents app's
hook (``hospital.registry``) in the same transaction, so a refusal anywhere
leaves everything as it was.
"""

import re

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.cache import renew
from core.errors import DomainError
from core.permissions import require
from hospital import registry
from hospital.enums import IssuerRole, SettingsItem
from hospital.models import SINGLETON_PK, HospitalSettings, IssuingBody, SettingsChange
from hospital.rules import CHANGE
from hospital.selectors import PROFILE_VERSION_KEY, profile_from_database

# A prefix is printed before 〔2026〕12号: Chinese characters, letters and digits only.
PREFIX_PATTERN = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]{1,10}")
# The title is printed inside “”: Chinese characters only.
TITLE_WORDING_PATTERN = re.compile(r"[\u4e00-\u9fff]{2,20}")
NAME_MAX = 100
NEXT_NUMBER_MAX = 99999
# The coverage's start and target years (docs/coverage.md).
YEAR_LOW, YEAR_HIGH = 2000, 2100


def _text(value, *, field, empty, longest):
    value = " ".join((value or "").split())
    if not value:
        raise DomainError(empty, field=field)
    if len(value) > longest:
        raise DomainError(_("不能超过 %(n)s 个字。") % {"n": longest}, field=field)
    return value


def _clean_issuer(role, values):
    label = IssuerRole(role).label
    name = _text(
        values.get("name"),
        field=f"{role}_name",
        empty=_("请填写%(issuer)s的发文机关全称。") % {"issuer": label},
        longest=NAME_MAX,
    )
    prefix = (values.get("number_prefix") or "").strip()
    if not PREFIX_PATTERN.fullmatch(prefix):
        raise DomainError(
            _("%(issuer)s的机关代字只能由 1 至 10 个汉字、字母或数字组成，如“院党”“院纪”。")
            % {"issuer": label},
            field=f"{role}_prefix",
        )
    next_number = values.get("next_number")
    if next_number is not None:
        try:
            next_number = int(next_number)
        except (TypeError, ValueError):
            next_number = 0
        if not 1 <= next_number <= NEXT_NUMBER_MAX:
            raise DomainError(
                _("下一文号须为 1 至 %(max)s 之间的整数。") % {"max": NEXT_NUMBER_MAX},
                field=f"{role}_next",
            )
    return name, prefix, next_number


def _bounded(value, *, field, low, high, message):
    """``value`` as an integer in ``low``..``high``, or a refusal naming ``field``."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise DomainError(message, field=field) from None
    if not low <= number <= high:
        raise DomainError(message, field=field)
    return number


def hospital_settings_save(
    *,
    by,
    name,
    title_wording,
    objection_contact,
    issuers,
    reason,
    year=None,
    report_day=None,
    report_reminder_working_days=None,
    key_post_rotation_years=None,
    coverage_start_year=None,
    coverage_target_year=None,
):
    """Save the hospital's settings as ``by`` (an administrator), saying ``reason``.

    ``issuers`` maps each ``IssuerRole`` to ``{"name", "number_prefix",
    "next_number"}``; ``next_number`` (or None: unchanged) is the next document
    number of ``year`` (default: this year, Asia/Shanghai) under the prefix
    given. A new prefix starts its own sequence (numbers run per prefix and
    year), so its next number is read from that sequence.

    ``report_day``, ``report_reminder_working_days`` and ``key_post_rotation_years``
    (the year-round work, docs/yearwork.md) are left as they are when None, and so are
    ``coverage_start_year`` and ``coverage_target_year`` (docs/coverage.md).

    Refused with a ``DomainError`` naming the field, nothing written: not an
    administrator; a report day outside 1–28, a reminder lead outside 0–10 working
    days, a rotation limit outside 3–5 years; a coverage start or target year outside
    2000–2100, or a target year before the start year; an empty name, issuer name, contact or reason; a title
    wording that is not 2–20 Chinese characters; a prefix with other than
    Chinese characters, letters or digits, or shared by both issuers; a next
    number at or below a number already taken that year; nothing changed.

    Side effects: the settings row (created on the first save) and one
    ``IssuingBody`` per issuer written; one ``SettingsChange`` per value
    changed (one ``initial`` row on the first save); the document numbers
    moved through ``hospital.registry``; the cached profile renewed and the
    ``registry.on_change`` listeners called (the board's cache) on commit.
    """
    require(by, CHANGE, message=_("只有系统管理员可以修改医院设置。"))
    name = _text(name, field="name", empty=_("请填写医院名称。"), longest=NAME_MAX)
    title_wording = "".join((title_wording or "").split())
    if not TITLE_WORDING_PATTERN.fullmatch(title_wording):
        raise DomainError(
            _("称号名称须为 2 至 20 个汉字，如“清廉科室”或“清廉示范科室”。"), field="title_wording"
        )
    objection_contact = _text(
        objection_contact,
        field="objection_contact",
        empty=_("请填写受理异议的部门或联系人。"),
        longest=NAME_MAX,
    )
    cleaned = {role: _clean_issuer(role, issuers[role]) for role in IssuerRole}
    prefixes = [prefix for _name, prefix, _next in cleaned.values()]
    if len(set(prefixes)) != len(prefixes):
        raise DomainError(
            _("两个发文机关不能使用同一机关代字：否则它们的文件会共用一个编号序列。"),
            field=f"{IssuerRole.DISCIPLINE_COMMISSION}_prefix",
        )
    year_round = {}
    for field, value, low, high, message in (
        ("report_day", report_day, 1, 28, _("月度报告报送日须为 1 至 28 之间的整数。")),
        (
            "report_reminder_working_days",
            report_reminder_working_days,
            0,
            10,
            _("提前提醒的工作日数须为 0 至 10 之间的整数。"),
        ),
        (
            "key_post_rotation_years",
            key_post_rotation_years,
            3,
            5,
            _("重点岗位轮岗年限须为 3 至 5 年。"),
        ),
    ):
        if value is not None and value != "":
            year_round[field] = _bounded(value, field=field, low=low, high=high, message=message)
    coverage = {}
    for field, value in (
        ("coverage_start_year", coverage_start_year),
        ("coverage_target_year", coverage_target_year),
    ):
        if value is not None and value != "":
            coverage[field] = _bounded(
                value,
                field=field,
                low=YEAR_LOW,
                high=YEAR_HIGH,
                message=_("年度须为 %(low)s 至 %(high)s 之间的四位数年份。")
                % {"low": YEAR_LOW, "high": YEAR_HIGH},
            )
    reason = " ".join((reason or "").split())
    if not reason:
        raise DomainError(_("请填写修改原因。"), field="reason")
    if len(reason) > 200:
        raise DomainError(_("修改原因不能超过 200 个字。"), field="reason")
    year = year or timezone.localdate().year
    numbering = registry.numbering()
    now = timezone.now()

    with transaction.atomic():
        row = HospitalSettings.objects.select_for_update().filter(pk=SINGLETON_PK).first()
        before = profile_from_database()
        changes = []

        def changed(item, old, new, issuer=""):
            if old != new:
                changes.append(
                    SettingsChange(
                        at=now,
                        by=by,
                        item=item,
                        issuer=issuer,
                        year=year if item == SettingsItem.NEXT_NUMBER else None,
                        old_value=str(old),
                        new_value=str(new),
                        reason=reason,
                    )
                )

        changed(SettingsItem.NAME, before.name, name)
        changed(SettingsItem.TITLE_WORDING, before.title_wording, title_wording)
        changed(SettingsItem.OBJECTION_CONTACT, before.objection_contact, objection_contact)
        for field, value in year_round.items():
            changed(SettingsItem(field), getattr(before, field), value)
        start = coverage.get("coverage_start_year", before.coverage_start_year)
        target = coverage.get("coverage_target_year", before.coverage_target_year)
        if target < start:
            raise DomainError(
                _("全覆盖目标年度（%(target)s年）不能早于起算年度（%(start)s年）。")
                % {"target": target, "start": start},
                field="coverage_target_year",
            )
        for field, value in coverage.items():
            changed(SettingsItem(field), getattr(before, field), value)
        for role, (issuer_name, prefix, next_number) in cleaned.items():
            old = before.issuer(role)
            changed(SettingsItem.ISSUER_NAME, old.name, issuer_name, role)
            changed(SettingsItem.NUMBER_PREFIX, old.number_prefix, prefix, role)
            IssuingBody.objects.update_or_create(
                role=role, defaults={"name": issuer_name, "number_prefix": prefix}
            )
            if numbering is not None and next_number is not None:
                last = numbering.last_issued(prefix=prefix, year=year)
                if next_number <= last:
                    raise DomainError(
                        _("%(issuer)s的%(number)s已经发出，下一文号须大于 %(last)s：文号不能倒退。")
                        % {
                            "issuer": IssuerRole(role).label,
                            "number": numbering.spell(prefix=prefix, year=year, number=last),
                            "last": last,
                        },
                        field=f"{role}_next",
                    )
                if next_number != last + 1:
                    # The hook checks again under its row lock: a number taken meanwhile.
                    numbering.set_next(prefix=prefix, year=year, next_number=next_number)
                    changed(
                        SettingsItem.NEXT_NUMBER,
                        numbering.spell(prefix=prefix, year=year, number=last + 1),
                        numbering.spell(prefix=prefix, year=year, number=next_number),
                        role,
                    )
        if row is None:
            changes.insert(
                0,
                SettingsChange(
                    at=now,
                    by=by,
                    item=SettingsItem.INITIAL,
                    new_value=name,
                    reason=reason,
                ),
            )
            row = HospitalSettings(pk=SINGLETON_PK)
        elif not changes:
            raise DomainError(_("没有修改任何设置。"))
        row.name = name
        row.title_wording = title_wording
        row.objection_contact = objection_contact
        for field, value in (year_round | coverage).items():
            setattr(row, field, value)
        row.saved_at = now
        row.saved_by = by
        row.save()
        SettingsChange.objects.bulk_create(changes)
        renew(PROFILE_VERSION_KEY)
        registry.settings_changed()
    return row
