"""The decision-event pattern: core.workflow.apply_transition on a test-only workflow.

tests/workflow_app holds a small model with a protected FSMField, two
transitions and its DecisionEvent subclass, installed for tests only.
"""

import threading
import time

import pytest
from django.db import connection, transaction

from core.errors import DomainError, StaleStateError
from core.workflow import apply_transition
from tests.conftest import needs_postgresql
from tests.factories import UserFactory
from tests.workflow_app.models import Proposal, ProposalEvent, ProposalState

STATEMENT = "本科室落实党风廉政建设责任制……"


def _proposal(state=ProposalState.DRAFT, statement=STATEMENT):
    proposal = Proposal.objects.create(title="心内科申报", statement=statement)
    if state != ProposalState.DRAFT:
        Proposal.objects.filter(pk=proposal.pk).update(state=state)
        proposal = Proposal.objects.get(pk=proposal.pk)
    return proposal


def _submit(proposal, by, **kwargs):
    with transaction.atomic():
        return apply_transition(
            instance=proposal, transition="submit", by=by, event_model=ProposalEvent, **kwargs
        )


def _return(proposal, by, reason):
    with transaction.atomic():
        return apply_transition(
            instance=proposal,
            transition="return_for_revision",
            by=by,
            event_model=ProposalEvent,
            reason=reason,
            update_fields=["returned_count"],
        )


@pytest.mark.django_db
def test_transition_writes_exactly_one_event_with_actor_states_and_reason(party_office):
    proposal = _proposal(ProposalState.SUBMITTED)
    returned = _return(proposal, party_office, "材料不全，请补充廉政约谈记录。")
    event = ProposalEvent.objects.get()
    assert (
        event.subject,
        event.actor,
        event.transition,
        event.from_state,
        event.to_state,
        event.reason,
    ) == (
        proposal,
        party_office,
        "return_for_revision",
        ProposalState.SUBMITTED,
        ProposalState.RETURNED,
        "材料不全，请补充廉政约谈记录。",
    )
    assert event.at is not None
    assert returned.state == ProposalState.RETURNED
    stored = Proposal.objects.get(pk=proposal.pk)
    assert (stored.state, stored.returned_count) == (ProposalState.RETURNED, 1)


@pytest.mark.django_db
def test_transition_by_the_system_records_no_actor():
    proposal = _proposal()
    _submit(proposal, None)
    assert ProposalEvent.objects.get().actor is None


@pytest.mark.django_db
def test_transition_events_accumulate_in_order(applicant_a, party_office):
    proposal = _proposal()
    _submit(proposal, applicant_a)
    _return(proposal, party_office, "请补充材料。")
    _submit(proposal, applicant_a)
    steps = list(proposal.events.values_list("transition", "from_state", "to_state"))
    assert steps == [
        ("submit", "draft", "submitted"),
        ("return_for_revision", "submitted", "returned"),
        ("submit", "returned", "submitted"),
    ]


@pytest.mark.django_db
def test_transition_from_wrong_state_raises_stale_state_naming_current_state(party_office):
    """A stale page: someone else already returned it; returning again is refused."""
    proposal = _proposal(ProposalState.SUBMITTED)
    stale_copy = Proposal.objects.get(pk=proposal.pk)
    _return(proposal, party_office, "第一次退回。")
    with pytest.raises(StaleStateError) as error:
        _return(stale_copy, party_office, "第二次退回。")
    assert str(error.value) == "该记录当前状态为“已退回修改”，已被他人处理，请刷新页面后再操作。"
    assert error.value.current == "已退回修改"
    assert ProposalEvent.objects.count() == 1
    assert Proposal.objects.get(pk=proposal.pk).returned_count == 1


@pytest.mark.django_db
def test_transition_with_unmet_condition_raises_its_chinese_message(applicant_a):
    proposal = _proposal(statement="  ")
    with pytest.raises(DomainError) as error:
        _submit(proposal, applicant_a)
    assert not isinstance(error.value, StaleStateError)
    assert str(error.value) == "申报材料为空，不能提交。"
    assert ProposalEvent.objects.count() == 0
    assert Proposal.objects.get(pk=proposal.pk).state == ProposalState.DRAFT


@pytest.mark.django_db
def test_transition_leaves_callers_copy_alone_and_state_cannot_be_assigned(applicant_a):
    proposal = _proposal()
    submitted = _submit(proposal, applicant_a)
    assert proposal.state == ProposalState.DRAFT
    assert submitted.state == ProposalState.SUBMITTED
    with pytest.raises(AttributeError):
        submitted.state = ProposalState.DRAFT


@pytest.mark.django_db
def test_transition_is_credited_to_actor_in_history(applicant_a, client, staff):
    proposal = _proposal()
    client.force_login(staff)  # a request by someone else does not change whose act it was
    _submit(proposal, applicant_a)
    latest = Proposal.history.filter(id=proposal.pk).latest()
    assert (latest.state, latest.history_user, latest.history_change_reason) == (
        ProposalState.SUBMITTED,
        applicant_a,
        "submit",
    )


@pytest.mark.django_db(transaction=True)
def test_apply_transition_outside_atomic_raises():
    proposal = _proposal()
    with pytest.raises(RuntimeError, match=r"inside transaction\.atomic"):
        apply_transition(instance=proposal, transition="submit", by=None, event_model=ProposalEvent)
    assert Proposal.objects.get(pk=proposal.pk).state == ProposalState.DRAFT
    assert ProposalEvent.objects.count() == 0


def _wait_for_a_lock_waiter(timeout=10):
    """Poll PostgreSQL until another session waits on a row lock we hold."""
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            # pg_stat_activity is a snapshot per transaction unless cleared.
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return True
            time.sleep(0.01)
    return False


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_people_racing_the_same_transition_exactly_one_wins():
    first_user = UserFactory(username="reviewer_one")
    second_user = UserFactory(username="reviewer_two")
    proposal = _proposal(ProposalState.SUBMITTED)
    first_holds_lock = threading.Event()
    outcome = {}

    def first():
        try:
            with transaction.atomic():
                _return(proposal, first_user, "甲退回。")
                first_holds_lock.set()
                # Commit only once the second is queued behind our row lock.
                outcome["second_waited"] = _wait_for_a_lock_waiter()
            outcome["first"] = "won"
        finally:
            connection.close()

    def second():
        try:
            assert first_holds_lock.wait(10)
            _return(proposal, second_user, "乙退回。")
            outcome["second"] = "won"
        except StaleStateError as error:
            outcome["second"] = str(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert outcome == {
        "first": "won",
        "second_waited": True,
        "second": "该记录当前状态为“已退回修改”，已被他人处理，请刷新页面后再操作。",
    }
    event = ProposalEvent.objects.get()
    assert (event.actor, event.reason) == (first_user, "甲退回。")
    assert Proposal.objects.get(pk=proposal.pk).returned_count == 1
