"""Key-post holdings (重点岗位, seed 004 art. 19): who of a unit holds which high-risk post
since when, until when; a rotation ends one holding and starts the successor's.

Who: the unit's head or contact (``risks.rules.keeps_records_of``). A holder is a
person of the unit (or of one of its clean teams) on the roster; the same person
never holds the same post twice over the same days. Nothing is deleted: a holding
ends with a date and a reason, its history kept.
"""

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from core.errors import DomainError
from core.history import changed_by
from core.i18n import full_date
from departments.models import Person
from risks.enums import HoldingEnd
from risks.models import KeyPost, KeyPostHolding

from .common import not_in_future, require_keeper, require_new


def _require_of_unit(person, unit):
    if person is None:
        raise DomainError(_("请选择在岗人员。"), field="person")
    if unit.pk not in (person.department_id, person.department.parent_id):
        raise DomainError(
            _(
                "%(person)s是“%(department)s”的人员，不在“%(unit)s”的人员名单上；只能登记本科室人员。"
            )
            % {"person": person.name, "department": person.department.name, "unit": unit.name},
            field="person",
        )
    if not person.active:
        raise DomainError(
            _("%(person)s已不在职，不能登记为在岗人员。") % {"person": person.name},
            field="person",
        )


def _require_no_overlap(*, person, post, since, until, exclude=None):
    """The same person holding the same post over overlapping days is refused, naming the
    holding in the way. The person's row is locked first, so two posts at once queue."""
    Person.objects.select_for_update(no_key=True).filter(pk=person.pk).first()
    overlapping = KeyPostHolding.objects.filter(person=person, post=post).filter(
        Q(until__isnull=True) | Q(until__gte=since)
    )
    if until is not None:
        overlapping = overlapping.filter(since__lte=until)
    if exclude is not None:
        overlapping = overlapping.exclude(pk=exclude.pk)
    other = overlapping.order_by("since").first()
    if other is not None:
        held = (
            _("自%(since)s起在岗") % {"since": full_date(other.since)}
            if other.until is None
            else _("%(since)s至%(until)s在岗")
            % {"since": full_date(other.since), "until": full_date(other.until)}
        )
        raise DomainError(
            _("%(person)s已有“%(post)s”的在岗记录（%(held)s），与所填期间重叠。")
            % {"person": person.name, "post": post.name, "held": held},
            field="since",
        )


def _post(post, new_post_name, by):
    """The chosen post, or a new one the keeper names (the list they extend)."""
    name = (new_post_name or "").strip()
    if name:
        if len(name) > 50:
            raise DomainError(_("岗位名称最多 50 字。"), field="new_post")
        existing = KeyPost.objects.filter(name=name).first()
        if existing is not None:
            return existing
        created = KeyPost(name=name, added_by=by)
        changed_by(created, by=by, reason=_("新增重点岗位"))
        created.save()
        return created
    if post is None:
        raise DomainError(_("请选择重点岗位，或填写新的岗位名称。"), field="post")
    return post


@transaction.atomic
def holding_add(*, unit, by, person, since, post=None, new_post_name="", submission_key=None):
    """Record that ``person`` of ``unit`` holds a key post since ``since``.

    ``post`` is one of the list, or ``new_post_name`` adds a post to the list. Refused
    unless ``by`` keeps the unit's records; for a person of another department or not
    in post; for a start after today; when the same person already holds the same post
    over those days. A second post of the same form raises ``AlreadySubmittedError``.

    Side effects: one KeyPostHolding (and a KeyPost when a new name is given), each with
    a history row.
    """
    require_keeper(by, unit)
    _require_of_unit(person, unit)
    since = not_in_future(since, _("上岗日期"), field="since")
    require_new(
        KeyPostHolding,
        by=by,
        submission_key=submission_key,
        repeated=_("该在岗记录已经登记过，没有重复登记。"),
    )
    post = _post(post, new_post_name, by)
    _require_no_overlap(person=person, post=post, since=since, until=None)
    holding = KeyPostHolding(
        unit=unit,
        post=post,
        person=person,
        since=since,
        recorded_by=by,
        submission_key=submission_key,
    )
    changed_by(holding, by=by, reason=_("登记在岗"))
    holding.save()
    return holding


def _locked(holding):
    return (
        KeyPostHolding.objects.select_for_update()
        .select_related("unit", "post", "person")
        .get(pk=holding.pk)
    )


def _end(holding, *, by, until, kind, note):
    if holding.until is not None:
        raise DomainError(_("该在岗记录已于%(until)s结束。") % {"until": full_date(holding.until)})
    until = not_in_future(until, _("离岗日期"), field="until")
    if until < holding.since:
        raise DomainError(
            _("离岗日期不能早于上岗日期（%(since)s）。") % {"since": full_date(holding.since)},
            field="until",
        )
    holding.until = until
    holding.end_kind = kind
    holding.end_note = note
    holding.ended_by = by
    changed_by(holding, by=by, reason=HoldingEnd(kind).label)
    holding.save(update_fields=["until", "end_kind", "end_note", "ended_by"])
    return holding


@transaction.atomic
def holding_end(*, holding, by, until, kind=HoldingEnd.LEFT, note=""):
    """End a holding on ``until`` (its last day), e.g. the holder left the post.

    Refused unless ``by`` keeps the unit's records; when it already ended; for a date
    after today or before the start; ``other`` without a note.

    Side effects: ``until``, the reason, who; a history row.
    """
    require_keeper(by, holding.unit)
    if kind not in HoldingEnd.values:
        raise DomainError(_("请选择离岗原因。"), field="kind")
    note = (note or "").strip()
    if kind == HoldingEnd.OTHER and not note:
        raise DomainError(_("离岗原因为“其他”时请填写说明。"), field="note")
    return _end(_locked(holding), by=by, until=until, kind=kind, note=note)


@transaction.atomic
def holding_rotate(*, holding, by, successor, on, note="", submission_key=None):
    """A rotation (轮岗): the holder leaves the post on ``on`` and ``successor`` (a person of
    the unit) holds it from ``on``.

    Refused as ``holding_end`` and ``holding_add`` refuse (the successor of another
    department, the successor already holding the post then, a date after today or before
    the start), and when the successor is the holder.

    Side effects: the holding ended (``rotated``), a new KeyPostHolding that succeeds it;
    history rows. Returns the new holding.
    """
    require_keeper(by, holding.unit)
    holding = _locked(holding)
    if successor is not None and successor.pk == holding.person_id:
        raise DomainError(_("轮岗须由其他人员接任。"), field="successor")
    _require_of_unit(successor, holding.unit)
    require_new(
        KeyPostHolding,
        by=by,
        submission_key=submission_key,
        repeated=_("该轮岗已经登记过，没有重复登记。"),
    )
    _end(holding, by=by, until=on, kind=HoldingEnd.ROTATED, note=(note or "").strip())
    _require_no_overlap(person=successor, post=holding.post, since=on, until=None)
    new = KeyPostHolding(
        unit=holding.unit,
        post=holding.post,
        person=successor,
        since=on,
        succeeds=holding,
        recorded_by=by,
        submission_key=submission_key,
    )
    changed_by(new, by=by, reason=_("轮岗接任"))
    new.save()
    return new
