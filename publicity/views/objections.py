"""Objection pages: a staff member objects and reads their receipt; the
discipline office and the party office read every objection (with the
objector), and the discipline office takes them up and settles them.

Nothing here is reachable by the department objected to unless its people
are the objector (their own receipt): a member of those two offices who is of
the department objected to does not see the objection either
(publicity.permissions.may_read_objection).
"""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from core.errors import AlreadySubmittedError, DomainError
from core.upload_limits import (
    MULTIPART_ALLOWANCE,
    UploadLimitHandler,
    declared_length,
    discard_body,
)
from publicity import objection_selectors as selectors
from publicity.models import Objection, Publicity
from publicity.objection_forms import ObjectionFilterForm, ObjectionForm, SettleForm
from publicity.permissions import may_read_objection
from publicity.services import objections as services
from publicity.services.objections import (
    ATTACHMENT_KINDS,
    MAX_ATTACHMENT_BYTES,
    MAX_ATTACHMENTS,
    MAX_CONTENT_CHARS,
)

VIEW = "publicity.view_objection"
HANDLE = "publicity.handle_objection"
PAGE_SIZE = 50
# The content and the form's small fields beside the files.
MAX_OBJECTION_BODY = MAX_ATTACHMENTS * MAX_ATTACHMENT_BYTES + MULTIPART_ALLOWANCE + 64 * 1024
CONTENT_TYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png"}


def _too_large():
    return _(
        "提交的文件过大：每个附件不超过 %(size)s MB，最多 %(count)s 个。请压缩或减少附件后重新提交。"
    ) % {"size": MAX_ATTACHMENT_BYTES // 1024 // 1024, "count": MAX_ATTACHMENTS}


def _form_page(request, publicity, form, *, error="", status=200):
    return render(
        request,
        "publicity/objection_form.html",
        {
            "publicity": publicity,
            "campaign": publicity.campaign,
            "form": form,
            "error": error,
            "accepting": services.accepts_objections(publicity),
            "max_bytes": MAX_ATTACHMENT_BYTES,
            "max_mb": MAX_ATTACHMENT_BYTES // 1024 // 1024,
            "max_attachments": MAX_ATTACHMENTS,
            "max_chars": MAX_CONTENT_CHARS,
            "allowed_kinds": ", ".join(str(kind.label) for kind in ATTACHMENT_KINDS),
        },
        status=status,
    )


def _blank_form(publicity, request):
    applications = services.listed_applications(publicity)
    initial = {}
    wanted = request.GET.get("application", "")
    if wanted.isdigit():
        initial["application"] = applications.filter(pk=wanted).first()
    initial["submission_key"] = uuid.uuid4()
    return ObjectionForm(applications=applications, initial=initial)


@csrf_exempt  # the size is checked before the body is read; _objection_form checks CSRF
@login_required
def objection_new(request, pk):
    """Object to one department of the publicity's list (phone-sized form). An oversized
    body is refused unread (413)."""
    publicity = get_object_or_404(Publicity.objects.select_related("campaign"), pk=pk)
    if request.method == "POST":
        length = declared_length(request)
        if length > MAX_OBJECTION_BODY:
            discard_body(request, length)
            return _form_page(
                request, publicity, _blank_form(publicity, request), error=_too_large(), status=413
            )
        handler = UploadLimitHandler(request, limit=MAX_ATTACHMENT_BYTES)
        request.upload_handlers.insert(0, handler)
        try:
            request.POST  # noqa: B018  (parse now, under the limit, to answer in a sentence)
        except (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent):
            return _form_page(
                request,
                publicity,
                _blank_form(publicity, request),
                error=_("提交的内容过多或过大，无法处理。"),
                status=400,
            )
        if handler.exceeded:
            return _form_page(
                request, publicity, _blank_form(publicity, request), error=_too_large(), status=413
            )
    return _objection_form(request, publicity)


@csrf_protect
def _objection_form(request, publicity):
    if request.method != "POST":
        return _form_page(request, publicity, _blank_form(publicity, request))
    form = ObjectionForm(request.POST, applications=services.listed_applications(publicity))
    if not form.is_valid():
        return _form_page(request, publicity, form)
    try:
        objection = services.objection_submit(
            publicity=publicity,
            application=form.cleaned_data["application"],
            by=request.user,
            content=form.cleaned_data["content"],
            uploads=request.FILES.getlist("attachments"),
            submission_key=form.cleaned_data["submission_key"],
        )
    except AlreadySubmittedError as repeat:
        messages.info(request, repeat.message)
        return redirect("publicity:objection_receipt", pk=repeat.existing.pk)
    except DomainError as error:
        form.add_error(None, error.message)
        return _form_page(request, publicity, form)
    messages.success(
        request,
        _("异议已提交，受理编号 %(number)s。") % {"number": objection.receipt_number},
    )
    return redirect("publicity:objection_receipt", pk=objection.pk)


@login_required
def objection_receipt(request, pk):
    """The objector's receipt: only the objector has one."""
    objection = get_object_or_404(
        Objection.objects.select_related("application__unit", "publicity__campaign").filter(
            objector=request.user
        ),
        pk=pk,
    )
    return render(
        request,
        "publicity/objection_receipt.html",
        {"objection": objection, "attachments": objection.attachments.all()},
    )


@login_required
def my_objections(request):
    page = Paginator(selectors.objections_of(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "publicity/my_objections.html", {"page": page})


@login_required
@permission_required(VIEW, raise_exception=True)
def objection_list(request):
    """Every objection, with the objector: the discipline office and the party office."""
    form = ObjectionFilterForm(
        request.GET or None, publicities=selectors.publicities_with_objections(request.user)
    )
    filters = form.cleaned_data if form.is_valid() else {}
    objections = selectors.objection_list(
        user=request.user,
        state=filters.get("state", ""),
        publicity_id=filters["publicity"].pk if filters.get("publicity") else None,
    )
    page = Paginator(objections, PAGE_SIZE).get_page(request.GET.get("page"))
    template = (
        "publicity/partials/objection_rows.html"
        if request.htmx and not request.htmx.boosted
        else "publicity/objection_list.html"
    )
    return render(request, template, {"form": form, "page": page})


def _objection_for_office(request, pk):
    """The objection as the offices read it; 404 to anyone else, and to a member of the
    department objected to (``may_read_objection``)."""
    objection = get_object_or_404(
        Objection.objects.select_related(
            "objector__person__department",
            "application__unit",
            "publicity__campaign",
            "handler",
            "settled_by",
        ),
        pk=pk,
    )
    if not may_read_objection(request.user, objection):
        raise Http404
    return objection


def _settle_forms(data=None):
    """The two settle forms of the page; ``data`` binds the one that was posted."""
    posted = None if data is None else ("upheld" if data.get("upheld") == "yes" else "dismissed")
    return {
        outcome: SettleForm(
            data if outcome == posted else None,
            initial={"upheld": "yes" if outcome == "upheld" else "no"},
            auto_id=f"id_{outcome}_%s",
        )
        for outcome in ("upheld", "dismissed")
    }


def _detail_page(request, objection, *, settle_forms=None):
    may_handle = request.user.has_perm(HANDLE)
    settle_forms = settle_forms or _settle_forms()
    return render(
        request,
        "publicity/objection_detail.html",
        {
            "objection": objection,
            "attachments": objection.attachments.all(),
            "events": objection.events.select_related("actor"),
            "may_handle": may_handle,
            "settle_forms": settle_forms,
        },
    )


@login_required
def objection_detail(request, pk):
    return _detail_page(request, _objection_for_office(request, pk))


@login_required
@permission_required(HANDLE, raise_exception=True)
@require_POST
def objection_take_up(request, pk):
    objection = _objection_for_office(request, pk)
    try:
        services.objection_take_up(objection=objection, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("已受理，请调查后办结。"))
    return redirect("publicity:objection", pk=objection.pk)


@login_required
@permission_required(HANDLE, raise_exception=True)
@require_POST
def objection_settle(request, pk):
    objection = _objection_for_office(request, pk)
    forms = _settle_forms(request.POST)
    form = forms["upheld" if request.POST.get("upheld") == "yes" else "dismissed"]
    if form.is_valid():
        upheld = form.cleaned_data["upheld"]
        try:
            services.objection_settle(
                objection=objection,
                by=request.user,
                upheld=upheld,
                findings=form.cleaned_data["findings"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("已办结：异议成立，该科室已撤出公示名单。")
                if upheld
                else _("已办结：异议不成立。"),
            )
            return redirect("publicity:objection", pk=objection.pk)
    return _detail_page(request, objection, settle_forms=forms)


@login_required
def objection_attachment(request, pk, attachment_pk):
    """An attachment, to the objector and to those who read the objection as an office
    (never a member of the department objected to), under a safe name (never served
    directly)."""
    user = request.user
    objection = get_object_or_404(Objection.objects.select_related("application"), pk=pk)
    if objection.objector_id != user.pk and not may_read_objection(user, objection):
        raise Http404
    attachment = get_object_or_404(objection.attachments, pk=attachment_pk)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=CONTENT_TYPES.get(attachment.kind, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'none'"
    response["Cache-Control"] = "private, no-store"
    return response
