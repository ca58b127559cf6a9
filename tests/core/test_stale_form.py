"""A stale form after another user changed the record: a Chinese message, data as it was.

Uses the test workflow's pages (tests/workflow_app/urls.py) so the whole path
runs: view → service → apply_transition → DomainErrorMiddleware.
"""

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.middleware import SessionMiddleware
from django.test import Client
from django.urls import reverse
from django_htmx.middleware import HtmxDetails

from accounts.roles import Role
from core.errors import DomainError, StaleStateError
from core.middleware import DomainErrorMiddleware
from tests.factories import UserFactory
from tests.workflow_app.models import Proposal, ProposalEvent, ProposalState

pytestmark = pytest.mark.django_db

STALE = "该记录当前状态为“已退回修改”，已被他人处理，请刷新页面后再操作。"


@pytest.fixture
def submitted():
    proposal = Proposal.objects.create(title="心内科申报", statement="……")
    Proposal.objects.filter(pk=proposal.pk).update(state=ProposalState.SUBMITTED)
    return proposal


def _signed_in(username):
    client = Client()
    client.force_login(UserFactory(username=username, roles=[Role.PARTY_OFFICE]))
    return client


@pytest.mark.urls("tests.workflow_app.urls")
def test_stale_form_after_another_user_acted_shows_chinese_message_and_changes_nothing(
    submitted,
):
    detail = reverse("proposal_detail", args=[submitted.pk])
    action = reverse("proposal_return", args=[submitted.pk])
    first, second = _signed_in("office_one"), _signed_in("office_two")
    assert "已提交" in first.get(detail).content.decode()
    assert "已提交" in second.get(detail).content.decode()

    done = first.post(action, {"reason": "材料不全。"}, HTTP_REFERER=f"http://testserver{detail}")
    assert done.status_code == 302

    stale = second.post(action, {"reason": "也要退回。"}, HTTP_REFERER=f"http://testserver{detail}")
    assert stale.status_code == 302
    assert stale["Location"] == f"http://testserver{detail}"
    page = second.get(stale["Location"]).content.decode()
    assert STALE in page
    assert '<p id="state">已退回修改</p>' in page

    event = ProposalEvent.objects.get()
    assert (event.actor.username, event.reason) == ("office_one", "材料不全。")
    assert Proposal.objects.get(pk=submitted.pk).returned_count == 1


def _request(rf, *, referer="", htmx=False):
    headers = {"HTTP_REFERER": referer} if referer else {}
    if htmx:
        headers["HTTP_HX_REQUEST"] = "true"
    request = rf.post("/anything/", **headers)
    SessionMiddleware(lambda r: None).process_request(request)
    request._messages = FallbackStorage(request)
    request.htmx = HtmxDetails(request)
    return request


def _middleware():
    return DomainErrorMiddleware(lambda request: None)


def test_domain_error_sends_back_to_the_page_with_its_message(rf):
    request = _request(rf, referer="http://testserver/departments/3/")
    response = _middleware().process_exception(request, DomainError("名额已满，不能再批准。"))
    assert (response.status_code, response["Location"]) == (302, "http://testserver/departments/3/")
    assert [str(m) for m in get_messages(request)] == ["名额已满，不能再批准。"]


def test_domain_error_in_htmx_request_redirects_the_browser(rf):
    request = _request(rf, referer="http://testserver/departments/3/", htmx=True)
    response = _middleware().process_exception(request, StaleStateError("已提交"))
    assert response.status_code == 200
    assert response["HX-Redirect"] == "http://testserver/departments/3/"


def test_domain_error_with_foreign_referer_goes_home(rf):
    request = _request(rf, referer="https://evil.example/phish")
    response = _middleware().process_exception(request, DomainError())
    assert response["Location"] == reverse("home")
    assert [str(m) for m in get_messages(request)] == ["操作未能完成。"]


def test_other_exceptions_are_left_alone(rf):
    request = _request(rf)
    assert _middleware().process_exception(request, ValueError("bug")) is None
