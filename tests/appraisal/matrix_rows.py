"""The yearly evaluation's rows of the permission matrix (tests/test_permission_matrix.py):
the party office manages it, the party committee confirms, each unit reads only its own
published result."""

from tests.matrix import Row, anonymous_login, hidden_except, only, only_posts

MANAGERS = ("party_office",)
RESULT_READERS = ("party_office", "party_committee")
# Department A's published result: its applicant and head, the party office, the committee.
RESULT_A_READERS = ("applicant_a", "head_a", *RESULT_READERS)


def _evaluation(request):
    from tests.factories import make_evaluation

    return make_evaluation(request.getfixturevalue("party_office"))


def _deciding(request):
    """A yearly evaluation forwarded to the party committee: departments A and B and the
    party office's own department, each scored by a reviewer of another one."""
    from tests.factories import make_reviewer, scored_evaluation

    department_a = request.getfixturevalue("department_a")
    department_b = request.getfixturevalue("department_b")
    reviewers = [make_reviewer(department_a, "matrix_r1"), make_reviewer(department_b, "matrix_r2")]
    return scored_evaluation(request.getfixturevalue("party_office"), reviewers)


def _confirmed(request):
    from django.utils import timezone

    from appraisal.services.evaluations import results_confirm

    return results_confirm(
        campaign=_deciding(request),
        by=request.getfixturevalue("party_committee"),
        confirmed_on=timezone.localdate(),
        reference="院党委会",
    )


def _published_result_a(request):
    from appraisal.models import EvaluationResult
    from appraisal.services.evaluations import results_publish

    campaign = _confirmed(request)
    results_publish(campaign=campaign, by=request.getfixturevalue("party_office"))
    for persona in ("applicant_a", "head_a"):
        request.getfixturevalue(persona)
    return [EvaluationResult.objects.get(campaign=campaign, unit__code="A01").pk]


def _evaluation_form(request):
    import datetime

    from django.utils import timezone

    now = timezone.localtime()
    return {
        "year": now.year,
        "title": "矩阵年度考评",
        "opens_at": now.strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (now + datetime.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"),
        "allows_departments": "on",
        "reviewers_per_application": 2,
    }


GRADE_BANDS = {
    "excellent_lower": "85",
    "excellent_upper": "100",
    "good_lower": "70",
    "good_upper": "85",
    "pass_lower": "0",
    "pass_upper": "70",
}

ROWS = {
    "appraisal:evaluation_create": Row(expect=only(MANAGERS)),
    "appraisal:evaluation_open": Row(
        method="post",
        build=lambda r: [_evaluation(r).pk],
        expect=only_posts(MANAGERS),
    ),
    "appraisal:grade_bands": Row(build=lambda r: [_evaluation(r).pk], expect=only(MANAGERS)),
    "appraisal:evaluation_results": Row(
        build=lambda r: [_deciding(r).pk], expect=only(RESULT_READERS)
    ),
    "appraisal:results_confirm": Row(
        method="post",
        build=lambda r: [_deciding(r).pk],
        data={"confirmed_on": "2026-01-05", "reference": "院党委会"},
        expect=only_posts(("party_committee",)),
    ),
    "appraisal:results_publish": Row(
        method="post",
        build=lambda r: [_confirmed(r).pk],
        expect=only_posts(MANAGERS),
    ),
    "appraisal:results_export": Row(
        build=lambda r: [_confirmed(r).pk], expect=only(RESULT_READERS)
    ),
    "appraisal:my_results": Row(expect=anonymous_login()),
    "appraisal:evaluation_result": Row(
        build=_published_result_a, expect=hidden_except(RESULT_A_READERS)
    ),
}

FORM_POSTS = {
    "appraisal:evaluation_create": Row(
        method="post", data=_evaluation_form, expect=only_posts(MANAGERS)
    ),
    "appraisal:grade_bands": Row(
        method="post",
        build=lambda r: [_evaluation(r).pk],
        data=GRADE_BANDS,
        expect=only_posts(MANAGERS),
    ),
}
