"""Building and editing a campaign's rubric (services for the rubric).

Edits are refused once the rubric is frozen (its campaign's first application
was submitted), whoever asks: the page, the admin or a command.
"""

import json
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from appraisal.models import Criterion, Rubric, Standard
from appraisal.records import record_kind
from core.errors import DomainError
from core.history import changed_by

DEFAULT_RUBRIC_FILE = "default_rubric.json"


def default_rubric_data():
    """The hospital's default rubric, as kept in fixtures/default_rubric.json."""
    path = Path(settings.BASE_DIR) / "fixtures" / DEFAULT_RUBRIC_FILE
    return json.loads(path.read_text(encoding="utf-8"))


def rubric_create_default(*, name=None):
    """A new rubric with the default standards and criteria. Side effects: the rows."""
    data = default_rubric_data()
    rubric = Rubric.objects.create(name=name or data["name"])
    for standard_data in data["standards"]:
        standard = Standard.objects.create(
            rubric=rubric, name=standard_data["name"], order=standard_data["order"]
        )
        Criterion.objects.bulk_create(
            Criterion(
                standard=standard,
                text=criterion["text"],
                points=Decimal(criterion["points"]),
                order=criterion["order"],
                guidance=criterion.get("guidance", ""),
                record_kinds=list(criterion.get("record_kinds", [])),
            )
            for criterion in standard_data["criteria"]
        )
    return rubric


def rubric_copy(*, source, name=None):
    """A new, unfrozen rubric with the same standards and criteria as ``source``."""
    rubric = Rubric.objects.create(name=name or source.name, copied_from=source)
    for standard in source.standards.prefetch_related("criteria"):
        copy = Standard.objects.create(
            rubric=rubric, name=standard.name, order=standard.order, guidance=standard.guidance
        )
        Criterion.objects.bulk_create(
            Criterion(
                standard=copy,
                text=c.text,
                points=c.points,
                order=c.order,
                guidance=c.guidance,
                record_kinds=list(c.record_kinds),
            )
            for c in standard.criteria.all()
        )
    return rubric


def _editable(rubric):
    locked = Rubric.objects.select_for_update().get(pk=rubric.pk)
    if locked.is_frozen:
        raise DomainError(
            _(
                "本批次已有科室提交申报，考评细则已冻结，不能再修改："
                "修改会使已提交的自评与评审失去统一标准。"
            )
        )
    return locked


@transaction.atomic
def standard_save(*, rubric, by, name, order, guidance="", standard=None):
    """Add a standard to ``rubric``, or change ``standard``. Refused when frozen."""
    _editable(rubric)
    if not name.strip():
        raise DomainError(_("请填写标准名称。"))
    standard = standard or Standard(rubric=rubric)
    if standard.rubric_id != rubric.pk:
        raise DomainError(_("该标准不属于本考评细则。"))
    standard.name, standard.order, standard.guidance = name.strip(), order, guidance
    changed_by(standard, by=by)
    standard.save()
    return standard


@transaction.atomic
def standard_remove(*, standard, by):
    """Remove a standard and its criteria from an unfrozen rubric (history keeps them)."""
    _editable(standard.rubric)
    for criterion in standard.criteria.all():
        changed_by(criterion, by=by)
        criterion.delete()
    changed_by(standard, by=by)
    standard.delete()


@transaction.atomic
def criterion_save(
    *, standard, by, text, points, order, guidance="", criterion=None, record_kinds=None
):
    """Add a criterion to ``standard``, or change ``criterion``. Refused when frozen.

    Points are positive, in steps of 0.5 (reviewers score in half points).
    ``record_kinds`` (keys of appraisal/records.py) are the year-round records that
    evidence it; None keeps them as they are. A key must be registered, unless the
    criterion already names it (an app not installed now keeps its keys: they are
    shown as not registered, never dropped behind the office's back).
    """
    _editable(standard.rubric)
    points = Decimal(points)
    if points <= 0 or points % Decimal("0.5") != 0:
        raise DomainError(_("分值必须是大于 0 的数，以 0.5 为单位。"))
    if not text.strip():
        raise DomainError(_("请填写评分项内容。"))
    criterion = criterion or Criterion(standard=standard)
    if record_kinds is not None:
        criterion.record_kinds = _checked_record_kinds(record_kinds, criterion.record_kinds)
    criterion.standard = standard
    criterion.text, criterion.points, criterion.order, criterion.guidance = (
        text.strip(),
        points,
        order,
        guidance,
    )
    changed_by(criterion, by=by)
    criterion.save()
    return criterion


def _checked_record_kinds(keys, current):
    """``keys`` without repeats, each registered or already named by the criterion."""
    checked = []
    for key in keys:
        if key in checked:
            continue
        if record_kind(key) is None and key not in current:
            raise DomainError(_("台账类型“%(key)s”未注册，不能选用。") % {"key": key})
        checked.append(key)
    return checked


@transaction.atomic
def criterion_remove(*, criterion, by):
    """Remove a criterion from an unfrozen rubric (history keeps it)."""
    _editable(criterion.standard.rubric)
    changed_by(criterion, by=by)
    criterion.delete()


def rubric_freeze(*, rubric, at):
    """Freeze ``rubric`` (called by the first submission of an application). Idempotent."""
    Rubric.objects.filter(pk=rubric.pk, frozen_at__isnull=True).update(frozen_at=at)


def rubric_total(rubric):
    """The rubric's full points: the sum of every criterion."""
    return Criterion.objects.filter(standard__rubric=rubric).aggregate(total=Sum("points"))[
        "total"
    ] or Decimal(0)
