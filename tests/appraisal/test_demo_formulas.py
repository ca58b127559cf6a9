"""The demo's formulas (appraisal/demo_formulas.py) on the default rubric, with the
records apps' kinds installed: each saved through the service."""

from appraisal.demo_formulas import DEMO_FORMULAS, demo_formulas
from appraisal.models import CriterionFormula
from tests.appraisal.yearly import yearly_campaign


def test_demo_formulas_are_saved_on_the_default_rubric(party_office, db):
    campaign = yearly_campaign(party_office)

    saved = demo_formulas(campaign, by=party_office)

    assert len(saved) == len(DEMO_FORMULAS) == 4
    assert sorted(
        (f.criterion.standard.order, f.criterion.order, f.kind, f.figure)
        for f in CriterionFormula.objects.select_related("criterion__standard")
    ) == [
        (1, 2, "risks.risk_points", "reviewed_percent"),
        (1, 3, "integrity.talks", "percent"),
        (1, 5, "integrity.commitments", "percent"),
        (4, 2, "integrity.study_sessions", "quarters_covered"),
    ]


def test_demo_formulas_leave_out_kinds_not_installed(party_office, figure_records):
    campaign = yearly_campaign(party_office)
    assert demo_formulas(campaign, by=party_office) == []
