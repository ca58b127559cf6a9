"""The veto indicators (否决性指标): the ten of fixtures/, edited by the administrator.

An indicator is never deleted: one no longer used is retired (``retired_at``),
and every event keeps the wording it was reported under (VetoEvent's
snapshot fields), so an edit never changes what an event says.
"""

import json
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError
from core.history import changed_by
from core.permissions import require
from departments.models import Department
from veto.models import VetoIndicator
from veto.rules import ADD_INDICATOR as ADD
from veto.rules import CHANGE_INDICATOR as CHANGE

DEFAULT_INDICATORS_FILE = "veto_indicators.json"
# How the offices of an indicator are written in its text field: 党政办、公卫科.
OFFICE_SEPARATOR = "、"


def default_indicators_data():
    """The ten default veto indicators, as kept in fixtures/veto_indicators.json."""
    path = Path(settings.BASE_DIR) / "fixtures" / DEFAULT_INDICATORS_FILE
    return json.loads(path.read_text(encoding="utf-8"))["indicators"]


def office_names(text):
    """The office names of a ``responsible_offices`` text (党政办、公卫科 → [党政办, 公卫科])."""
    for separator in (",", "，", ";", "；", "/"):
        text = text.replace(separator, OFFICE_SEPARATOR)
    return [name.strip() for name in text.split(OFFICE_SEPARATOR) if name.strip()]


def load_defaults(indicator_model, department_model):
    """Create the missing default indicators and link each indicator to the departments
    named in its ``responsible_offices``. Works with the real models and with a
    migration's historical ones. Returns (indicators created, links added)."""
    existing = set(indicator_model.objects.values_list("number", flat=True))
    missing = [
        indicator_model(
            number=row["number"],
            text=row["text"],
            evidence_basis=row["evidence_basis"],
            responsible_offices=OFFICE_SEPARATOR.join(row["responsible_offices"]),
        )
        for row in default_indicators_data()
        if row["number"] not in existing
    ]
    for indicator in missing:
        changed_by(indicator, by=None, reason=_("默认否决性指标"))
        indicator.save()
    departments = {}
    for department in department_model.objects.filter(active=True).order_by("pk"):
        departments.setdefault(department.name, department)
    links = 0
    for indicator in indicator_model.objects.prefetch_related("responsible_departments"):
        linked = {d.pk for d in indicator.responsible_departments.all()}
        wanted = [
            departments[name]
            for name in office_names(indicator.responsible_offices)
            if name in departments and departments[name].pk not in linked
        ]
        if wanted:
            indicator.responsible_departments.add(*wanted)
            links += len(wanted)
    return len(missing), links


@transaction.atomic
def indicators_load_defaults():
    """Load the default indicators (idempotent): create those missing by number, and
    link every indicator to the departments whose names its responsible offices
    name (a name without a department stays text only).

    Side effects: VetoIndicator rows with a history row each; links. Returns
    (indicators created, links added).
    """
    return load_defaults(VetoIndicator, Department)


def _clean(text, evidence_basis, responsible_offices):
    values = {
        "text": (text or "").strip(),
        "evidence_basis": (evidence_basis or "").strip(),
        "responsible_offices": (responsible_offices or "").strip(),
    }
    if not all(values.values()):
        raise DomainError(_("请填写指标内容、审核依据和责任部门。"))
    return values


@transaction.atomic
def indicator_add(*, by, text, evidence_basis, responsible_offices, departments=()):
    """A new indicator with the next number. Side effects: the row (history), its links."""
    require(by, ADD, message=_("只有系统管理员可以新增否决性指标。"))
    values = _clean(text, evidence_basis, responsible_offices)
    last = VetoIndicator.objects.select_for_update().order_by("-number").first()
    indicator = VetoIndicator(number=(last.number + 1) if last else 1, **values)
    changed_by(indicator, by=by, reason=_("新增"))
    indicator.save()
    indicator.responsible_departments.set(departments)
    return indicator


@transaction.atomic
def indicator_edit(*, indicator, by, text, evidence_basis, responsible_offices, departments=()):
    """Change an indicator's wording, evidence basis and responsible offices.

    Events already reported keep the wording they were reported under. Refused
    for a retired indicator. Side effects: the row (a history row), its links.
    """
    require(by, CHANGE, indicator, message=_("只有系统管理员可以修改否决性指标。"))
    indicator = VetoIndicator.objects.select_for_update().get(pk=indicator.pk)
    if indicator.is_retired:
        raise DomainError(_("该指标已停用，不能修改。"))
    values = _clean(text, evidence_basis, responsible_offices)
    for field, value in values.items():
        setattr(indicator, field, value)
    changed_by(indicator, by=by, reason=_("修改"))
    indicator.save(update_fields=list(values))
    indicator.responsible_departments.set(departments)
    return indicator


@transaction.atomic
def indicator_retire(*, indicator, by, reason, now=None):
    """Retire an indicator: no new event can be reported under it; it is never deleted.

    A reason is required and kept in the history. Side effects: ``retired_at``.
    """
    require(by, CHANGE, indicator, message=_("只有系统管理员可以停用否决性指标。"))
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("停用指标须说明理由。"))
    indicator = VetoIndicator.objects.select_for_update().get(pk=indicator.pk)
    if indicator.is_retired:
        raise DomainError(_("该指标已经停用。"))
    indicator.retired_at = now or timezone.now()
    changed_by(indicator, by=by, reason=_("停用：%(reason)s") % {"reason": reason})
    indicator.save(update_fields=["retired_at"])
    return indicator
