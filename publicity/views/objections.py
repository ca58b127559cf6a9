"""Objection pages: a staff member objects and reads their receipt; the
discipline office and the party office read every objection (with the
objector), and the discipline office takes them up and settles them.

Nothing here is reachable by the department objected to unless its people
are the objector (their own receipt): a member of those two offices who works
in the department objected to does not see the objection either. Every object
is asked of its permission in publicity.rules; what the user may not see is 404.
"""

import uuid

from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from core.files import stored_file_response
from core.lists import list_page
from core.upload_limits import (
    MULTIPART_ALLOWANCE,
    UploadLimitHandler,
    declared_length,
    discard_body,
)
from core.views import acts, run_action
from publicity import objection_selectors as selectors
from publicity.enums import ObjectionState
from publicity.lists import MyObjectionFilter, MyObjectionTable, ObjectionFilter, ObjectionTable
from publicity.models import Objection, ObjectionAttachment, Publicity
from publicity.objection_forms import ObjectionForm, SettleForm
from publicity.rules import DOWNLOAD_ATTACHMENT, HANDLE, VIEW, VIEW_RECEIPT
from publicity.services import objection_handling
from publicity.services import objections as services
from publicity.services.objections import (
    ATTACHMENT_KINDS,
    MAX_ATTACHMENT_BYTES,
    MAX_ATTACHMENTS,
    MAX_CONTENT_CHARS,
)

# The content and the form's small fields beside the files.
MAX_OBJECTION_BODY = MAX_ATTACHMENTS * MAX_ATTACHMENT_BYTES + MULTIPART_ALLOWANCE + 64 * 1024


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
            "not_accepting": services.not_accepting_message(publicity),
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


def _receipt_url(objection):
    return reverse("publicity:objection_receipt", args=[objection.pk])


def _objection_url(objection):
    return reverse("publicity:objection", args=[objection.pk])


@csrf_protect
def _objection_form(request, publicity):
    if request.method != "POST":
        return _form_page(request, publicity, _blank_form(publicity, request))
    form = ObjectionForm(request.POST, applications=services.listed_applications(publicity))
    return run_action(
        request,
        lambda: services.objection_submit(
            publicity=publicity,
            application=form.cleaned_data["application"],
            by=request.user,
            content=form.cleaned_data["content"],
            uploads=request.FILES.getlist("attachments"),
            submission_key=form.cleaned_data["submission_key"],
        ),
        form=form,
        page=lambda: _form_page(request, publicity, form),
        success_url=_receipt_url,
        success_message=lambda objection: (
            _("异议已提交，受理编号 %(number)s。") % {"number": objection.receipt_number}
        ),
    )


def _objection_or_404(request, queryset, perm, pk):
    """The objection ``pk`` of ``queryset`` if ``request.user`` holds ``perm`` on it
    (publicity.rules), else 404: ids cannot be probed."""
    objection = get_object_or_404(queryset, pk=pk)
    if not request.user.has_perm(perm, objection):
        raise Http404
    return objection


@login_required
def objection_receipt(request, pk):
    """The objector's receipt: only the objector has one."""
    objection = _objection_or_404(
        request,
        Objection.objects.select_related("application__unit", "publicity__campaign"),
        VIEW_RECEIPT,
        pk,
    )
    return render(
        request,
        "publicity/objection_receipt.html",
        {"objection": objection, "attachments": objection.attachments.all()},
    )


@login_required
def my_objections(request):
    """The objections ``request.user`` raised: theirs only, so the export is theirs too."""
    return list_page(
        request,
        rows=selectors.objections_of(request.user),
        table_class=MyObjectionTable,
        filterset_class=MyObjectionFilter,
        template="publicity/my_objections.html",
        title=gettext_lazy("我提出的异议"),
        export_name=gettext_lazy("我提出的异议"),
        table_kwargs={} if request.GET else {"empty_text": _("您没有提出过异议。")},
    )


@login_required
@permission_required(VIEW, raise_exception=True)
def objection_list(request):
    """Every objection, with the objector: the discipline office and the party office,
    never one about their own department (the selector leaves those out; the filters and
    the export start from its rows)."""
    return list_page(
        request,
        rows=selectors.objection_list(request.user),
        table_class=ObjectionTable,
        filterset_class=ObjectionFilter,
        template="publicity/objection_list.html",
        title=gettext_lazy("异议"),
        export_name=gettext_lazy("异议"),
        table_kwargs={"empty_text": _("没有符合条件的异议。")},
    )


def _objection_for_office(request, pk):
    """The objection as the offices read it; 404 to anyone else, and to a member of the
    department objected to (``publicity.view_objection``)."""
    return _objection_or_404(
        request,
        Objection.objects.select_related(
            "objector__person__department",
            "application__unit",
            "publicity__campaign",
            "handler",
            "settled_by",
        ),
        VIEW,
        pk,
    )


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
    may_handle = request.user.has_perm(HANDLE, objection)
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


@acts(HANDLE)
def objection_take_up(request, pk):
    objection = _objection_for_office(request, pk)
    return run_action(
        request,
        lambda: objection_handling.objection_take_up(objection=objection, by=request.user),
        success_url=_objection_url(objection),
        success_message=_("已受理，请调查后办结。"),
    )


@acts(HANDLE)
def objection_settle(request, pk):
    objection = _objection_for_office(request, pk)
    forms = _settle_forms(request.POST)
    form = forms["upheld" if request.POST.get("upheld") == "yes" else "dismissed"]

    def page():
        objection.refresh_from_db()
        return _detail_page(request, objection, settle_forms=forms)

    return run_action(
        request,
        lambda: objection_handling.objection_settle(
            objection=objection,
            by=request.user,
            upheld=form.cleaned_data["upheld"],
            findings=form.cleaned_data["findings"],
        ),
        form=form,
        page=page,
        success_url=_objection_url(objection),
        success_message=lambda settled: (
            _("已办结：异议成立，该科室已撤出公示名单。")
            if settled.state == ObjectionState.UPHELD
            else _("已办结：异议不成立。")
        ),
    )


@login_required
def objection_attachment(request, pk, attachment_pk):
    """An attachment, to the objector and to those who read the objection as an office
    (never a member of the department objected to), under a safe name (never served
    directly)."""
    attachment = get_object_or_404(
        ObjectionAttachment.objects.select_related("objection__application__unit"),
        objection_id=pk,
        pk=attachment_pk,
    )
    if not request.user.has_perm(DOWNLOAD_ATTACHMENT, attachment):
        raise Http404
    return stored_file_response(attachment)
