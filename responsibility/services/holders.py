"""The party office's set of holders of public power, per year.

Who: the party office (``responsibility.manage_holders``). A holder is added once per
year (a standing entry: a partial unique constraint); removal records the day from
which they no longer count, who and why; nothing is deleted. The set is filled from the
heads of the active departments, or from employee numbers pasted from a spreadsheet
column (cadres, key posts: the key-post rotation list's export has the column).
"""

import re

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError
from core.history import changed_by
from core.i18n import full_date
from core.permissions import require
from departments.models import Department, Person
from responsibility.enums import HolderReason
from responsibility.models import Holder
from responsibility.rules import MANAGE

MAX_LINES = 2000
_SEPARATORS = re.compile(r"[\s,，、;；]+")


def _require_manager(by):
    require(by, MANAGE, message=_("只有党办可以维护掌握公权力人员名单。"))


def _require_year(year):
    this_year = timezone.localdate().year
    if year is None or not (this_year - 1 <= year <= this_year + 1):
        raise DomainError(
            _("年度须为%(first)s至%(last)s年。") % {"first": this_year - 1, "last": this_year + 1},
            field="year",
        )


def _require_reason(reason):
    if reason not in HolderReason.values:
        raise DomainError(_("请选择类别（干部、科室负责人或重点岗位）。"), field="reason")


def _standing(year, person_ids):
    return set(
        Holder.objects.filter(
            year=year, person_id__in=person_ids, removed_on__isnull=True
        ).values_list("person_id", flat=True)
    )


def _add(people, *, year, reason, note, by):
    """Add the people not yet standing in the year's set; returns (added, already)."""
    people = list(people)
    # Two offices filling the set at once queue on the people's rows.
    Person.objects.select_for_update(no_key=True).filter(pk__in=[p.pk for p in people]).exists()
    already = _standing(year, [p.pk for p in people])
    today = timezone.localdate()
    added = []
    for person in people:
        if person.pk in already:
            continue
        holder = Holder(
            year=year, person=person, reason=reason, note=note, added_by=by, added_on=today
        )
        changed_by(holder, by=by, reason=_("加入掌握公权力人员名单"))
        holder.save()
        added.append(holder)
    return added, [p for p in people if p.pk in already]


def parse_employee_numbers(text):
    """The employee numbers of ``text``, one line each (a column pasted from Excel): each
    non-empty line must hold exactly one known employee number among its words (so the
    rotation list's 在岗人员 column, "姓名 工号", is read too). Returns the people in the
    order given, each once; refused, naming every line that does not, with nothing read."""
    lines = [line.strip() for line in (text or "").splitlines()]
    numbered = [(n, line) for n, line in enumerate(lines, start=1) if line]
    if not numbered:
        raise DomainError(_("请填写工号，每行一个。"), field="employee_numbers")
    if len(numbered) > MAX_LINES:
        raise DomainError(
            _("一次最多添加 %(limit)s 人。") % {"limit": MAX_LINES}, field="employee_numbers"
        )
    words = {word for _n, line in numbered for word in _SEPARATORS.split(line) if word}
    known = {p.employee_number: p for p in Person.objects.filter(employee_number__in=words)}
    problems, people, seen = [], [], set()
    for n, line in numbered:
        found = {word for word in _SEPARATORS.split(line) if word in known}
        if len(found) != 1:
            problems.append(
                _("第%(line)s行“%(text)s”：%(problem)s")
                % {
                    "line": n,
                    "text": line[:30],
                    "problem": _("没有找到在册人员的工号") if not found else _("含有多个工号"),
                }
            )
            continue
        person = known[found.pop()]
        if not person.active:
            problems.append(
                _("第%(line)s行：%(person)s已不在职。") % {"line": n, "person": person.name}
            )
            continue
        if person.pk not in seen:
            seen.add(person.pk)
            people.append(person)
    if problems:
        raise DomainError(
            _("以下各行未能识别，没有添加任何人员：%(problems)s")
            % {"problems": "；".join(problems)},
            field="employee_numbers",
        )
    return people


@transaction.atomic
def holders_add(*, year, employee_numbers, reason, by, note=""):
    """Add the people whose employee numbers are given (one a line) to ``year``'s set.

    Refused unless ``by`` is the party office; a year other than last, this or next;
    a reason other than the three; any line without exactly one known employee number, or
    a person no longer in post (every such line named; nothing added). People already in
    the year's set are left as they are and counted.

    Side effects: one Holder (and its history row) per person added. Returns
    ``(added, already)``.
    """
    _require_manager(by)
    _require_year(year)
    _require_reason(reason)
    people = parse_employee_numbers(employee_numbers)
    return _add(people, year=year, reason=reason, note=(note or "").strip()[:200], by=by)


@transaction.atomic
def holders_fill_from_heads(*, year, by):
    """Add the head of every active department (clean teams are not departments) to
    ``year``'s set as 科室负责人; heads already in the set are left as they are.

    Refused unless ``by`` is the party office; a year other than last, this or next; no
    active department with a head in post.

    Side effects: one Holder per head added. Returns ``(added, already)``.
    """
    _require_manager(by)
    _require_year(year)
    heads = Person.objects.filter(
        pk__in=Department.objects.filter(
            active=True, parent__isnull=True, head__active=True
        ).values("head_id")
    ).order_by("department__code", "employee_number")
    if not heads.exists():
        raise DomainError(_("没有设置了科室负责人的在用科室；请先在“任命”中任命科室负责人。"))
    return _add(heads, year=year, reason=HolderReason.HEAD, note="", by=by)


@transaction.atomic
def holder_remove(*, holder, by, removed_on, reason):
    """Take ``holder`` out of the year's set from ``removed_on``: from that day they no
    longer count (the year's figures are read on its last day, or today).

    Refused unless ``by`` is the party office; already removed; no reason; a day after
    today or before the holder's year began. Their list and its versions stay.

    Side effects: the removal columns (day, who, when, why); a history row.
    """
    _require_manager(by)
    locked = Holder.objects.select_for_update().select_related("person").get(pk=holder.pk)
    if locked.removed_on is not None:
        raise DomainError(
            _("%(person)s已于%(date)s移出名单。")
            % {"person": locked.person.name, "date": full_date(locked.removed_on)}
        )
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("请填写移出原因。"), field="reason")
    if removed_on is None:
        raise DomainError(_("请填写移出日期。"), field="removed_on")
    if removed_on > timezone.localdate():
        raise DomainError(_("移出日期不能晚于今天。"), field="removed_on")
    if removed_on.year < locked.year:
        raise DomainError(
            _("移出日期不能早于%(year)s年1月1日。") % {"year": locked.year}, field="removed_on"
        )
    locked.removed_on = removed_on
    locked.removed_by = by
    locked.removed_at = timezone.now()
    locked.removal_reason = reason[:2000]
    changed_by(locked, by=by, reason=_("移出掌握公权力人员名单"))
    locked.save(update_fields=["removed_on", "removed_by", "removed_at", "removal_reason"])
    return locked
