"""The computed criteria's rows of the permission matrix (tests/test_permission_matrix.py):
a yearly campaign open, department A and B evaluated, criterion 1.3 computed from the
talks' coverage (docs/evaluation.md, "Computed criteria")."""

from tests.matrix import SIGNED_IN, Row, anonymous_login, hidden_except, only, only_posts

MANAGERS = ("party_office",)
UNIT_A = ("applicant_a", "head_a")


def _yearly(request):
    """The yearly campaign (built once per test) and department A's application."""
    from appraisal.models import Application, Campaign
    from tests.appraisal.yearly import criterion, evaluated, set_formula, yearly_campaign

    existing = Campaign.objects.filter(kind="yearly_evaluation").first()
    if existing is not None:
        return existing, Application.objects.get(
            campaign=existing, unit=request.getfixturevalue("department_a")
        )
    office = request.getfixturevalue("party_office")
    campaign = yearly_campaign(office)
    a, _b = evaluated(
        campaign,
        [request.getfixturevalue("department_a"), request.getfixturevalue("department_b")],
        by=office,
    )
    set_formula(criterion(campaign, 1, 3), office, kind="integrity.talks", figure="percent")
    return campaign, a


def _campaign_args(request):
    return [_yearly(request)[0].pk]


def _formula_args(request):
    from tests.appraisal.yearly import criterion

    campaign = _yearly(request)[0]
    return [campaign.pk, criterion(campaign, 1, 3).pk]


def _draft_args(request):
    return [_yearly(request)[1].pk]


def _explain_args(request):
    from tests.appraisal.yearly import criterion

    campaign, application = _yearly(request)
    return [application.pk, criterion(campaign, 1, 3).pk]


ROWS = {
    "appraisal:formula": Row(build=_formula_args, expect=only(MANAGERS)),
    "appraisal:formula_remove": Row(
        method="post", build=_formula_args, expect=only_posts(MANAGERS)
    ),
    "appraisal:computed_scores": Row(build=_campaign_args, expect=only(MANAGERS)),
    "appraisal:computation_progress": Row(build=_campaign_args, expect=only(MANAGERS)),
    "appraisal:computation_start": Row(
        method="post", build=_campaign_args, expect=only_posts(MANAGERS)
    ),
    # The unit's draft: its contact and head, and the party office; hidden from others.
    "appraisal:computed_draft": Row(build=_draft_args, expect=hidden_except((*UNIT_A, *MANAGERS))),
    # The party office reads the draft but does not explain for the unit: told on the form.
    "appraisal:explanation_add": Row(
        method="post",
        build=_explain_args,
        data={"text": "本年度三人休产假，已于复岗后补谈。"},
        expect=anonymous_login(
            **{p: 302 if p in UNIT_A else 200 if p in MANAGERS else 404 for p in SIGNED_IN}
        ),
    ),
}

FORM_POSTS = {
    "appraisal:formula": Row(
        method="post",
        build=_formula_args,
        data={"source": "integrity.talks|percent", "at_least_1": "90", "points_1": "4"},
        expect=only_posts(MANAGERS),
    ),
}
