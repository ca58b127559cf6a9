"""Veto events (否决事项): the report form, the list, the detail with the next
step's forms, the decisions and the evidence download.

The discipline office, the party office and the party committee see every
event; a reporter sees their own; a department sees a confirmed event about
itself (without the reporter or the evidence). Everything else is 404.
"""

import uuid

from django.contrib.auth.decorators import login_required
from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django_fsm import can_proceed

from appraisal.models import Application
from core.files import stored_file_response
from core.lists import list_page
from core.upload_limits import (
    MULTIPART_ALLOWANCE,
    UploadLimitHandler,
    declared_length,
    discard_body,
)
from core.uploads import EVIDENCE_KINDS
from core.views import acts, run_action
from departments.models import Department, Person
from veto import selectors
from veto.enums import VetoEventState
from veto.forms import AnnouncementForm, ConfirmForm, DismissForm, ReportForm, VerifyForm
from veto.lists import EventFilter, EventTable
from veto.models import Recheck
from veto.rules import ANNOUNCE_REVOCATION, CONFIRM, DISMISS, VERIFY, works_in_unit
from veto.services import announcements
from veto.services import events as services
from veto.services.effects import held_titles

MAX_REPORT_BODY = (
    services.MAX_EVIDENCE_FILES * services.MAX_EVIDENCE_BYTES + MULTIPART_ALLOWANCE + 64 * 1024
)


def _event_url(event):
    return reverse("veto:event", args=[event.pk])


# --- the list ------------------------------------------------------------------------------


@login_required
def event_list(request):
    """Every event for the offices; one's own reports for anyone else."""
    return list_page(
        request,
        rows=selectors.event_list(request.user),
        table_class=EventTable,
        filterset_class=EventFilter,
        template="veto/event_list.html",
        title=_("否决事项"),
        export_name=_("否决事项"),
        context={
            "sees_all": selectors.may_see_all_events(request.user),
            "may_report": services.reportable_indicators(request.user).exists(),
        },
    )


# --- reporting -----------------------------------------------------------------------------


def _too_large():
    return _(
        "提交的文件过大：每个证据文件不超过 %(size)s MB，最多 %(count)s 个。请压缩或减少文件后重新提交。"
    ) % {
        "size": services.MAX_EVIDENCE_BYTES // 1024 // 1024,
        "count": services.MAX_EVIDENCE_FILES,
    }


def _recheck_of(value):
    if not value:
        return None
    return Recheck.objects.select_related("title__unit").filter(pk=value).first()


def _blank_form(request, indicators):
    initial = {}
    unit = request.GET.get("unit", "")
    if unit.isdigit():
        initial["unit"] = Department.objects.filter(pk=unit, active=True).first()
    recheck = request.GET.get("recheck", "")
    if recheck.isdigit():
        initial["recheck"] = int(recheck)
    initial["submission_key"] = uuid.uuid4()
    return ReportForm(indicators=indicators, initial=initial)


def _report_page(request, form, *, error="", status=200):
    recheck = _recheck_of(form["recheck"].value())
    return render(
        request,
        "veto/event_report.html",
        {
            "form": form,
            "error": error,
            "recheck": recheck,
            "max_mb": services.MAX_EVIDENCE_BYTES // 1024 // 1024,
            "max_bytes": services.MAX_EVIDENCE_BYTES,
            "max_files": services.MAX_EVIDENCE_FILES,
            "allowed_kinds": ", ".join(str(kind.label) for kind in EVIDENCE_KINDS),
        },
        status=status,
    )


@csrf_exempt  # the size is checked before the body is read; _report_form checks CSRF
@login_required
def event_report(request):
    """Report a veto event: the discipline office under any indicator, a responsible
    office under its own. An oversized body is refused unread (413)."""
    indicators = services.reportable_indicators(request.user)
    if not indicators.exists():
        raise PermissionDenied
    if request.method == "POST":
        length = declared_length(request)
        if length > MAX_REPORT_BODY:
            discard_body(request, length)
            return _report_page(
                request, _blank_form(request, indicators), error=_too_large(), status=413
            )
        handler = UploadLimitHandler(request, limit=services.MAX_EVIDENCE_BYTES)
        request.upload_handlers.insert(0, handler)
        try:
            request.POST  # noqa: B018  (parse now, under the limit, to answer in a sentence)
        except (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent):
            return _report_page(
                request,
                _blank_form(request, indicators),
                error=_("提交的内容过多或过大，无法处理。"),
                status=400,
            )
        if handler.exceeded:
            return _report_page(
                request, _blank_form(request, indicators), error=_too_large(), status=413
            )
    return _report_form(request, indicators)


@csrf_protect
def _report_form(request, indicators):
    if request.method != "POST":
        return _report_page(request, _blank_form(request, indicators))
    form = ReportForm(request.POST, indicators=indicators)
    if not form.is_valid():
        return _report_page(request, form)
    data = form.cleaned_data
    person = None
    if data["employee_number"].strip():
        person = (
            Person.objects.select_related("department")
            .filter(employee_number=data["employee_number"].strip())
            .first()
        )
        if person is None:
            form.add_error("employee_number", _("没有这个工号的人员。"))
            return _report_page(request, form)
    recheck = _recheck_of(data["recheck"])
    if data["recheck"] and recheck is None:
        form.add_error(None, _("没有这次复核。"))
        return _report_page(request, form)
    return run_action(
        request,
        lambda: services.veto_event_report(
            indicator=data["indicator"],
            unit=data["unit"],
            by=request.user,
            occurred_on=data["occurred_on"],
            description=data["description"],
            person=person,
            uploads=request.FILES.getlist("evidence"),
            recheck=recheck,
            submission_key=data["submission_key"],
        ),
        form=form,
        page=lambda: _report_page(request, form),
        success_url=_event_url,
        success_message=_("否决事项已报告，纪检监察室将核实。"),
    )


# --- the detail and the decisions ----------------------------------------------------------


def _detail_page(request, event, access, *, forms=None, status=200):
    user = request.user
    forms = forms or {}
    state = event.state
    # Each button: the workflow allows the step now, and the rule lets this person take it.
    may_verify = can_proceed(event.verify) and user.has_perm(VERIFY, event)
    may_confirm = can_proceed(event.confirm) and user.has_perm(CONFIRM, event)
    may_dismiss = can_proceed(event.dismiss) and user.has_perm(DISMISS, event)
    holds_title = may_confirm and held_titles(event.unit).exists()
    rectification = (
        getattr(event, "rectification", None) if state == VetoEventState.CONFIRMED else None
    )
    announcement = getattr(event, "announcement", None) if rectification else None
    may_announce = (
        rectification is not None
        and access == "office"
        and user.has_perm(ANNOUNCE_REVOCATION, event)
    )
    announcement_form = forms.get("announce") or AnnouncementForm(
        initial={
            "announced_on": announcement.announced_on if announcement else timezone.localdate(),
            "meeting": announcement.meeting if announcement else "",
        }
    )
    return render(
        request,
        "veto/event_detail.html",
        {
            "event": event,
            "access": access,
            "shows_reporter": access in ("office", "reporter"),
            "evidence": event.evidence.all() if access in ("office", "reporter") else (),
            "history": event.events.select_related("actor") if access != "department" else (),
            "own": access == "office" and works_in_unit(user, event),
            "may_verify": may_verify,
            "may_dismiss": may_dismiss,
            "may_confirm": may_confirm,
            "holds_title": holds_title,
            "rectification": rectification,
            "announcement": announcement,
            "announcement_history": announcement.history.select_related("history_user")
            if announcement
            else (),
            "may_announce": may_announce,
            "announcement_form": announcement_form,
            "disqualified": _disqualified(event) if state == VetoEventState.CONFIRMED else (),
            "verify_form": forms.get("verify") or VerifyForm(),
            "dismiss_form": forms.get("dismiss") or DismissForm(),
            "confirm_form": forms.get("confirm") or ConfirmForm(),
        },
        status=status,
    )


def _disqualified(event):
    """The applications this event's confirmation disqualified (by their event's reason)."""
    return (
        Application.objects.filter(
            unit=event.unit, events__transition="disqualify", events__at__gte=event.decided_at
        )
        .select_related("campaign")
        .distinct()
        if event.decided_at
        else ()
    )


@login_required
def event_detail(request, pk):
    event, access = selectors.event_for_user_or_404(request.user, pk)
    return _detail_page(request, event, access)


def _office_event(request, pk):
    event, access = selectors.event_for_user_or_404(request.user, pk)
    if access != "office":
        raise Http404
    return event


def _detail_again(request, event, **forms):
    """The detail page showing a refused decision form, with the event as it is now."""

    def page():
        event.refresh_from_db()
        return _detail_page(request, event, "office", forms=forms)

    return page


@acts(VERIFY)
def event_verify(request, pk):
    event = _office_event(request, pk)
    form = VerifyForm(request.POST)
    if not form.is_valid():
        return redirect(_event_url(event))
    return run_action(
        request,
        lambda: services.veto_event_verify(
            event=event, by=request.user, note=form.cleaned_data["note"]
        ),
        success_url=_event_url(event),
        success_message=_("已核实，报院党委确认。"),
    )


@acts(DISMISS)
def event_dismiss(request, pk):
    user = request.user
    event = _office_event(request, pk)
    form = DismissForm(request.POST)
    return run_action(
        request,
        lambda: services.veto_event_dismiss(
            event=event, by=user, reason=form.cleaned_data["reason"]
        ),
        form=form,
        page=_detail_again(request, event, dismiss=form),
        success_url=_event_url(event),
        success_message=_("已不予认定。"),
    )


@acts(CONFIRM)
def event_confirm(request, pk):
    event = _office_event(request, pk)
    form = ConfirmForm(request.POST)
    return run_action(
        request,
        lambda: services.veto_event_confirm(
            event=event,
            by=request.user,
            reason=form.cleaned_data["reason"],
            rectification_months=form.cleaned_data["rectification_months"],
        ),
        form=form,
        page=_detail_again(request, event, confirm=form),
        success_url=_event_url(event),
        success_message=_("已确认否决事项，相关处理已生效。"),
    )


@acts(ANNOUNCE_REVOCATION)
def event_announce(request, pk):
    """The discipline office records the cadre meeting's announcement of the revocation."""
    event = _office_event(request, pk)
    form = AnnouncementForm(request.POST)
    return run_action(
        request,
        lambda: announcements.revocation_announce(
            event=event,
            announced_on=form.cleaned_data["announced_on"],
            meeting=form.cleaned_data["meeting"],
            by=request.user,
        ),
        form=form,
        page=_detail_again(request, event, announce=form),
        success_url=_event_url(event) + "#announcement",
        success_message=_("已记录中层干部会议通报。"),
    )


@login_required
def evidence_download(request, pk, evidence_pk):
    """An evidence file, to the offices and the reporter only, under a safe name."""
    event, access = selectors.event_for_user_or_404(request.user, pk)
    if access not in ("office", "reporter"):
        raise Http404
    return stored_file_response(get_object_or_404(event.evidence, pk=evidence_pk))
