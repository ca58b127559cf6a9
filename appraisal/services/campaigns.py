"""Writes of the appraisal workflow. See enums.py for the states."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from appraisal.enums import CAMPAIGN_EDITABLE_STATES, CampaignKind
from appraisal.models import Campaign, CampaignEvent, GradeBand
from core.errors import DomainError
from core.history import changed_by
from core.i18n import full_date
from core.workflow import apply_transition

from .rubrics import rubric_copy, rubric_create_default, rubric_total

CAMPAIGN_SETTINGS = (
    "year",
    "title",
    "document_number",
    "opens_at",
    "closes_at",
    "quota",
    "publicity_working_days",
    "statement_min_chars",
    "statement_max_chars",
    "uses_branch_opinion",
    "allows_departments",
    "allows_clean_teams",
    "reviewers_per_application",
    "reviewers_avoid_own_branch",
    "trims_extreme_scores",
    "review_deadline_on",
    "review_working_days",
    "review_reminder_working_days",
    "veto_lookback_from",
    "required_yearly_grade",
)


def review_deadline_error(*, closes_at, deadline_on, working_days):
    """What is wrong with a campaign's review deadline, or "" (the form and the services ask)."""
    if deadline_on and working_days:
        return _("评审截止日期和评审期（工作日）只能填写一项。")
    if deadline_on and closes_at and deadline_on <= timezone.localdate(closes_at):
        return _(
            "评审截止日期（%(deadline)s）必须晚于申报截止日期（%(closes)s）：评审在申报截止后才开始。"
        ) % {"deadline": full_date(deadline_on), "closes": full_date(closes_at)}
    if working_days is not None and not 1 <= working_days <= 60:
        return _("评审期须为 1 至 60 个工作日。")
    return ""


def _check_settings(values):
    if values["closes_at"] <= values["opens_at"]:
        raise DomainError(_("申报截止时间必须晚于申报开始时间。"))
    if not 3 <= values["publicity_working_days"] <= 5:
        raise DomainError(_("公示期必须为 3 至 5 个工作日。"))
    if values["quota"] < 1:
        raise DomainError(_("评选名额至少为 1。"))
    if values["statement_max_chars"] <= values["statement_min_chars"]:
        raise DomainError(_("申报材料最多字数必须大于最少字数。"))
    if not (values["allows_departments"] or values["allows_clean_teams"]):
        raise DomainError(_("请至少允许科室或清廉团队中的一类申报。"))
    if not 1 <= values["reviewers_per_application"] <= 15:
        raise DomainError(_("每份申报评审人数须在 1 至 15 之间。"))
    error = review_deadline_error(
        closes_at=values["closes_at"],
        deadline_on=values["review_deadline_on"],
        working_days=values["review_working_days"],
    )
    if error:
        raise DomainError(error)
    if not 1 <= values["review_reminder_working_days"] <= 10:
        raise DomainError(_("截止前提醒须为 1 至 10 个工作日。"))


def require_one_evaluation_a_year(year, *, excluding=None):
    """One yearly evaluation a year: a unit has one result a year."""
    existing = Campaign.objects.filter(kind=CampaignKind.YEARLY_EVALUATION, year=year)
    if excluding is not None:
        existing = existing.exclude(pk=excluding.pk)
    if existing.exists():
        raise DomainError(
            _("%(year)s年度已有年度清廉考评，每年只能有一次。") % {"year": year}, field="year"
        )


@transaction.atomic
def campaign_create(*, by, kind=CampaignKind.SELECTION, **values):
    """Create a draft campaign with the default rubric of fixtures/.

    ``values`` are the fields of ``CAMPAIGN_SETTINGS`` (missing ones take the
    model's defaults); ``kind`` is the selection unless evaluations.evaluation_create
    makes a yearly one. Side effects: a Campaign, its Rubric with standards and
    criteria, a ``created`` CampaignEvent.
    """
    unknown = set(values) - set(CAMPAIGN_SETTINGS)
    if unknown:
        raise TypeError(f"unknown campaign settings: {sorted(unknown)}")
    campaign = Campaign(created_by=by, kind=kind, **values)
    _check_settings({f: getattr(campaign, f) for f in CAMPAIGN_SETTINGS})
    campaign.rubric = rubric_create_default(name=f"{campaign.year}年考评细则")
    changed_by(campaign, by=by)
    campaign.save()
    CampaignEvent.objects.create(
        subject=campaign, actor=by, transition="create", from_state="", to_state=campaign.state
    )
    return campaign


def _same_day_years_later(moment, years):
    local = timezone.localtime(moment)
    try:
        shifted = local.replace(year=local.year + years)
    except ValueError:  # 29 February in a year without one
        shifted = local.replace(year=local.year + years, day=28)
    return shifted


@transaction.atomic
def campaign_copy(*, source, by, year=None):
    """Start a new draft campaign as a copy of ``source`` (usually last year's).

    Settings and the rubric are copied; the window moves by the years between
    the campaigns; the title's year is replaced; the document number is left
    empty (a new notice gets a new number). Side effects as ``campaign_create``.
    """
    year = year or source.year + 1
    if source.kind == CampaignKind.YEARLY_EVALUATION:
        require_one_evaluation_a_year(year)
    years = year - source.year
    campaign = Campaign(
        created_by=by,
        copied_from=source,
        kind=source.kind,
        **{f: getattr(source, f) for f in CAMPAIGN_SETTINGS},
    )
    campaign.year = year
    campaign.title = source.title.replace(str(source.year), str(year))
    if campaign.title == source.title:
        campaign.title = f"{year}年{source.title}"
    campaign.document_number = ""
    # Last year's look-back start would reach back too far: the new year's default applies.
    campaign.veto_lookback_from = None
    campaign.opens_at = _same_day_years_later(source.opens_at, years)
    campaign.closes_at = _same_day_years_later(source.closes_at, years)
    if source.review_deadline_on:
        day = source.review_deadline_on
        try:
            campaign.review_deadline_on = day.replace(year=day.year + years)
        except ValueError:  # 29 February in a year without one
            campaign.review_deadline_on = day.replace(year=day.year + years, day=28)
    campaign.rubric = rubric_copy(source=source.rubric, name=f"{year}年考评细则")
    changed_by(campaign, by=by)
    campaign.save()
    CampaignEvent.objects.create(
        subject=campaign,
        actor=by,
        transition="copy",
        from_state="",
        to_state=campaign.state,
        reason=_("复制自“%(campaign)s”") % {"campaign": source.title},
    )
    # A yearly evaluation's grades go with it.
    GradeBand.objects.bulk_create(
        GradeBand(campaign=campaign, grade=band.grade, lower=band.lower, upper=band.upper)
        for band in source.grade_bands.all()
    )
    return campaign


@transaction.atomic
def campaign_update(*, campaign, by, **values):
    """Change a campaign's settings while it is a draft or open for applications.

    Side effects: saves the changed fields (history records ``by``).
    """
    locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if locked.state not in CAMPAIGN_EDITABLE_STATES:
        raise DomainError(
            _("评选批次已进入“%(state)s”阶段，设置不能再修改。")
            % {"state": locked.get_state_display()}
        )
    unknown = set(values) - set(CAMPAIGN_SETTINGS)
    if unknown:
        raise TypeError(f"unknown campaign settings: {sorted(unknown)}")
    if (
        locked.kind == CampaignKind.YEARLY_EVALUATION
        and values.get("year", locked.year) != locked.year
    ):
        require_one_evaluation_a_year(values["year"], excluding=locked)
    for field, value in values.items():
        setattr(locked, field, value)
    _check_settings({f: getattr(locked, f) for f in CAMPAIGN_SETTINGS})
    changed_by(locked, by=by)
    locked.save(update_fields=list(values))
    return locked


@transaction.atomic
def campaign_open(*, campaign, by, now=None):
    """Open a draft campaign for applications (draft → open).

    Refused when the rubric is empty or the window has already closed.
    Side effects: the state, a CampaignEvent.
    """
    now = now or timezone.now()
    if campaign.kind != CampaignKind.SELECTION:
        raise DomainError(_("年度清廉考评无需申报，请用“开始考评”。"))
    if rubric_total(campaign.rubric) <= 0:
        raise DomainError(_("考评细则还没有任何评分项，不能开放申报。"))
    if campaign.closes_at <= now:
        raise DomainError(_("申报截止时间已过，请先修改申报时间。"))
    return apply_transition(instance=campaign, transition="open", by=by, event_model=CampaignEvent)
