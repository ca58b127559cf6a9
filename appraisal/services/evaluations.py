"""The yearly evaluation's own writes (docs/evaluation.md; who may call each is
appraisal/rules.py): creating the campaign, its grade bands, opening it with one
application per evaluated unit, the party committee's confirmation of the results
and their publication. Scoring, assignment and forwarding are the selection's
services (reviews.py, assignment.py), which know the yearly kind where it differs.
"""

from fractions import Fraction

from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import users_with_role
from appraisal.enums import ApplicationState, CampaignKind, CampaignState
from appraisal.evaluation_selectors import DEFAULT_GRADE_BANDS, evaluated_units, grade_bands
from appraisal.formulas import clean_grade_bands, grade_for
from appraisal.models import (
    Application,
    ApplicationEvent,
    CampaignEvent,
    EvaluationResult,
    GradeBand,
)
from appraisal.ranking import campaign_ranking, ranking_renew, round_half_up
from core.errors import DomainError
from core.i18n import join_items, site_language
from core.permissions import require
from core.workflow import apply_transition, lock
from departments.models import Person
from departments.selectors import applicants_and_head
from notifications.services import notify

from .campaigns import campaign_create, require_one_evaluation_a_year
from .rubrics import rubric_freeze, rubric_total

MANAGE = "appraisal.change_campaign"
CONFIRM = "appraisal.confirm_campaign"

# A yearly campaign has no quota, statement, branch step or publicity; its rows keep
# the model's valid defaults for them (docs/evaluation.md).
EVALUATION_SETTINGS = (
    "year",
    "title",
    "document_number",
    "opens_at",
    "closes_at",
    "allows_departments",
    "allows_clean_teams",
    "reviewers_per_application",
    "reviewers_avoid_own_branch",
    "trims_extreme_scores",
    "review_deadline_on",
    "review_working_days",
    "review_reminder_working_days",
)
EVALUATION_FIXED = {
    "quota": 1,
    "publicity_working_days": 5,
    "statement_min_chars": 600,
    "statement_max_chars": 1000,
    "uses_branch_opinion": False,
    "veto_lookback_from": None,
}


def require_manager(user):
    require(user, MANAGE, message=_("只有党办可以管理年度清廉考评。"))


def require_yearly(campaign):
    if campaign.kind != CampaignKind.YEARLY_EVALUATION:
        raise DomainError(_("“%(campaign)s”不是年度清廉考评。") % {"campaign": campaign.title})


def refuse_yearly(campaign, what):
    """The selection-only steps (applying, the review opinion, the leading group, the
    publicity, the commendation, the bonus list) refuse a yearly campaign with this."""
    if campaign.kind == CampaignKind.YEARLY_EVALUATION:
        raise DomainError(
            _("“%(campaign)s”是年度清廉考评，没有“%(what)s”这一步。")
            % {"campaign": campaign.title, "what": what}
        )


@transaction.atomic
def evaluation_create(*, by, **values):
    """Create a draft yearly evaluation with the default rubric and grade bands.

    ``values`` are the fields of ``EVALUATION_SETTINGS``; the selection's quota,
    statement bounds, branch step and publicity keep fixed valid defaults. Side
    effects: as ``campaign_create``, plus the kind and four GradeBand rows
    (优秀 90–100, 良好 80–90, 合格 60–80, 不合格 0–60).
    """
    require_manager(by)
    unknown = set(values) - set(EVALUATION_SETTINGS)
    if unknown:
        raise TypeError(f"unknown evaluation settings: {sorted(unknown)}")
    require_one_evaluation_a_year(values.get("year"))
    campaign = campaign_create(
        by=by, kind=CampaignKind.YEARLY_EVALUATION, **values, **EVALUATION_FIXED
    )
    GradeBand.objects.bulk_create(
        GradeBand(campaign=campaign, grade=grade, lower=lower, upper=upper)
        for grade, lower, upper in DEFAULT_GRADE_BANDS
    )
    return campaign


@transaction.atomic
def grade_bands_save(*, campaign, by, bands):
    """Set the campaign's grade bands: ``bands`` is ``[(grade, lower, upper)]``.

    Refused (``formulas.clean_grade_bands``' Chinese sentence) when they overlap,
    leave a gap or misplace a grade, and once the results are confirmed. Side
    effects: the GradeBand rows, changed in place (their history keeps the old
    values); a grade left out is removed.
    """
    require_manager(by)
    campaign = lock(campaign)
    require_yearly(campaign)
    if campaign.state == CampaignState.CLOSED:
        raise DomainError(_("考评结果已经党委确认，等次分数段不能再修改。"))
    cleaned = clean_grade_bands(bands)
    existing = {band.grade: band for band in GradeBand.objects.filter(campaign=campaign)}
    kept = set()
    for grade, lower, upper in cleaned:
        band = existing.get(grade)
        kept.add(grade)
        if band is None:
            GradeBand.objects.create(campaign=campaign, grade=grade, lower=lower, upper=upper)
        elif (band.lower, band.upper) != (lower, upper):
            band.lower, band.upper = lower, upper
            band._change_reason = "grade_bands_save"
            band.save(update_fields=["lower", "upper"])
    # A grade left out goes (its history keeps it).
    for grade, band in existing.items():
        if grade not in kept:
            band.delete()
    # The ranking page shows the grades: its kept copy is stale.
    ranking_renew(campaign.pk)
    return grade_bands(campaign)


def _roster_counts(units):
    """``{unit pk: (staff, party members)}`` from the roster, in one query."""
    rows = (
        Person.objects.filter(department__in=units, active=True)
        .values("department_id")
        .annotate(staff=Count("pk"), party=Count("pk", filter=Q(is_party_member=True)))
    )
    return {row["department_id"]: (row["staff"], row["party"]) for row in rows}


@transaction.atomic
def evaluation_open(*, campaign, by, now=None):
    """Open a draft yearly evaluation (draft → open): one application per evaluated
    unit (evaluation_selectors.evaluated_units), in state submitted, with the
    roster's staff and party-member counts; the units never apply.

    Refused unless the campaign is a yearly one with criteria, grade bands, a
    window not yet closed and at least one unit to evaluate. Side effects: the
    rubric is frozen; the campaign's state and its event; the applications and
    one ``open_evaluation`` event each, by ``by``; each unit's applicants and head
    are told their draft can be read.
    """
    require_manager(by)
    require_yearly(campaign)
    now = now or timezone.now()
    if rubric_total(campaign.rubric) <= 0:
        raise DomainError(_("考评细则还没有任何评分项，不能开始考评。"))
    if campaign.closes_at <= now:
        raise DomainError(_("说明截止时间已过，请先修改时间。"))
    if not GradeBand.objects.filter(campaign=campaign).exists():
        raise DomainError(_("请先设置等次分数段。"))
    units, _left_out = evaluated_units(campaign, on=timezone.localdate(now))
    if not units:
        raise DomainError(_("没有符合条件的考评单元。"))
    campaign = apply_transition(
        instance=campaign,
        transition="open",
        by=by,
        event_model=CampaignEvent,
        reason=_("纳入考评 %(count)s 个单元") % {"count": len(units)},
    )
    rubric_freeze(rubric=campaign.rubric, at=now)
    counts = _roster_counts(units)
    applications = Application.objects.bulk_create(
        Application(
            campaign=campaign,
            unit=unit,
            state=ApplicationState.SUBMITTED,
            staff_count=counts.get(unit.pk, (0, 0))[0],
            party_member_count=counts.get(unit.pk, (0, 0))[1],
            submitted_at=now,
            created_by=by,
        )
        for unit in units
    )
    ApplicationEvent.objects.bulk_create(
        ApplicationEvent(
            subject=application,
            actor=by,
            transition="open_evaluation",
            from_state="",
            to_state=ApplicationState.SUBMITTED,
        )
        for application in applications
    )
    ranking_renew(campaign.pk)
    with site_language():
        for unit in units:
            notify(
                recipients=applicants_and_head(unit),
                subject=_("“%(campaign)s”已开始，%(unit)s已纳入考评")
                % {"campaign": campaign.title, "unit": unit.name},
                body=_("无需申报。评审开始前可查看本单元的计算初稿并填写情况说明。"),
                url=reverse("appraisal:campaign", args=[campaign.pk]),
            )
    return campaign


def unscored_units(ranking):
    """The units of ``ranking`` without a total (no submitted review counts)."""
    return [row.application.unit for row in ranking.rows if row.total is None]


@transaction.atomic
def results_confirm(*, campaign, by, confirmed_on, reference):
    """The party committee confirms a forwarded yearly evaluation (deciding → closed).

    Writes one EvaluationResult per evaluated unit, as the ranking computes it
    (``ranking.campaign_ranking``): total, rank, grade by the campaign's bands,
    each criterion's score and the hospital's average total; never changed
    afterwards. Refused without the meeting or its date, with a date in the future,
    while a unit has no total, or when a total falls in no band. Side effects: the
    campaign's confirmation fields, state and event; the results; the party office
    is told the results may be published.
    """
    require(by, CONFIRM, message=_("只有院党委可以确认年度考评结果。"))
    campaign = lock(campaign)
    require_yearly(campaign)
    if campaign.state != CampaignState.DECIDING:
        raise DomainError(
            _("“%(campaign)s”当前为“%(state)s”，党办报送后才能确认考评结果。")
            % {"campaign": campaign.title, "state": campaign.get_state_display()}
        )
    if not reference.strip():
        raise DomainError(_("请填写党委确认的会议。"), field="reference")
    if confirmed_on is None:
        raise DomainError(_("请填写党委确认日期。"), field="confirmed_on")
    if confirmed_on > timezone.localdate():
        raise DomainError(_("党委确认日期不能晚于今天。"), field="confirmed_on")
    ranking = campaign_ranking(campaign)
    missing = unscored_units(ranking)
    if missing:
        raise DomainError(
            _("以下单元还没有计入的评分，不能确认：%(units)s。")
            % {"units": join_items(unit.name for unit in missing)}
        )
    bands = grade_bands(campaign)
    rows = [row for row in ranking.rows if row.total is not None]
    if not rows:
        raise DomainError(_("没有可确认的考评结果。"))
    average = round_half_up(sum((Fraction(row.total) for row in rows), Fraction(0)) / len(rows))
    results = []
    for row in rows:
        grade = grade_for(bands, row.total)
        if grade is None:
            raise DomainError(
                _("%(unit)s的总分 %(total)s 不在任何等次的分数段内，请先修改等次分数段。")
                % {"unit": row.application.unit.name, "total": row.total}
            )
        results.append(
            EvaluationResult(
                application=row.application,
                campaign=campaign,
                unit=row.application.unit,
                year=campaign.year,
                total=row.total,
                rank=row.rank,
                grade=grade,
                criterion_scores={
                    str(criterion.pk): _shown(row.criteria.get(criterion.pk))
                    for criterion in ranking.criteria
                },
                average_total=average,
                confirmed_on=confirmed_on,
            )
        )
    campaign = apply_transition(
        instance=campaign,
        transition="confirm_results",
        by=by,
        event_model=CampaignEvent,
        reason=reference.strip(),
        update_fields=("confirmed_by", "confirmed_on", "confirmation_reference"),
        actor_argument="by",
        on=confirmed_on,
        reference=reference.strip(),
    )
    EvaluationResult.objects.bulk_create(results)
    with site_language():
        notify(
            recipients=_party_office(),
            subject=_("院党委已确认“%(campaign)s”的考评结果，请发布")
            % {"campaign": campaign.title},
            url=reverse("appraisal:evaluation_results", args=[campaign.pk]),
        )
    return campaign


def _shown(outcome):
    """A criterion's confirmed score as text with two decimals, or None ("not applicable")."""
    if outcome is None or outcome.units is None:
        return None
    return str(outcome.shown)


def _party_office():
    return users_with_role("party_office")


@transaction.atomic
def results_publish(*, campaign, by, now=None):
    """Publish a confirmed yearly evaluation's results to the units, once.

    Side effects: ``results_published_at``/``_by``; a ``publish_results`` event;
    each unit's applicants and head are told, with a link to its own result.
    """
    require_manager(by)
    campaign = lock(campaign)
    require_yearly(campaign)
    if campaign.state != CampaignState.CLOSED:
        raise DomainError(_("考评结果经院党委确认后才能发布。"))
    if campaign.results_published_at is not None:
        raise DomainError(_("考评结果已经发布。"))
    campaign.results_published_at = now or timezone.now()
    campaign.results_published_by = by
    campaign.save(update_fields=["results_published_at", "results_published_by"])
    CampaignEvent.objects.create(
        subject=campaign,
        actor=by,
        transition="publish_results",
        from_state=campaign.state,
        to_state=campaign.state,
    )
    results = EvaluationResult.objects.filter(campaign=campaign).select_related("unit__head__user")
    with site_language():
        for result in results:
            notify(
                recipients=applicants_and_head(result.unit),
                subject=_("“%(campaign)s”结果已发布：%(unit)s为“%(grade)s”")
                % {
                    "campaign": campaign.title,
                    "unit": result.unit.name,
                    "grade": result.get_grade_display(),
                },
                url=reverse("appraisal:evaluation_result", args=[result.pk]),
            )
    return campaign
