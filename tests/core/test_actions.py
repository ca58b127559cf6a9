"""The one way a view acts: ``core.views.acts`` (sign-in, permission, POST) and
``core.views.run_action`` (a service call, its refusal, htmx and plain requests).

The views below are this module's own (``pytest.mark.urls``); the service
stand-in raises what the posted ``outcome`` asks for.
"""

import json

import pytest
from django import forms
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.http import HttpResponse
from django.test import Client
from django.urls import include, path, reverse

from core.errors import AlreadySubmittedError, DomainError, StaleStateError
from core.views import Caution, acts, run_action
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

PERM = "workflow_app.change_proposal"
STALE = "该记录当前状态为“已退回修改”，已被他人处理，请刷新页面后再操作。"
CALLS = []


def _service(outcome):
    CALLS.append(outcome)
    if outcome == "field":
        raise DomainError("该标题已被使用。", field="title")
    if outcome == "other_field":
        raise DomainError("没有这个字段的错误。", field="no_such_field")
    if outcome == "form":
        raise DomainError("当前不能提交。")
    if outcome == "stale":
        raise StaleStateError(current="已退回修改")
    if outcome == "repeat":
        raise AlreadySubmittedError("已经提交过，没有重复登记。", existing=7)
    return 42


class TitleForm(forms.Form):
    title = forms.CharField(max_length=20)


def _form_page(form):
    """The form page again: its errors as JSON, so a test reads where each went."""
    return HttpResponse(
        json.dumps(
            {"title": list(form.errors.get("title", [])), "form": list(form.non_field_errors())}
        ),
        content_type="application/json",
    )


@acts(PERM)
def form_view(request):
    form = TitleForm(request.POST)
    return run_action(
        request,
        lambda: _service(request.POST["outcome"]),
        form=form,
        page=lambda: _form_page(form),
        success_url=lambda result: f"/done/{result}/",
        success_message=lambda result: f"已保存（{result}）。",
    )


@acts(PERM)
def plain_view(request):
    return run_action(
        request,
        lambda: _service(request.POST["outcome"]),
        success_url="/back/",
        success_message="已完成。",
    )


@acts(PERM)
def caution_view(request):
    return run_action(
        request,
        lambda: _service(request.POST["outcome"]),
        success_url="/back/",
        success_message=lambda result: Caution(f"没有做成（{result}）。"),
    )


@acts(PERM)
def elsewhere_view(request):
    return run_action(
        request,
        lambda: _service(request.POST["outcome"]),
        success_url=lambda result: f"/done/{result}/",
        refused_url=request.POST.get("refused_url"),
    )


@acts(PERM)
def partial_view(request):
    return run_action(
        request,
        lambda: _service(request.POST["outcome"]),
        success_url="/back/",
        success_message="已完成。",
        partial="workflow_app/action_partial.html",
        context=lambda error, result: {"extra": f"error={error!s:.4} result={result}"},
    )


@acts(allow=lambda user: user.username == "allowed")
def allow_view(request):
    return HttpResponse("acted")


@acts()
def no_perm_view(request):
    return HttpResponse("acted")


urlpatterns = [
    path("act/form/", form_view, name="act_form"),
    path("act/plain/", plain_view, name="act_plain"),
    path("act/elsewhere/", elsewhere_view, name="act_elsewhere"),
    path("act/caution/", caution_view, name="act_caution"),
    path("act/partial/", partial_view, name="act_partial"),
    path("act/allow/", allow_view, name="act_allow"),
    path("act/signed-in/", no_perm_view, name="act_signed_in"),
    path("", include("qinglian.urls")),
]


@pytest.fixture(autouse=True)
def _no_calls():
    CALLS.clear()


@pytest.fixture
def actor():
    user = UserFactory(username="actor")
    app_label, codename = PERM.split(".")
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
    )
    client = Client()
    client.force_login(user)
    return client


def _messages(response):
    """The messages this response left for the next page (and only them: the client
    forgets them, as the next page would have shown them)."""
    response.client.cookies.pop("messages", None)
    return [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]


# --- run_action ---------------------------------------------------------------------------


def test_success_redirects_with_the_success_message(actor):
    response = actor.post(reverse("act_form"), {"title": "心内科", "outcome": "ok"})
    assert response.status_code == 302
    assert response["Location"] == "/done/42/"
    assert _messages(response) == [("success", "已保存（42）。")]


def test_a_caution_is_shown_as_a_warning(actor):
    response = actor.post(reverse("act_caution"), {"outcome": "ok"})
    assert response.status_code == 302
    assert response["Location"] == "/back/"
    assert _messages(response) == [("warning", "没有做成（42）。")]


def test_refusal_naming_a_field_goes_under_that_field(actor):
    response = actor.post(reverse("act_form"), {"title": "心内科", "outcome": "field"})
    assert response.status_code == 200
    assert response.json() == {"title": ["该标题已被使用。"], "form": []}
    assert _messages(response) == []


def test_refusal_without_a_field_goes_above_the_form(actor):
    for outcome, message in (("form", "当前不能提交。"), ("other_field", "没有这个字段的错误。")):
        response = actor.post(reverse("act_form"), {"title": "心内科", "outcome": outcome})
        assert response.status_code == 200
        assert response.json() == {"title": [], "form": [message]}


def test_invalid_form_shows_the_page_again_without_calling_the_service(actor):
    response = actor.post(reverse("act_form"), {"title": "", "outcome": "ok"})
    assert response.status_code == 200
    assert response.json()["title"] == ["这个字段是必填项。"]
    assert CALLS == []


def test_refusal_without_a_form_is_a_message_and_a_redirect(actor):
    response = actor.post(reverse("act_plain"), {"outcome": "form"})
    assert response.status_code == 302
    assert response["Location"] == "/back/"
    assert _messages(response) == [("error", "当前不能提交。")]


def test_refusal_goes_to_refused_url_or_back_to_the_form_page(actor):
    response = actor.post(
        reverse("act_elsewhere"), {"outcome": "form", "refused_url": "/try-again/"}
    )
    assert response["Location"] == "/try-again/"
    assert _messages(response) == [("error", "当前不能提交。")]
    # success_url depends on the result, which a refusal has not: back where the form was.
    response = actor.post(
        reverse("act_elsewhere"), {"outcome": "form"}, HTTP_REFERER="http://testserver/page/"
    )
    assert response["Location"] == "http://testserver/page/"
    assert _messages(response) == [("error", "当前不能提交。")]


def test_stale_state_is_shown_above_the_form_or_as_a_message(actor):
    on_form = actor.post(reverse("act_form"), {"title": "心内科", "outcome": "stale"})
    assert on_form.status_code == 200
    assert on_form.json() == {"title": [], "form": [STALE]}
    plain = actor.post(reverse("act_plain"), {"outcome": "stale"})
    assert (plain.status_code, plain["Location"]) == (302, "/back/")
    assert _messages(plain) == [("error", STALE)]


def test_already_submitted_goes_to_the_first_submission(actor):
    response = actor.post(reverse("act_form"), {"title": "心内科", "outcome": "repeat"})
    assert response.status_code == 302
    assert response["Location"] == "/done/7/"
    assert _messages(response) == [("info", "已经提交过，没有重复登记。")]


def test_htmx_with_a_partial_gets_the_fragment_on_success_and_refusal(actor):
    done = actor.post(reverse("act_partial"), {"outcome": "ok"}, HTTP_HX_REQUEST="true")
    assert done.status_code == 200
    html = done.content.decode()
    assert '<p class="result">42</p>' in html
    assert '<p class="extra">error=None result=42</p>' in html
    refused = actor.post(reverse("act_partial"), {"outcome": "form"}, HTTP_HX_REQUEST="true")
    assert refused.status_code == 200
    assert '<p class="error">当前不能提交。</p>' in refused.content.decode()
    # The fragment says it: nothing is left to show on the next page.
    assert _messages(done) == []
    assert _messages(refused) == []


def test_htmx_without_a_partial_is_sent_on_with_hx_redirect(actor):
    done = actor.post(reverse("act_plain"), {"outcome": "ok"}, HTTP_HX_REQUEST="true")
    assert done.status_code == 200
    assert done["HX-Redirect"] == "/back/"
    assert _messages(done) == [("success", "已完成。")]
    refused = actor.post(reverse("act_plain"), {"outcome": "form"}, HTTP_HX_REQUEST="true")
    assert refused["HX-Redirect"] == "/back/"
    assert _messages(refused) == [("error", "当前不能提交。")]


def test_a_plain_request_to_a_partial_view_is_redirected(actor):
    response = actor.post(reverse("act_partial"), {"outcome": "ok"})
    assert (response.status_code, response["Location"]) == (302, "/back/")
    assert _messages(response) == [("success", "已完成。")]


def test_form_and_page_go_together():
    with pytest.raises(TypeError):
        run_action(None, lambda: None, success_url="/", form=TitleForm({}))


def test_domain_error_names_no_field_unless_told():
    assert DomainError("x").field is None
    assert DomainError("x", field="title").field == "title"
    assert StaleStateError().field is None


# --- acts ---------------------------------------------------------------------------------


def test_anonymous_is_sent_to_the_login_page():
    response = Client().post(reverse("act_plain"), {"outcome": "ok"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert CALLS == []


def test_lacking_the_permission_is_refused_403_whatever_the_method():
    client = Client()
    client.force_login(UserFactory(username="someone"))
    assert client.post(reverse("act_plain"), {"outcome": "ok"}).status_code == 403
    assert client.get(reverse("act_plain")).status_code == 403
    assert CALLS == []


def test_get_on_a_post_only_view_is_405(actor):
    assert actor.get(reverse("act_plain")).status_code == 405
    assert actor.get(reverse("act_signed_in")).status_code == 405
    assert CALLS == []


def test_allow_refuses_with_403_and_lets_the_allowed_act():
    refused, allowed = Client(), Client()
    refused.force_login(UserFactory(username="other"))
    allowed.force_login(UserFactory(username="allowed"))
    assert refused.post(reverse("act_allow")).status_code == 403
    response = allowed.post(reverse("act_allow"))
    assert (response.status_code, response.content) == (200, b"acted")


def test_signed_in_without_a_permission_may_post():
    client = Client()
    client.force_login(UserFactory(username="anyone"))
    assert client.post(reverse("act_signed_in")).status_code == 200
