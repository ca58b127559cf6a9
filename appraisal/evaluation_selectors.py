"""Reads of the yearly evaluation's confirmed results (docs/evaluation.md)."""

from appraisal.models import EvaluationResult


def last_yearly_results(units, *, before_year=None):
    """``{unit pk: EvaluationResult}``: each unit's latest confirmed yearly result
    (only those of years before ``before_year`` when given); units never evaluated
    are left out. One query whatever the number of units."""
    unit_ids = [getattr(unit, "pk", unit) for unit in units]
    rows = EvaluationResult.objects.filter(unit_id__in=unit_ids).select_related("campaign")
    if before_year is not None:
        rows = rows.filter(year__lt=before_year)
    answer = {}
    for result in rows.order_by("unit_id", "-year", "-confirmed_on", "-pk"):
        answer.setdefault(result.unit_id, result)
    return answer
