"""A unit's records of a year (its head or contact, the working group, an assigned
reviewer), the forms that record a commitment, a talk and a study session, the
withdrawal and the files. What a user may not see answers 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.files import stored_file_response
from core.i18n import full_date
from core.upload_limits import MULTIPART_ALLOWANCE, upload_body_limited
from core.views import acts, run_action
from departments.models import Department
from integrity import selectors
from integrity.enums import TALK_MIN_DAYS, RecordKind
from integrity.forms import CommitmentForm, SessionForm, TalkForm, WithdrawForm
from integrity.lists import FIRST_YEAR
from integrity.models import Commitment, StudySession, Talk
from integrity.records import records_url
from integrity.rules import (
    VIEW_RECORD,
    WITHDRAW,
    keeps_records_of,
    reads_records_of,
)
from integrity.services import commitments as commitment_services
from integrity.services import common
from integrity.services.sessions import session_record
from integrity.services.talks import talk_record

MODELS = {
    RecordKind.COMMITMENT: Commitment,
    RecordKind.TALK: Talk,
    RecordKind.SESSION: StudySession,
}


def _unit_or_404(user, pk, *, keep=False):
    """The unit ``pk`` if ``user`` reads its records (else 404); with ``keep``, if they
    keep them too (else 403)."""
    unit = get_object_or_404(Department.objects.select_related("head", "party_branch"), pk=pk)
    if not reads_records_of(user, unit):
        raise Http404
    if keep and not keeps_records_of(user, unit):
        raise PermissionDenied
    return unit


def _year_or_404(year):
    if year < FIRST_YEAR or year > timezone.localdate().year:
        raise Http404
    return year


# --- a unit's records -------------------------------------------------------------------------


@require_safe
@login_required
def own_unit(request):
    """本科室台账: the records of the (first) unit the user keeps, this year."""
    unit = selectors.units_kept_by(request.user).first()
    if unit is None:
        raise PermissionDenied
    return redirect(records_url(unit, timezone.localdate().year))


@require_safe
@login_required
def unit_records(request, pk, year):
    unit = _unit_or_404(request.user, pk)
    year = _year_or_404(year)
    data = selectors.unit_records(unit, year)
    this_year = timezone.localdate().year
    return render(
        request,
        "integrity/unit_records.html",
        {
            "unit": unit,
            "year": year,
            "years": range(this_year, FIRST_YEAR - 1, -1),
            "keeps": keeps_records_of(request.user, unit),
            "talk_min_days": TALK_MIN_DAYS,
            "withdraw_form": WithdrawForm(),
            **data,
        },
    )


def _form_page(request, unit, form, *, template, title):
    return render(
        request,
        template,
        {
            "unit": unit,
            "form": form,
            "title": title,
            "this_year": timezone.localdate().year,
        },
    )


def _upload_limits():
    return 2 * common.MAX_SCAN_BYTES + MULTIPART_ALLOWANCE, common.MAX_SCAN_BYTES


def _too_large(request, pk):
    unit = _unit_or_404(request.user, pk, keep=True)
    messages.error(
        request,
        _("文件过大，未上传：每个文件不超过 %(size)s MB。请压缩后重新提交。")
        % {"size": common.MAX_SCAN_BYTES // 2**20},
    )
    return redirect(records_url(unit, timezone.localdate().year))


def _done(record_year, unit):
    return lambda record: records_url(unit, record_year(record))


@login_required
@upload_body_limited(limits=_upload_limits, refuse=_too_large)
def commitment_new(request, pk):
    """Record a commitment signed on paper, with its scan."""
    unit = _unit_or_404(request.user, pk, keep=True)
    members = selectors.members_to_pick(unit)
    title = _("记录廉洁承诺书：%(unit)s") % {"unit": unit.name}

    def page():
        return _form_page(
            request, unit, form, template="integrity/commitment_form.html", title=title
        )

    if request.method != "POST":
        form = CommitmentForm(members=members, initial={"signed_on": timezone.localdate()})
        return page()
    form = CommitmentForm(request.POST, request.FILES, members=members)
    return run_action(
        request,
        lambda: commitment_services.commitment_record(
            unit=unit,
            person=form.cleaned_data["person"],
            signed_on=form.cleaned_data["signed_on"],
            received_by=form.cleaned_data["received_by"],
            upload=form.cleaned_data["scan"],
            by=request.user,
            submission_key=form.cleaned_data["submission_key"],
        ),
        form=form,
        page=page,
        success_url=_done(lambda record: record.year, unit),
        success_message=lambda record: (
            _("已记录%(person)s的廉洁承诺书。") % {"person": record.person.name}
        ),
    )


@login_required
def talk_new(request, pk):
    """Record an integrity talk."""
    unit = _unit_or_404(request.user, pk, keep=True)
    members = selectors.members_to_pick(unit)
    title = _("记录廉政约谈：%(unit)s") % {"unit": unit.name}

    def page():
        return _form_page(request, unit, form, template="integrity/talk_form.html", title=title)

    if request.method != "POST":
        initial = {"talked_on": timezone.localdate()}
        if unit.head_id:
            initial["talker"] = unit.head_id
        form = TalkForm(members=members, initial=initial)
        return page()
    form = TalkForm(request.POST, members=members)
    return run_action(
        request,
        lambda: talk_record(
            unit=unit,
            talker=form.cleaned_data["talker"],
            person=form.cleaned_data["person"],
            talked_on=form.cleaned_data["talked_on"],
            note=form.cleaned_data["note"],
            by=request.user,
            submission_key=form.cleaned_data["submission_key"],
        ),
        form=form,
        page=page,
        success_url=_done(lambda record: record.talked_on.year, unit),
        success_message=lambda record: (
            _("已记录与%(person)s的廉政约谈。") % {"person": record.person.name}
        ),
    )


@login_required
@upload_body_limited(limits=_upload_limits, refuse=_too_large)
def session_new(request, pk):
    """Record a study session with its attendees."""
    unit = _unit_or_404(request.user, pk, keep=True)
    members = selectors.members_to_pick(unit)
    title = _("记录科内学习：%(unit)s") % {"unit": unit.name}

    def page():
        return _form_page(request, unit, form, template="integrity/session_form.html", title=title)

    if request.method != "POST":
        form = SessionForm(members=members, initial={"held_on": timezone.localdate()})
        return page()
    form = SessionForm(request.POST, request.FILES, members=members)
    return run_action(
        request,
        lambda: session_record(
            unit=unit,
            held_on=form.cleaned_data["held_on"],
            topic=form.cleaned_data["topic"],
            attendees=form.cleaned_data["attendees"],
            minutes=form.cleaned_data["minutes"],
            upload=form.cleaned_data["file"],
            by=request.user,
            submission_key=form.cleaned_data["submission_key"],
        ),
        form=form,
        page=page,
        success_url=_done(lambda record: record.held_on.year, unit),
        success_message=lambda record: (
            _("已记录%(date)s的科内学习（%(count)s 人参加）。")
            % {"date": full_date(record.held_on), "count": record.attendees.count()}
        ),
    )


def _record_year(record):
    if isinstance(record, Commitment):
        return record.year
    if isinstance(record, Talk):
        return record.talked_on.year
    return record.held_on.year


def _record_or_404(user, kind, pk):
    model = MODELS.get(kind)
    if model is None:
        raise Http404
    record = get_object_or_404(model.objects.select_related("unit"), pk=pk)
    if not user.has_perm(VIEW_RECORD, record):
        raise Http404
    return record


@acts()
def withdraw(request, kind, pk):
    """Withdraw a wrong record with a reason; it stays, struck through."""
    record = _record_or_404(request.user, kind, pk)
    if not request.user.has_perm(WITHDRAW, record):
        raise PermissionDenied
    form = WithdrawForm(request.POST)
    url = records_url(record.unit, _record_year(record))
    if not form.is_valid():
        messages.error(request, _("请填写撤回理由。"))
        return redirect(url)
    return run_action(
        request,
        lambda: common.record_withdraw(
            record=record, by=request.user, reason=form.cleaned_data["reason"]
        ),
        success_url=url,
        success_message=_("已撤回该记录。如需更正，请重新记录。"),
    )


@require_safe
@login_required
def commitment_scan(request, pk):
    commitment = _record_or_404(request.user, RecordKind.COMMITMENT, pk)
    scan = getattr(commitment, "scan", None)
    if scan is None:
        raise Http404
    return stored_file_response(scan, inline=True)


@require_safe
@login_required
def session_file(request, pk):
    session = _record_or_404(request.user, RecordKind.SESSION, pk)
    stored = getattr(session, "file_record", None)
    if stored is None:
        raise Http404
    return stored_file_response(stored, inline=True)
