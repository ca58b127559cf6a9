"""A unit's application: start, edit, self-assessment, the head's
confirmation, submit, withdraw and return for revision. Its evidence is
evidence.py, the party-branch opinion branch_opinion.py; both use the helpers
here (who may write, whether it is editable, the head's confirmation).
It stays one module (about 450 lines) because it is one workflow, from start
to return, whose steps share those helpers and the submission checklist.

Who may do what is checked here, whatever the caller (page, admin, command):
the unit's applicants (django-guardian grant ``apply_for_department``) write;
the unit's head confirms in their own account; the secretary of the unit's
party branch gives the branch opinion; the party office returns, never an
application of its own department.
"""

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import users_with_role
from appraisal.enums import (
    APPLICATION_REVIEWED_STATES,
    ApplicationState,
    CampaignState,
    YearlyGrade,
)
from appraisal.evaluation_selectors import last_yearly_results
from appraisal.formulas import grade_at_least
from appraisal.models import (
    Application,
    ApplicationEvent,
    ApplicationVersion,
    SelfAssessment,
)
from appraisal.vetoes import application_block
from core.errors import DomainError
from core.history import changed_by
from core.i18n import join_sentences, site_language
from core.permissions import require
from core.workflow import apply_transition, lock
from departments.models import Person
from departments.selectors import applicants_of
from documents.enums import DocumentKind
from documents.services import document_request
from notifications.services import notify

from .evaluations import refuse_yearly
from .rubrics import rubric_freeze

APPLY = "departments.apply_for_department"
EDIT = "appraisal.edit_application"
RETURN = "appraisal.return_application"
HALF = Decimal("0.5")


def statement_length(text):
    """Characters of the statement as the campaign's bounds count them: every
    character but white space (a Chinese character counts one)."""
    return sum(1 for char in text if not char.isspace())


# --- who may act (the rules are appraisal/rules.py) ----------------------------------


def require_applicant(user, application):
    require(
        user,
        EDIT,
        application,
        message=_("您不是“%(unit)s”的申报人，不能修改其申报。") % {"unit": application.unit.name},
    )


def _require_unblocked(unit, campaign):
    """A confirmed veto event in the look-back window, or a rectification not yet
    accepted, bars the unit (appraisal.vetoes.application_block says why and until when)."""
    block = application_block(unit, campaign)
    if block is not None:
        raise DomainError(block.message)


def yearly_grade_refusal(unit, campaign):
    """Why ``unit`` falls short of the selection campaign's required yearly grade, or "".

    The grade that counts is the unit's latest confirmed yearly result of a year
    before the campaign's (``last_yearly_results(before_year=campaign.year)``): the
    evaluation of the campaign's own year is confirmed at its end, after the
    selection (docs/evaluation.md)."""
    required = campaign.required_yearly_grade
    if not required:
        return ""
    label = YearlyGrade(required).label
    result = last_yearly_results([unit], before_year=campaign.year).get(unit.pk)
    if result is None:
        return _(
            "本批次要求最近一次年度清廉考评等次达到“%(grade)s”及以上，"
            "%(unit)s在%(year)s年以前没有年度清廉考评结果，不能申报。"
        ) % {"grade": label, "unit": unit.name, "year": campaign.year}
    if not grade_at_least(result.grade, required):
        return _(
            "本批次要求最近一次年度清廉考评等次达到“%(grade)s”及以上，"
            "%(unit)s%(year)s年度考评等次为“%(actual)s”，不能申报。"
        ) % {
            "grade": label,
            "unit": unit.name,
            "year": result.year,
            "actual": result.get_grade_display(),
        }
    return ""


def require_editable(application):
    if not application.is_editable:
        raise DomainError(
            _("申报当前状态为“%(state)s”，不能修改。如需修改，请先撤回（评审开始前）。")
            % {"state": application.get_state_display()}
        )


def application_url(application):
    return reverse("appraisal:application", args=[application.pk])


# --- starting and editing ----------------------------------------------------


def _roster_counts(unit):
    people = Person.objects.filter(department=unit, active=True)
    return people.count(), people.filter(is_party_member=True).count()


@transaction.atomic
def application_start(*, campaign, unit, by, now=None):
    """The unit's application in ``campaign``, created on first use.

    Refused unless the campaign is open for applications and the unit's kind
    may apply, and when a veto event or a rectification bars the unit. The 申报表's staff and party-member counts are prefilled from
    the roster. Side effects: one Application and a ``create`` event.
    """
    require(
        by,
        APPLY,
        unit,
        message=_("您不是“%(unit)s”的申报人，不能修改其申报。") % {"unit": unit.name},
    )
    refuse_yearly(campaign, _("申报"))
    existing = Application.objects.filter(campaign=campaign, unit=unit).first()
    if existing is not None:
        return existing
    now = now or timezone.now()
    if campaign.state != CampaignState.OPEN or not campaign.opens_at <= now < campaign.closes_at:
        raise DomainError(_("“%(campaign)s”当前不在申报期内。") % {"campaign": campaign.title})
    if unit.parent_id is None and not campaign.allows_departments:
        raise DomainError(_("本批次只接受清廉团队申报。"))
    if unit.parent_id is not None and not campaign.allows_clean_teams:
        raise DomainError(_("本批次不接受清廉团队申报。"))
    if not unit.active:
        raise DomainError(_("“%(unit)s”已停用，不能申报。") % {"unit": unit.name})
    _require_unblocked(unit, campaign)
    refusal = yearly_grade_refusal(unit, campaign)
    if refusal:
        raise DomainError(refusal)
    staff_count, party_member_count = _roster_counts(unit)
    try:
        with transaction.atomic():
            application = Application.objects.create(
                campaign=campaign,
                unit=unit,
                created_by=by,
                staff_count=staff_count,
                party_member_count=party_member_count,
            )
    except IntegrityError:  # a colleague started it at the same moment
        return Application.objects.get(campaign=campaign, unit=unit)
    ApplicationEvent.objects.create(
        subject=application,
        actor=by,
        transition="create",
        from_state="",
        to_state=application.state,
    )
    return application


def clear_confirmation(application):
    """A change after the head confirmed needs a new confirmation."""
    if application.head_confirmed_at is not None:
        application.head_confirmed_at = None
        application.head_confirmed_by = None
        application.save(update_fields=["head_confirmed_at", "head_confirmed_by", "updated_at"])


@transaction.atomic
def application_save(
    *, application, by, staff_count, party_member_count, materials_list, statement
):
    """Save the form and the statement of an editable application.

    The statement's length bounds apply on submit, not here. Side effects:
    saves the fields; a change clears the head's confirmation.
    """
    application = lock(application)
    require_applicant(by, application)
    require_editable(application)
    if party_member_count > staff_count:
        raise DomainError(_("党员人数不能多于科室人数。"))
    values = {
        "staff_count": staff_count,
        "party_member_count": party_member_count,
        "materials_list": materials_list,
        "statement": statement,
    }
    changed = [field for field, value in values.items() if getattr(application, field) != value]
    if not changed:
        return application
    for field in changed:
        setattr(application, field, values[field])
    changed_by(application, by=by)
    if application.head_confirmed_at is not None:
        application.head_confirmed_at = None
        application.head_confirmed_by = None
        changed += ["head_confirmed_at", "head_confirmed_by"]
    application.save(update_fields=[*changed, "updated_at"])
    return application


@transaction.atomic
def self_assessment_save(*, application, by, criterion, score, not_applicable, note=""):
    """Record the unit's own score for ``criterion``: 0 to its points in steps
    of 0.5, or "not applicable". Side effects: one SelfAssessment row; a change
    clears the head's confirmation."""
    application = lock(application)
    require_applicant(by, application)
    require_editable(application)
    if criterion.standard.rubric_id != application.campaign.rubric_id:
        raise DomainError(_("该评分项不属于本批次的考评细则。"))
    if not_applicable:
        score = None
    elif score is None:
        raise DomainError(_("请填写自评分，或选择“不适用”。"))
    else:
        score = Decimal(score)
        if not Decimal(0) <= score <= criterion.points or score % HALF != 0:
            raise DomainError(
                _("自评分须在 0 至 %(points)s 分之间，以 0.5 分为单位。")
                % {"points": criterion.points.normalize()}
            )
    assessment, _created = SelfAssessment.objects.get_or_create(
        application=application, criterion=criterion
    )
    if (assessment.score, assessment.not_applicable, assessment.note) != (
        score,
        not_applicable,
        note,
    ):
        assessment.score, assessment.not_applicable, assessment.note = score, not_applicable, note
        changed_by(assessment, by=by)
        assessment.save()
        clear_confirmation(application)
    return assessment


@transaction.atomic
def head_confirm(*, application, by):
    """The unit's head confirms the application as it stands (负责人确认).

    Only the head, in their own account. Side effects: head_confirmed_at/by
    and an event; the applicants are notified.
    """
    application = lock(application)
    require(
        by,
        "appraisal.confirm_application",
        application,
        message=_("只有“%(unit)s”的科室负责人本人可以确认申报。") % {"unit": application.unit.name},
    )
    require_editable(application)
    application.head_confirmed_at = timezone.now()
    application.head_confirmed_by = by
    application.save(update_fields=["head_confirmed_at", "head_confirmed_by", "updated_at"])
    ApplicationEvent.objects.create(
        subject=application,
        actor=by,
        transition="head_confirm",
        from_state=application.state,
        to_state=application.state,
    )
    with site_language():
        notify(
            recipients=applicants_of(application.unit),
            subject=_("%(unit)s申报已经科室负责人确认") % {"unit": application.unit.name},
            body=_("负责人已确认申报内容，可以提交。此后如再修改，需负责人重新确认。"),
            url=application_url(application),
        )
    return application


def submission_checklist(application, *, now=None):
    """What the application still needs before it can be submitted.

    Returns ``[(label, done, detail)]``; the submit service refuses with the
    details of the items not done, so the page and the rule never disagree.
    """
    now = now or timezone.now()
    campaign = application.campaign
    length = statement_length(application.statement)
    window_open = (
        campaign.state == CampaignState.OPEN and campaign.opens_at <= now < campaign.closes_at
    )
    if application.state == ApplicationState.RETURNED:
        window_open = campaign.state in (CampaignState.OPEN, CampaignState.REVIEWING)
    low, high = campaign.statement_min_chars, campaign.statement_max_chars
    checklist = [
        (
            _("申报期内"),
            window_open,
            _("申报已截止，不能再提交。") if not window_open else "",
        ),
        (_("科室人数"), application.staff_count > 0, _("请填写科室人数。")),
        (
            _("申报材料 %(low)s–%(high)s 字") % {"low": low, "high": high},
            low <= length <= high,
            _("申报材料现为 %(length)s 字，应在 %(low)s 至 %(high)s 字之间。")
            % {"length": length, "low": low, "high": high},
        ),
        (
            _("科室负责人确认"),
            application.head_confirmed_at is not None,
            _("科室负责人尚未确认当前内容（负责人须用本人账号确认；确认后如有修改需重新确认）。"),
        ),
    ]
    block = application_block(application.unit, campaign)
    checklist.append((_("无否决事项或未验收的整改"), block is None, block.message if block else ""))
    if campaign.required_yearly_grade:
        refusal = yearly_grade_refusal(application.unit, campaign)
        checklist.append(
            (
                _("年度考评等次达到“%(grade)s”")
                % {"grade": YearlyGrade(campaign.required_yearly_grade).label},
                not refusal,
                refusal,
            )
        )
    if campaign.uses_branch_opinion:
        # The branch step needs someone to take it; without a secretary the
        # application would wait for nobody.
        branch = application.unit.party_branch
        checklist.append(
            (
                _("所在党支部有书记"),
                branch is not None
                and branch.secretary is not None
                and branch.secretary.user_id is not None,
                _(
                    "本批次须先由党支部书记填写意见，但本科室所在党支部未登记书记或书记没有账号，"
                    "请联系党办补充。"
                ),
            )
        )
    return checklist


def request_application_form(application):
    """Ask for the 申报表 PDF as the application now stands (rendered after commit)."""
    document_request(
        kind=DocumentKind.APPLICATION_FORM,
        subject=application,
        application=application,
        campaign=application.campaign,
    )


def request_application_forms(applications):
    """Ask for the 申报表 of each of ``applications`` again: the campaign reached a
    step whose record the form prints (the review opinion once forwarded, the
    leading group's decision once the list is fixed, the party committee's
    confirmation; appraisal/documents.py). Rendered after commit, one task each."""
    for application in applications:
        if application.version:  # submitted at least once: it has a form
            request_application_form(application)


def _snapshot(application, by, now):
    evidence = [
        {"id": e.pk, "criterion_id": e.criterion_id, "name": e.original_name, "sha256": e.sha256}
        for e in application.evidence.filter(removed_at__isnull=True).order_by("pk")
    ]
    # The records attached as evidence, as their snapshots hold them: a record changed
    # after submission does not change what was submitted (services/records.py).
    records = [
        {
            "id": r.pk,
            "criterion_id": r.criterion_id,
            "kind": r.kind,
            "year": r.year,
            "attached_at": r.attached_at.isoformat(),
            "snapshot": r.snapshot,
        }
        for r in application.attached_records.filter(detached_at__isnull=True).order_by("pk")
    ]
    return ApplicationVersion.objects.create(
        application=application,
        number=application.version,
        submitted_at=now,
        submitted_by=by,
        staff_count=application.staff_count,
        party_member_count=application.party_member_count,
        materials_list=application.materials_list,
        statement=application.statement,
        evidence=evidence,
        records=records,
    )


@transaction.atomic
def application_submit(*, application, by, now=None):
    """Submit (or resubmit after a return) the application.

    Refused first when a veto event or a rectification bars the unit
    (``appraisal.vetoes.application_block``, its message as it is), then with
    every missing item of ``submission_checklist``. Goes to the
    branch secretary first when the campaign uses the branch step, else
    straight to the party office. Side effects: version + 1 with a snapshot
    of what was submitted (files and attached records); the campaign's rubric is frozen; an event;
    notifications to the next person after commit; the 申报表 PDF of this
    version is requested (rendered after commit).
    """
    now = now or timezone.now()
    application = lock(application)
    require_applicant(by, application)
    require_editable(application)
    _require_unblocked(application.unit, application.campaign)
    missing = [
        detail for _label, done, detail in submission_checklist(application, now=now) if not done
    ]
    if missing:
        raise DomainError(_("暂不能提交：%(missing)s") % {"missing": join_sentences(missing)})
    campaign = application.campaign
    application.version += 1
    application.submitted_at = now
    application.return_reason = ""
    application.save(update_fields=["version", "submitted_at", "return_reason", "updated_at"])
    _snapshot(application, by, now)
    rubric_freeze(rubric=campaign.rubric, at=now)
    transition = "submit_to_branch" if campaign.uses_branch_opinion else "submit"
    application = apply_transition(
        instance=application, transition=transition, by=by, event_model=ApplicationEvent
    )
    request_application_form(application)
    unit = application.unit
    if transition == "submit_to_branch":
        secretary = (
            unit.party_branch.secretary.user
            if unit.party_branch and unit.party_branch.secretary
            else None
        )
        with site_language():
            notify(
                recipients=[secretary],
                subject=_("%(unit)s提交了清廉科室申报，请填写党支部意见") % {"unit": unit.name},
                url=application_url(application),
            )
    else:
        with site_language():
            notify(
                recipients=users_with_role("party_office"),
                subject=_("%(unit)s提交了清廉科室申报（第%(version)s版）")
                % {"unit": unit.name, "version": application.version},
                url=application_url(application),
            )
    return application


@transaction.atomic
def application_withdraw(*, application, by, reason=""):
    """Take a submitted application back to draft, before review starts.

    Side effects: state → draft; the head's confirmation is cleared; an event.
    The submitted version stays in the versions.
    """
    application = lock(application)
    require_applicant(by, application)
    refuse_yearly(application.campaign, _("撤回申报"))
    if application.state in APPLICATION_REVIEWED_STATES:
        raise DomainError(_("评审已经开始，申报不能再撤回。"))
    return apply_transition(
        instance=application,
        transition="withdraw",
        by=by,
        event_model=ApplicationEvent,
        reason=reason,
        update_fields=["head_confirmed_at", "head_confirmed_by"],
        clear_confirmation=True,
    )


@transaction.atomic
def application_return(*, application, by, reason):
    """The party office returns an application for revision, with a reason.

    Never by someone of the unit itself (conflict of interest). Side effects:
    state → returned, the reason kept; an event; the applicants are notified.
    """
    require(by, RETURN, message=_("只有党办可以退回申报。"))
    require(by, RETURN, application, message=_("您是该科室人员，须回避，不能处理本科室的申报。"))
    refuse_yearly(application.campaign, _("退回修改"))
    if not reason.strip():
        raise DomainError(_("退回必须说明理由，便于科室修改。"))
    application = apply_transition(
        instance=application,
        transition="return_for_revision",
        by=by,
        event_model=ApplicationEvent,
        reason=reason.strip(),
        update_fields=["return_reason", "head_confirmed_at", "head_confirmed_by"],
        reason_text=reason.strip(),
    )
    with site_language():
        notify(
            recipients=applicants_of(application.unit),
            subject=_("%(unit)s的清廉科室申报被退回修改") % {"unit": application.unit.name},
            body=_("退回理由：%(reason)s\n请修改后由科室负责人重新确认，再次提交。")
            % {"reason": reason.strip()},
            url=application_url(application),
        )
    return application
