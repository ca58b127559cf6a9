"""The demo's computed criteria: a few sensible formulas for the demo's yearly rubric
(docs/evaluation.md, "Computed criteria").

Whoever builds the demo's yearly evaluation calls ``demo_formulas(campaign, by=office)``
once the campaign exists (a draft or open, before the review starts), then
``computation_request`` once it is open, as the party office would click. Each formula
goes through ``formula_save``; a kind whose app is not installed is left out (its
criterion stays scored by the reviewers), so the demo builds whatever apps there are.
"""

from appraisal.models import Criterion
from appraisal.records import record_kind
from appraisal.services.computed import formula_save

# The default rubric's criteria (fixtures/default_rubric.json), by standard and order,
# with the figure that measures them and its bands (threshold → points).
DEMO_FORMULAS = [
    # 管理规范 2 · 开展廉政风险排查和防范化解 (6): risk points reviewed this year.
    (
        (1, 2),
        "risks.risk_points",
        "reviewed_percent",
        [("100", "6"), ("80", "4.5"), ("50", "3"), ("1", "1")],
    ),
    # 管理规范 3 · 科主任每年至少对科内人员开展 1 次廉政约谈 (5): talks' coverage.
    ((1, 3), "integrity.talks", "percent", [("100", "5"), ("90", "4"), ("80", "3"), ("60", "1.5")]),
    # 管理规范 5 · 科室与全体人员签订廉洁承诺书 (4): commitments' coverage.
    ((1, 5), "integrity.commitments", "percent", [("100", "4"), ("95", "3"), ("90", "2")]),
    # 文化廉洁 2 · 科内学习……每季不少于 1 次 (8): quarters with a study session.
    (
        (4, 2),
        "integrity.study_sessions",
        "quarters_covered",
        [("4", "8"), ("3", "6"), ("2", "4"), ("1", "2")],
    ),
]


def demo_formulas(campaign, *, by):
    """Give ``campaign``'s rubric the demo formulas whose kinds are registered. Returns
    the formulas saved. Side effects: as ``formula_save`` (refused, like it, outside a
    yearly campaign or once its review started)."""
    criteria = {
        (c.standard.order, c.order): c
        for c in Criterion.objects.filter(standard__rubric=campaign.rubric_id).select_related(
            "standard"
        )
    }
    saved = []
    for place, kind, figure, bands in DEMO_FORMULAS:
        criterion = criteria.get(place)
        if criterion is None or record_kind(kind) is None:
            continue
        saved.append(
            formula_save(
                criterion=criterion,
                by=by,
                kind=kind,
                figure=figure,
                bands=[{"at_least": at, "points": points} for at, points in bands],
            )
        )
    return saved
