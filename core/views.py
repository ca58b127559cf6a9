import logging
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection
from django.http import HttpResponsePermanentRedirect, HttpResponseRedirect, JsonResponse
from django.shortcuts import render, resolve_url
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe
from django_htmx.http import HttpResponseClientRedirect

from core.beat import is_alive as is_beat_alive
from core.errors import AlreadySubmittedError, DomainError, StaleStateError
from core.middleware import page_the_form_was_on

logger = logging.getLogger(__name__)


def csrf_failure(request, reason=""):
    """A stale or forged form: say so in Chinese and suggest reloading."""
    return render(request, "core/csrf_failure.html", {"reason": reason}, status=403)


@never_cache
@require_safe
def health(request):
    """For load balancers and ``docker compose``: 200 when the database answers, else 503.

    No login, and nothing about the installation beyond ok / unavailable. ``beat``
    says whether Celery beat has sent a task lately (ok / late, core/beat.py); it
    is for monitoring only and never makes this web server unhealthy: a load
    balancer must not take the site away because the clock behind it stopped.
    """
    beat = "ok" if is_beat_alive() else "late"
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("health check: the database does not answer")
        return JsonResponse(
            {"status": "unavailable", "database": "unavailable", "beat": beat}, status=503
        )
    return JsonResponse({"status": "ok", "database": "ok", "beat": beat})


@require_safe
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links; send them to the SVG icon that
    base.html names, so the request is not a 404 in the logs."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))


# --- one way for a view to act ------------------------------------------------------------


def acts(perm=None, *, allow=None):
    """Decorator for a view that changes something: signed in, permitted, POST only.

    Stands for the usual stack, in its order and with its answers::

        @login_required                                   # anonymous: 302 to the login page
        @permission_required(perm, raise_exception=True)  # lacking ``perm``: 403
        @require_POST                                     # any other method: 405

    ``perm`` is a permission name (``"app.codename"``) or a list of names, all
    of which are needed (as Django's ``permission_required``); ``None`` checks
    none. ``allow`` is an optional ``allow(user) -> bool`` for a rule that is not
    one model permission (e.g. "may verify or confirm"); False answers 403,
    checked after ``perm`` and before the method. Object-level rules (404 for
    what the user may not see) stay in the view.

    Usage::

        @acts(services.CONFIRM)
        def event_confirm(request, pk): ...
    """
    perms = (perm,) if isinstance(perm, str) else tuple(perm or ())

    def decorator(view):
        posted = require_POST(view)

        @wraps(view)
        def checked(request, *args, **kwargs):
            if perms and not request.user.has_perms(perms):
                raise PermissionDenied
            if allow is not None and not allow(request.user):
                raise PermissionDenied
            return posted(request, *args, **kwargs)

        return login_required(checked)

    return decorator


class Caution(str):
    """A ``success_message`` the person should not read as success: the service ran
    but did not do what was asked (e.g. the data changed since its preview, so
    nothing was imported). ``run_action`` shows it as a warning.

    Usage::

        success_message=lambda result: Caution(_("没有导入任何数据。")) if ... else _("已导入。")
    """


def _is_htmx_fragment(request):
    """An htmx request that swaps part of a page (a boosted one is a whole page)."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.boosted


def _go(request, to):
    """Send the person to ``to``: a redirect, or HX-Redirect for an htmx fragment request."""
    url = resolve_url(to)
    if _is_htmx_fragment(request):
        return HttpResponseClientRedirect(url)
    return HttpResponseRedirect(url)


def _put_on_form(form, error):
    field = getattr(error, "field", None)
    if isinstance(error, StaleStateError) or field not in form.fields:
        field = None
    form.add_error(field, error.message)


def run_action(
    request,
    call,
    *,
    success_url,
    success_message=None,
    refused_url=None,
    form=None,
    page=None,
    partial=None,
    context=None,
):
    """Run one service call for a view and answer the person; the one place
    a view turns a service's refusal (``DomainError``) into what they read.

    ``call()`` takes no arguments and runs the service (a lambda); it runs
    only when ``form`` (if given) is valid, so it may read ``form.cleaned_data``.

    Success: ``success_message`` (text, or ``f(result)``) as a success message
    (a ``Caution`` as a warning; nothing when it is empty), then a redirect to ``success_url`` (URL, URL name, model instance, or
    ``f(result)`` returning one of those).

    Refusal, in this order:

    * ``AlreadySubmittedError`` (the same form sent twice): its message as info,
      redirect to ``success_url`` of the record the first submission made.
    * ``form`` and ``page`` (always given together): the message goes on the form, under the
      field ``error.field`` names if the form has it, else above the form
      (always above for ``StaleStateError``), and ``page()`` answers, 200; so
      does an invalid form, without calling the service. ``page`` is a
      function returning the response showing the form again; it runs after
      the refusal, so it shows the record as it is now (re-read it there).
    * otherwise: the message as an error, redirect to ``refused_url`` (default:
      ``success_url`` when it is not a function, else the page the form was on).

    htmx: with ``partial`` (a template name), a fragment request gets that
    template rendered, on success and refusal alike, with ``context`` (a dict
    or ``f(error, result)``) plus ``error`` (the message or None) and
    ``result``; no flash message is added, the fragment says it. Without
    ``partial``, every redirect above is an ``HX-Redirect`` for it.

    Usage::

        form = DismissForm(request.POST)
        return run_action(
            request,
            lambda: services.veto_event_dismiss(event=event, by=request.user, **form.cleaned_data),
            form=form,
            page=lambda: detail_page(request, event, forms={"dismiss": form}),
            success_url=reverse("veto:event", args=[event.pk]),
            success_message=_("已不予认定。"),
        )
    """
    if (form is None) != (page is None):
        raise TypeError("run_action: give form and page together, or neither")
    fragment = partial is not None and _is_htmx_fragment(request)
    if form is not None and not form.is_valid():
        return page()

    def destination(value, result):
        return value(result) if callable(value) else value

    def fragment_response(error, result):
        extra = context(error, result) if callable(context) else dict(context or {})
        return render(request, partial, {**extra, "error": error, "result": result})

    try:
        result = call()
    except AlreadySubmittedError as repeat:
        messages.info(request, repeat.message)
        return _go(request, destination(success_url, repeat.existing))
    except DomainError as error:
        if fragment:
            return fragment_response(error.message, None)
        if form is not None:
            _put_on_form(form, error)
            return page()
        messages.error(request, error.message)
        if refused_url is not None:
            return _go(request, refused_url)
        if callable(success_url):
            return _go(request, page_the_form_was_on(request))
        return _go(request, success_url)
    if fragment:
        return fragment_response(None, result)
    message = destination(success_message, result)
    if isinstance(message, Caution):
        messages.warning(request, message)
    elif message:
        messages.success(request, message)
    return _go(request, destination(success_url, result))
