"""Drill: two people act on the same record at the same moment; exactly one wins and
the other is told, in a sentence naming the state now, that someone acted first.

Two threads, two database connections, released together by a barrier. The
quota race (two approvals of different departments for the last place) is
tests/appraisal/test_decisions.py::test_concurrent_approvals_never_exceed_the_quota.
"""

import threading
from decimal import Decimal

import pytest
from django.db import connection

from accounts.roles import Role
from appraisal.enums import ApplicationState, ReviewState
from appraisal.models import Application, ApplicationEvent, Criterion, Review, ReviewEvent, Score
from appraisal.services import applications as application_services
from appraisal.services import assignment
from appraisal.services import reviews as review_services
from appraisal.services.decisions import decision_record
from core.errors import DomainError, StaleStateError
from tests.conftest import needs_postgresql
from tests.factories import (
    DepartmentFactory,
    UserFactory,
    close_applications,
    deciding_campaign,
    fill_review,
    make_reviewer,
    open_campaign,
    submitted_application,
)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    needs_postgresql,
]


def race(**actions):
    """Run the named actions at the same moment, each in its own thread and connection.
    Returns {name: "ok" | the DomainError that refused it}; any other error fails."""
    outcomes = {}
    barrier = threading.Barrier(len(actions))

    def run(name, action):
        barrier.wait()
        try:
            action()
            outcomes[name] = "ok"
        except DomainError as refusal:
            outcomes[name] = refusal
        except Exception as crash:  # a crash (a would-be 500) is the drill's finding
            outcomes[name] = crash
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=item) for item in actions.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def winner_and_refusal(outcomes):
    """The one action that went through and the other's refusal (exactly one of each)."""
    won = [name for name, outcome in outcomes.items() if outcome == "ok"]
    refused = [o for o in outcomes.values() if isinstance(o, DomainError)]
    assert len(won) == 1, outcomes
    assert len(refused) == 1, outcomes
    return won[0], refused[0]


def stale(state_label):
    return f"该记录当前状态为“{state_label}”，已被他人处理，请刷新页面后再操作。"


# --- the leading group: approve and reject the same department at once --------------------


def test_approve_and_reject_of_one_application_at_once_one_applies(party_office, department_a):
    _campaign, (application,) = deciding_campaign(party_office, [department_a])
    first = UserFactory(username="leader1", roles=[Role.LEADING_GROUP])
    second = UserFactory(username="leader2", roles=[Role.LEADING_GROUP])

    def decide(by, approve):
        # What the decision form sends: the state the member saw on the page.
        return lambda: decision_record(
            application=application,
            by=by,
            approve=approve,
            reason="经集体研究。",
            seen_state=ApplicationState.RECOMMENDED,
        )

    outcomes = race(approve=decide(first, True), reject=decide(second, False))
    won, refusal = winner_and_refusal(outcomes)
    state = Application.objects.get(pk=application.pk).state
    assert state == (ApplicationState.APPROVED if won == "approve" else ApplicationState.REJECTED)
    assert isinstance(refusal, StaleStateError)
    assert refusal.message == stale(ApplicationState(state).label)
    assert list(
        ApplicationEvent.objects.filter(
            subject=application, transition__in=["approve", "reject"]
        ).values_list("transition", flat=True)
    ) == [won]


# --- the applicant withdraws while the party office returns it ----------------------------


def test_withdraw_and_return_of_one_application_at_once_one_applies(
    party_office, department_a, applicant_a, head_a
):
    campaign = open_campaign(party_office)
    application = submitted_application(campaign, department_a, applicant=applicant_a)

    outcomes = race(
        withdraw=lambda: application_services.application_withdraw(
            application=application, by=applicant_a, reason="补充材料"
        ),
        return_for_revision=lambda: application_services.application_return(
            application=application, by=party_office, reason="请补充制度文件"
        ),
    )
    won, refusal = winner_and_refusal(outcomes)
    state = Application.objects.get(pk=application.pk).state
    assert state == (ApplicationState.DRAFT if won == "withdraw" else ApplicationState.RETURNED)
    assert refusal.message == stale(ApplicationState(state).label)
    assert list(
        ApplicationEvent.objects.filter(
            subject=application, transition__in=["withdraw", "return_for_revision"]
        ).values_list("transition", flat=True)
    ) == [won]


# --- the reviewer scores and submits while the party office excuses the review -------------


@pytest.fixture
def review(party_office, department_b, applicant_b):
    """A review of department B's application assigned to a reviewer of another unit."""
    campaign = open_campaign(party_office)
    application = submitted_application(campaign, department_b, applicant=applicant_b)
    close_applications(campaign)
    unit = DepartmentFactory(code="R01", name="检验科")
    reviewer = make_reviewer(unit, "reviewer1", name="评审人一")
    assignment.pool_add(campaign=campaign, reviewer=reviewer, by=party_office)
    return assignment.review_assign(application=application, reviewer=reviewer, by=party_office)


def test_submit_and_excuse_of_one_review_at_once_one_applies(review, party_office):
    fill_review(review, by=review.reviewer, submit=False)

    outcomes = race(
        submit=lambda: review_services.review_submit(review=review, by=review.reviewer),
        excuse=lambda: review_services.review_excuse(
            review=review, by=party_office, reason="评审人出差"
        ),
    )
    won, refusal = winner_and_refusal(outcomes)
    state = Review.objects.get(pk=review.pk).state
    assert state == (ReviewState.SUBMITTED if won == "submit" else ReviewState.EXCUSED)
    assert refusal.message == (
        stale("已提交") if won == "submit" else "您未被分配评审该申报，不能评分。"
    )
    assert list(
        ReviewEvent.objects.filter(subject=review)
        .exclude(transition="assign")
        .values_list("transition", flat=True)
    ) == [won]


def test_score_saved_while_the_review_is_excused_is_never_written_after_it(review, party_office):
    criterion = Criterion.objects.filter(standard__rubric=review.application.campaign.rubric_id)[0]

    outcomes = race(
        score=lambda: review_services.score_save(
            review=review,
            by=review.reviewer,
            criterion=criterion,
            score=Decimal(criterion.points),
            not_applicable=False,
        ),
        excuse=lambda: review_services.review_excuse(
            review=review, by=party_office, reason="评审人出差"
        ),
    )
    assert outcomes["excuse"] == "ok"
    excused_at = ReviewEvent.objects.get(subject=review, transition="excuse").at
    if outcomes["score"] == "ok":  # the score came first: kept as the excused review's draft
        assert Score.history.get(review=review).history_date < excused_at
    else:
        assert outcomes["score"].message == "您未被分配评审该申报，不能评分。"
        assert not Score.objects.filter(review=review).exists()
