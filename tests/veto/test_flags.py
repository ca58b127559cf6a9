"""A page's buttons and its services never drift: for every state and persona, the
flag the page shows (may_verify, may_dismiss, may_confirm; may_report, may_decide)
is exactly whether the service would accept that person now. A persona who may not
see the page is shown no button at all, and the service must refuse them too."""

import pytest
from django.db import transaction
from django.urls import reverse

from accounts.roles import Role
from core.errors import DomainError
from tests.factories import (
    DepartmentFactory,
    PersonFactory,
    UserFactory,
    pdf_upload,
    rectification_of,
    veto_event_in_state,
)
from veto.services import events as event_services
from veto.services import rectifications as rectification_services

pytestmark = pytest.mark.django_db

EVENT_STATES = ("reported", "verified", "confirmed", "dismissed")
EVENT_PERSONAS = (
    "discipline_office",
    "discipline_office_of_a",
    "party_committee",
    "committee_of_a",
    "party_office",
    "applicant_a",
    "head_a",
    "reporter",
)
RECTIFICATION_STATES = ("active", "due", "accepted")
RECTIFICATION_PERSONAS = (
    "applicant_a",
    "head_a",
    "applicant_b",
    "party_committee",
    "party_office",
    "discipline_office",
)


class _AcceptedError(Exception):
    """Raised after a service call that went through, to roll it back."""


def accepts(call):
    """Whether the service ``call`` accepts (run in a savepoint that is always rolled back)."""
    try:
        with transaction.atomic():
            call()
            raise _AcceptedError
    except _AcceptedError:
        return True
    except DomainError:
        return False


@pytest.fixture
def committee_of_a(department_a):
    user = UserFactory(username="committee_a", roles=[Role.PARTY_COMMITTEE])
    PersonFactory(department=department_a, user=user)
    return user


@pytest.fixture
def reporter(db):
    unit = DepartmentFactory(code="R01", name="医务科", kind="administrative")
    user = UserFactory(username="reporter")
    PersonFactory(department=unit, user=user)
    return user


def _flags(client, user, url, names):
    """The flags the page shows ``user`` (all False when the page is not theirs: 404)."""
    client.force_login(user)
    response = client.get(url)
    if response.status_code == 404:
        return dict.fromkeys(names, False)
    assert response.status_code == 200
    return {name: bool(response.context[name]) for name in names}


@pytest.mark.parametrize("state", EVENT_STATES)
@pytest.mark.parametrize("persona", EVENT_PERSONAS)
def test_event_buttons_match_the_services(request, client, department_a, reporter, state, persona):
    user = request.getfixturevalue(persona)
    event = veto_event_in_state(department_a, reporter, state=state)
    shown = _flags(
        client,
        user,
        reverse("veto:event", args=[event.pk]),
        ("may_verify", "may_dismiss", "may_confirm"),
    )
    accepted = {
        "may_verify": accepts(lambda: event_services.veto_event_verify(event=event, by=user)),
        "may_dismiss": accepts(
            lambda: event_services.veto_event_dismiss(event=event, by=user, reason="查无实据")
        ),
        "may_confirm": accepts(
            lambda: event_services.veto_event_confirm(event=event, by=user, reason="研究确认")
        ),
    }
    assert shown == accepted


@pytest.mark.parametrize("state", RECTIFICATION_STATES)
@pytest.mark.parametrize("persona", RECTIFICATION_PERSONAS)
def test_rectification_buttons_match_the_services(
    request, client, department_a, media_root, state, persona
):
    user = request.getfixturevalue(persona)
    rectification = rectification_of(department_a, state=state)
    shown = _flags(
        client,
        user,
        reverse("veto:rectification", args=[rectification.pk]),
        ("may_report", "may_decide"),
    )
    report = accepts(
        lambda: rectification_services.rectification_report_add(
            rectification=rectification, by=user, upload=pdf_upload("整改报告.pdf")
        )
    )
    accept = accepts(
        lambda: rectification_services.rectification_accept(
            rectification=rectification, by=user, note="同意验收"
        )
    )
    extend = accepts(
        lambda: rectification_services.rectification_extend(
            rectification=rectification,
            by=user,
            reason="延长",
            ends_on=rectification_services.latest_end(rectification),
        )
    )
    # One button set decides both: accepting and extending go together.
    assert accept == extend
    assert shown == {"may_report": report, "may_decide": accept}
