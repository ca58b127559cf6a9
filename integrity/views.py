"""The integrity records' pages: the coverage page (the working group), a unit's records
of a year (its head or contact, the working group, an assigned reviewer), the forms that
record a commitment, a talk and a study session, the withdrawal, the files, and one's own
commitment. What a user may not see answers 404."""

import django_tables2 as tables
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from appraisal.records import record_kinds, record_summaries
from core.files import stored_file_response
from core.i18n import full_date
from core.lists import list_page
from core.upload_limits import MULTIPART_ALLOWANCE, upload_body_limited
from core.views import acts, run_action
from departments.models import Department
from integrity import selectors
from integrity.coverage import year_coverage_kept
from integrity.enums import DEFAULT_COMMITMENT_TEXT, TALK_MIN_DAYS, RecordKind
from integrity.forms import CommitmentForm, ConfirmForm, SessionForm, TalkForm, WithdrawForm
from integrity.lists import FIRST_YEAR, CoverageFilter, CoverageTable
from integrity.models import Commitment, StudySession, Talk
from integrity.records import KEYS, records_url
from integrity.rules import (
    VIEW_ALL,
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


# --- the coverage page ------------------------------------------------------------------------


def _coverage_rows(units, year):
    coverages = year_coverage_kept(units, year)
    others = [kind for kind in record_kinds() if kind.key not in KEYS]
    other_summaries = record_summaries(units, year, keys={kind.key for kind in others})
    rows = []
    for unit in units:
        coverage = coverages[unit.pk]
        row = {
            "unit_name": unit.name,
            "unit_code": unit.code,
            "url": records_url(unit, year),
            "branch": unit.party_branch.name if unit.party_branch else None,
            "members": len(coverage.commitment_members),
            "signed": len(coverage.signed_members),
            "commitments_percent": coverage.commitments_percent,
            "talk_members": len(coverage.talk_members),
            "talked": len(coverage.talked_members),
            "talks_percent": coverage.talks_percent,
            "sessions": coverage.session_count,
            "quarters_covered": coverage.quarters_covered,
            "quarters_missed": len(coverage.quarters_missed),
            "below": coverage.below_target,
        }
        for summary in other_summaries[unit.pk]:
            row[_column_name(summary.kind)] = summary.text
        rows.append(row)
    return rows, others


def _column_name(key):
    return "kind_" + key.replace(".", "_")


def _is_below(row, below):
    if below == "any":
        return any(row["below"].values())
    return row["below"].get(below, False)


@require_safe
@login_required
@permission_required(VIEW_ALL, raise_exception=True)
def coverage(request):
    """Every unit's coverage of a year, its columns from every registered record kind;
    filtered, sorted by any figure, exported with ``?export=xlsx``."""
    filterset = CoverageFilter(
        request.GET,
        queryset=Department.objects.filter(active=True).select_related("party_branch"),
        request=request,
    )
    units = list(filterset.qs.order_by("code"))
    year = filterset.chosen_year
    rows, others = _coverage_rows(units, year)
    if filterset.chosen_below:
        rows = [row for row in rows if _is_below(row, filterset.chosen_below)]
    extra = [
        (_column_name(kind.key), tables.Column(verbose_name=kind.label, default="—"))
        for kind in others
    ]
    title = _("%(year)s年度清廉台账覆盖情况") % {"year": year}
    return list_page(
        request,
        rows=rows,
        table_class=CoverageTable,
        template="integrity/coverage.html",
        title=title,
        export_name=title,
        context={"filter": filterset, "year": year, "talk_min_days": TALK_MIN_DAYS},
        table_kwargs={"extra_columns": extra},
    )


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


# --- one's own commitment -------------------------------------------------------------------


@require_safe
@login_required
def mine(request):
    """我的廉洁承诺: this year's commitment to confirm, and those of earlier years."""
    person = commitment_services.own_person(request.user)
    year = timezone.localdate().year
    commitments = selectors.own_commitments(person) if person else []
    standing = next((c for c in commitments if c.year == year and c.withdrawn_at is None), None)
    return render(
        request,
        "integrity/mine.html",
        {
            "person": person,
            "year": year,
            "standing": standing,
            "commitments": commitments,
            "text": DEFAULT_COMMITMENT_TEXT,
            "form": ConfirmForm(),
        },
    )


@acts()
def mine_confirm(request):
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请勾选“我已阅读并承诺遵守以上内容”后再确认。"))
        return redirect("integrity:mine")
    return run_action(
        request,
        lambda: commitment_services.commitment_confirm(by=request.user),
        success_url=reverse("integrity:mine"),
        success_message=_("已签署本年度廉洁承诺书。"),
    )
