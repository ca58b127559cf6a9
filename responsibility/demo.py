"""The demo hospital's holders of public power and their lists of this year
(departments/demo.py must be loaded first).

``load_demo_year_round()`` adds, when this year's set is still empty: the heads of
心血管内科, 检验科, 呼吸与危重症医学科 and 普外科, a hospital leader (干部) and a key post of
药剂科 and of 设备科; 心血管内科's head has filed and signed (one item done, one past its due
date if the year is that far on), 检验科's head has signed, the leader has signed, 药剂科's
list was handed in on paper and filed by the party office with its scan, 呼吸与危重症医学科's
head has written the list and not signed it, 普外科's head and 设备科's holder have not filed.
Running it again adds nothing.
"""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from departments.models import Department, Person
from responsibility.enums import HolderReason, ItemKind
from responsibility.models import Holder
from responsibility.services import holders as holder_services
from responsibility.services import lists as list_services

# (department code, index of its people, reason, note)
HOLDERS = [
    ("XNK", 0, HolderReason.HEAD, ""),
    ("JYK", 0, HolderReason.HEAD, ""),
    ("HXK", 0, HolderReason.HEAD, ""),
    ("PWK", 0, HolderReason.HEAD, ""),
    ("YLD", 1, HolderReason.CADRE, "分管后勤、采购"),
    ("YJK", 1, HolderReason.KEY_POST, "药品采购"),
    ("SBK", 1, HolderReason.KEY_POST, "设备采购"),
]

PROBLEMS = [
    (
        ItemKind.PROBLEM,
        "科室高值耗材使用登记不够及时，跟台人员管理有漏洞",
        "落实高值耗材双人核对登记；跟台人员登记备案，每月抽查",
        (6, 30),
    ),
    (
        ItemKind.RESPONSIBILITY,
        "履行科室党风廉政建设“一岗双责”，每年与科内人员开展廉政约谈",
        "年内完成全员约谈并记入台账；每季度组织科内学习",
        (12, 31),
    ),
    (
        ItemKind.PROBLEM,
        "医疗收费自查不够经常，存在漏收、多收风险",
        "每月开展收费自查，发现问题当月整改",
        (9, 30),
    ),
]


def _pdf():
    """A small valid PDF standing for the signed paper list."""
    content = b"BT /F1 18 Tf 72 720 Td (Signed list - demo scan) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    body = b"%PDF-1.4\n"
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    body += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    body += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return body


def _fill(holder, by, items, today):
    for kind, text, measures, (month, day) in items:
        list_services.item_add(
            holder=holder,
            by=by,
            kind=kind,
            text=text,
            measures=measures,
            due_on=datetime.date(today.year, month, day),
        )


@transaction.atomic
def load_demo_year_round(*, today=None):
    """Add this year's demo holders and lists when the year has none. Returns counts."""
    today = today or timezone.localdate()
    office = User.objects.filter(username="po").first()
    if office is None or Holder.objects.filter(year=today.year).exists():
        return {"掌握公权力人员": 0, "已签名备案": 0}
    units = {u.code: u for u in Department.objects.filter(code__in={h[0] for h in HOLDERS})}
    people = {}
    for code, index, reason, note in HOLDERS:
        unit = units.get(code)
        if unit is None:
            continue
        staff = list(
            Person.objects.filter(department=unit, active=True).order_by("employee_number")
        )
        person = unit.head if index == 0 and unit.head_id else None
        person = person or (staff[index] if len(staff) > index else None)
        if person is None:
            continue
        added, _already = holder_services.holders_add(
            year=today.year,
            employee_numbers=person.employee_number,
            reason=reason,
            note=note,
            by=office,
        )
        if added:
            people[code] = added[0]
    signed = 0
    for code, items in (("XNK", PROBLEMS), ("JYK", PROBLEMS[1:]), ("YLD", PROBLEMS[1:2])):
        holder = people.get(code)
        user = holder.person.user if holder else None
        if user is None:
            continue
        _fill(holder, user, items, today)
        list_services.list_sign(holder=holder, by=user)
        signed += 1
        if code == "XNK":
            first = holder.lists.get().items.order_by("order").last()
            list_services.item_progress(
                item=first,
                by=user,
                done=True,
                on=min(today, timezone.localdate()),
                note="已完成全员约谈，记入台账。",
            )
    if (holder := people.get("YJK")) is not None:
        # Handed in on paper: the party office types it in and files the signed scan.
        _fill(holder, office, PROBLEMS[:1], today)
        list_services.list_scan_record(
            holder=holder,
            by=office,
            upload=SimpleUploadedFile("问题清单和责任清单（签名）.pdf", _pdf(), "application/pdf"),
        )
        signed += 1
    if (holder := people.get("HXK")) is not None and holder.person.user is not None:
        _fill(holder, holder.person.user, PROBLEMS[:2], today)
    return {"掌握公权力人员": len(people), "已签名备案": signed}
