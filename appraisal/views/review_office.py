"""The party office's review pages for a whole campaign: the review team and
assignment, progress, the ranking with its charts, the export and forwarding
the list. One application's reviews are application_reviews.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from accounts.models import User
from appraisal import review_selectors
from appraisal.charts import distribution_chart, progress_chart, reviewer_chart, standard_chart
from appraisal.enums import ApplicationState, CampaignState
from appraisal.evaluation_selectors import grade_bands
from appraisal.exports import scores_workbook
from appraisal.forms import (
    AutoAssignForm,
    ForwardForm,
    PoolAddForm,
    ReasonForm,
)
from appraisal.formulas import grade_for
from appraisal.models import Campaign
from appraisal.ranking import campaign_ranking, ranking_kept
from appraisal.services import assignment, reminders
from appraisal.services import reviews as services
from core.views import acts, run_action

MANAGE = "appraisal.manage_reviews"
VIEW_REVIEWS = "appraisal.view_review"


def _campaign(pk):
    return get_object_or_404(Campaign.objects.select_related("rubric"), pk=pk)


# --- the review team, assignment, progress ----------------------------------------------------


@login_required
@permission_required(MANAGE, raise_exception=True)
def review_overview(request, pk):
    """评审管理: the review team with each reviewer's progress, the automatic
    assignment and forwarding the list to the leading group."""
    campaign = _campaign(pk)
    members = review_selectors.reviewer_progress(campaign)
    unfinished = list(services.unfinished_reviews(campaign)[:20])
    late = [m for m in members if m.is_late]
    return render(
        request,
        "appraisal/review_overview.html",
        {
            "campaign": campaign,
            "members": members,
            "pool_form": PoolAddForm(campaign=campaign),
            "assign_form": AutoAssignForm(
                initial={"per_application": campaign.reviewers_per_application}
            ),
            "forward_form": ForwardForm(),
            "reason_form": ReasonForm(),
            "unfinished": unfinished,
            "unfinished_count": review_selectors.unfinished_count(campaign),
            "reviewing": campaign.state == CampaignState.REVIEWING,
            "late": late,
            "last_reminder": review_selectors.last_manual_reminder(campaign),
        },
    )


def _overview_url(campaign):
    return reverse("appraisal:review_overview", args=[campaign.pk])


def _back_to_overview(campaign):
    return redirect(_overview_url(campaign))


@acts(MANAGE)
def pool_add(request, pk):
    campaign = _campaign(pk)
    form = PoolAddForm(request.POST, campaign=campaign)
    if not form.is_valid():
        messages.error(request, _("请选择有“党办评审人员”角色、尚未加入评审组的人员。"))
        return _back_to_overview(campaign)
    reviewer = form.cleaned_data["reviewer"]
    return run_action(
        request,
        lambda: assignment.pool_add(campaign=campaign, reviewer=reviewer, by=request.user),
        success_url=_overview_url(campaign),
        success_message=_("已将%(reviewer)s加入评审组。") % {"reviewer": reviewer.name},
    )


def _member(campaign, user_pk):
    return get_object_or_404(User, pk=user_pk, pk__in=campaign.reviewer_pool.values("reviewer"))


@acts(MANAGE)
def pool_remove(request, pk, user_pk):
    campaign = _campaign(pk)
    reviewer = _member(campaign, user_pk)
    return run_action(
        request,
        lambda: assignment.pool_remove(campaign=campaign, reviewer=reviewer, by=request.user),
        success_url=_overview_url(campaign),
        success_message=_("已将%(reviewer)s移出评审组。") % {"reviewer": reviewer.name},
    )


@acts(MANAGE)
def reviewer_away(request, pk, user_pk):
    campaign = _campaign(pk)
    reviewer = _member(campaign, user_pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请说明评审人员不能评审的原因（如请假、出差）。"))
        return _back_to_overview(campaign)
    return run_action(
        request,
        lambda: assignment.reviewer_mark_away(
            campaign=campaign,
            reviewer=reviewer,
            by=request.user,
            reason=form.cleaned_data["reason"],
        ),
        success_url=_overview_url(campaign),
        success_message=lambda result: result.message,
    )


@acts(MANAGE)
def reviewer_back(request, pk, user_pk):
    campaign = _campaign(pk)
    reviewer = _member(campaign, user_pk)
    return run_action(
        request,
        lambda: assignment.reviewer_mark_back(
            campaign=campaign, reviewer=reviewer, by=request.user
        ),
        success_url=_overview_url(campaign),
        success_message=_("%(reviewer)s已恢复评审，之后的自动分配会为其分配任务。")
        % {"reviewer": reviewer.name},
    )


@acts(MANAGE)
def assign_automatically(request, pk):
    campaign = _campaign(pk)
    form = AutoAssignForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("每份申报评审人数须为 1 至 15 的整数。"))
        return _back_to_overview(campaign)
    return run_action(
        request,
        lambda: assignment.reviews_assign_automatically(
            campaign=campaign, by=request.user, per_application=form.cleaned_data["per_application"]
        ),
        success_url=_overview_url(campaign),
        success_message=lambda result: result.message,
    )


@login_required
@permission_required(MANAGE, raise_exception=True)
def review_progress(request, pk):
    """Progress per reviewer (the late ones marked) and per application, with the
    reminder to everyone unfinished."""
    campaign = _campaign(pk)
    members = review_selectors.reviewer_progress(campaign)
    return render(
        request,
        "appraisal/review_progress.html",
        {
            "campaign": campaign,
            "members": members,
            "late": [m for m in members if m.is_late],
            "unfinished_count": sum(m.assigned for m in members),
            "reviewing": campaign.state == CampaignState.REVIEWING,
            "last_reminder": review_selectors.last_manual_reminder(campaign),
            "applications": review_selectors.application_progress(campaign),
        },
    )


@acts(MANAGE)
def reviewers_remind(request, pk):
    """提醒所有未完成的评审人: one notification to each reviewer with unfinished reviews."""
    campaign = _campaign(pk)
    back = request.POST.get("next")
    return run_action(
        request,
        lambda: reminders.reviewers_remind(campaign=campaign, by=request.user),
        success_url=reverse("appraisal:review_overview", args=[campaign.pk])
        if back == "overview"
        else reverse("appraisal:review_progress", args=[campaign.pk]),
        success_message=lambda reminder: (
            ngettext(
                "已提醒 %(count)s 名尚未完成评审的评审人员。",
                "已提醒 %(count)s 名尚未完成评审的评审人员。",
                reminder.reviewers_reminded,
            )
            % {"count": reminder.reviewers_reminded}
        ),
    )


@acts(MANAGE)
def campaign_forward(request, pk):
    campaign = _campaign(pk)
    form = ForwardForm(request.POST)
    reason = form.cleaned_data["excuse_reason"] if form.is_valid() else ""
    return run_action(
        request,
        lambda: services.campaign_forward(campaign=campaign, by=request.user, excuse_reason=reason),
        success_url=reverse("appraisal:campaign", args=[campaign.pk]),
        success_message=_("考评结果已报送院党委确认。")
        if campaign.is_yearly_evaluation
        else _("推荐名单已报送领导小组审定。"),
    )


# --- the ranking ----------------------------------------------------------------------------------


STATE_BADGES = {"recommended": "text-bg-success", "not_recommended": "text-bg-light"}


def _ranking_lines(table, bands=None):
    """The ranking's rows as text, ready to print: the page lists every application
    at once, so the template only places strings (numbers formatted here, once)."""
    lines = []
    # One reverse for the whole table: the link differs only by the application's id.
    link = reverse("appraisal:application_reviews", args=[0]).replace("/0/", "/{}/")
    labels = dict(ApplicationState.choices)
    for row in table.rows:
        application = row.application
        cells = [
            (
                "—" if subtotal is None else str(subtotal),
                _("计入 %(points)s 分") % {"points": counted.normalize()}
                if subtotal is not None and counted != full
                else "",
            )
            for subtotal, counted, full in row.standard_cells()
        ]
        lines.append(
            {
                "rank": row.rank or "—",
                "name": application.unit.name,
                "url": link.format(application.pk),
                "state": labels[application.state],
                "badge": STATE_BADGES.get(application.state, "text-bg-secondary"),
                "cells": cells,
                "total": "—" if row.total is None else str(row.total),
                "grade": _grade_text(bands, row.total),
                "reviews": row.reviews,
                "flag": _("评审人员总分相差 %(spread)s 分") % {"spread": row.spread_shown}
                if row.flagged
                else "",
            }
        )
    return lines


@login_required
@permission_required(MANAGE, raise_exception=True)
def ranking(request, pk):
    """The ranking table with the standard subtotals and the spread flags.

    The table is kept in the cache, rendered, until the ranking changes
    (``appraisal.ranking.ranking_kept``): 300 applications took 200 ms to
    compute and render, and the party office reads the page again and again."""
    campaign = _campaign(pk)

    def table_html():
        table = campaign_ranking(campaign)
        # A yearly evaluation's ranking shows each unit's grade by the campaign's bands.
        bands = grade_bands(campaign) if campaign.is_yearly_evaluation else None
        return render_to_string(
            "appraisal/partials/ranking_table.html",
            {
                "ranking": table,
                "graded": bands is not None,
                "lines": _ranking_lines(table, bands),
                "averages": ["—" if a is None else str(a) for a in table.standard_averages],
            },
        )

    # A SafeString, kept as one: the template places it unescaped.
    table = ranking_kept(campaign, f"page:{get_language()}", table_html)
    return render(request, "appraisal/ranking.html", {"campaign": campaign, "table": table})


@login_required
@permission_required(MANAGE, raise_exception=True)
def ranking_charts(request, pk):
    """The review's charts: progress, each criterion's scores, each reviewer against
    the others, and one chart per department (its standard subtotals against the
    campaign average). Each with a title, a description and its data as a table."""
    campaign = _campaign(pk)
    table = campaign_ranking(campaign)
    charts = [
        (row, standard_chart(table.standards, row.subtotals, table.standard_averages))
        for row in table.rows
        if row.total is not None
    ]
    members = review_selectors.reviewer_progress(campaign)
    summary = review_selectors.progress_summary(members)
    distributions = review_selectors.criterion_distributions(campaign)
    comparisons = review_selectors.reviewer_comparisons(campaign)
    threshold = review_selectors.REVIEWER_OUTLIER_POINTS
    return render(
        request,
        "appraisal/ranking_charts.html",
        {
            "campaign": campaign,
            "charts": charts,
            "standards": table.standards,
            "averages": table.standard_averages,
            "members": members,
            "summary": summary,
            "progress_chart": progress_chart(
                members, summary, (_("已提交"), _("未完成"), _("免评"), _("全部"))
            ),
            "distributions": distributions,
            "distribution_chart": distribution_chart(distributions),
            "comparisons": comparisons,
            "reviewer_chart": reviewer_chart(comparisons, threshold, _("偏离")),
            "threshold": threshold,
            "flagged": [c for c in comparisons if c.flagged],
        },
    )


@login_required
@permission_required([MANAGE, VIEW_REVIEWS], raise_exception=True)
def scores_export(request, pk):
    """The scores as Excel: every score by reviewer, and the aggregates."""
    campaign = _campaign(pk)
    response = HttpResponse(
        scores_workbook(campaign),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    filename = f"{campaign.year}-scores.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _grade_text(bands, total):
    if bands is None or total is None:
        return ""
    grade = grade_for(bands, total)
    return grade.label if grade else "—"


def review_pages(campaign):
    """Links the campaign page shows the party office, once the review can start."""
    if campaign.state == CampaignState.DRAFT:
        return []
    return [
        (_("评审管理"), reverse("appraisal:review_overview", args=[campaign.pk])),
        (_("评审进度"), reverse("appraisal:review_progress", args=[campaign.pk])),
        (_("排名"), reverse("appraisal:ranking", args=[campaign.pk])),
        (_("各科室得分图"), reverse("appraisal:ranking_charts", args=[campaign.pk])),
    ]
