"""The reviewer's pages (queue, the review sheet, drafts saved as they type, submit)
and the department's view of its results once the campaign is closed."""

from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from appraisal import ranking, review_selectors, selectors
from appraisal.computed_selectors import computed_rows, is_yearly
from appraisal.enums import CampaignState, ReviewState
from appraisal.forms import ScoreForm
from appraisal.lists import ReviewQueueFilter, ReviewQueueTable
from appraisal.models import Criterion, Review
from appraisal.selectors import application_for_user_or_404
from appraisal.services import reviews as services
from appraisal.vetoes import disqualification_reasons
from core.errors import DomainError
from core.lists import list_page
from core.views import acts, run_action

VIEW_REVIEWS = "appraisal.view_review"


def review_for_user_or_404(user, pk, *, own_only=False):
    """The review if ``user`` is its reviewer (or, unless ``own_only``, may see every review)."""
    try:
        review = Review.objects.select_related(
            "reviewer", "application__unit", "application__campaign__rubric"
        ).get(pk=pk)
    except (Review.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if review.reviewer_id == user.pk and review.state != ReviewState.UNASSIGNED:
        return review
    if not own_only and user.has_perm(VIEW_REVIEWS):
        return review
    raise Http404


@login_required
@permission_required("appraisal.score_assigned", raise_exception=True)
def review_queue(request):
    """The reviewer's queue: the reviews assigned to them, with progress (the reviews
    still to score come first, until a column is sorted)."""
    return list_page(
        request,
        rows=review_selectors.reviewer_queue(request.user),
        table_class=ReviewQueueTable,
        filterset_class=ReviewQueueFilter,
        template="appraisal/review_queue.html",
        title=gettext_lazy("评审任务"),
        export_name=gettext_lazy("评审任务"),
        context=review_selectors.reviewer_queue_progress(request.user),
        table_kwargs={"empty_text": gettext_lazy("目前没有分配给您的评审任务。")},
    )


def _sheet_context(review, user):
    application = review.application
    standards, total, general_evidence = selectors.rubric_sheet(application)
    scores = {s.criterion_id: s for s in review.scores.all()}
    # A yearly campaign's computed criteria: shown with their score, the figures it used
    # and the unit's explanation; not the reviewer's to score (docs/evaluation.md).
    computed = computed_rows(application) if is_yearly(application.campaign) else {}
    for standard in standards:
        for criterion in standard.ordered_criteria:
            criterion.score_row = scores.get(criterion.pk)
            criterion.computed_row = computed.get(criterion.pk)
    versions = list(application.versions.order_by("number"))
    diff = None
    if len(versions) >= 2:
        diff = selectors.statement_diff(versions[-2].statement, versions[-1].statement)
    may_score = (
        review.reviewer_id == user.pk
        and review.state == ReviewState.ASSIGNED
        and application.campaign.state == CampaignState.REVIEWING
    )
    return {
        "review": review,
        "application": application,
        "campaign": application.campaign,
        "standards": standards,
        "total": total,
        "general_evidence": general_evidence,
        "self_total": selectors.self_assessment_total(application),
        "versions": versions,
        "diff": diff,
        "may_score": may_score,
        "missing": services.missing_for_submit(review) if may_score else [],
        "filled": sum(1 for s in scores.values() if s.is_filled),
        "criteria_count": sum(len(s.ordered_criteria) for s in standards) - len(computed),
        "veto_reasons": disqualification_reasons(application),
    }


@login_required
def review_sheet(request, pk):
    """The review page: the application (statement and what changed, evidence in
    the page, self-assessment) beside the scoring form. Read-only once submitted,
    and for the party office."""
    review = review_for_user_or_404(request.user, pk)
    return render(request, "appraisal/review_sheet.html", _sheet_context(review, request.user))


@acts()
def review_score(request, pk, criterion_pk):
    """Save one criterion's draft score (htmx, as the reviewer types); answers the row's status."""
    review = review_for_user_or_404(request.user, pk, own_only=True)
    criterion = get_object_or_404(
        Criterion, pk=criterion_pk, standard__rubric=review.application.campaign.rubric_id
    )
    form = ScoreForm(request.POST)

    def save():
        if not form.is_valid():
            raise DomainError(_("评分内容有误，请检查。"))
        data = form.cleaned_data
        return services.score_save(
            review=review,
            by=request.user,
            criterion=criterion,
            score=services.parse_score(data["score"]),
            not_applicable=data["not_applicable"],
            comment=data["comment"],
        )

    def fragment_context(error, row):
        return {
            "row": row,
            "needs_comment": row is not None
            and services.comment_required(criterion, row.score)
            and not row.comment,
        }

    return run_action(
        request,
        save,
        success_url=f"{reverse('appraisal:review', args=[review.pk])}#criterion-{criterion.pk}",
        partial="appraisal/partials/score_status.html",
        context=fragment_context,
    )


@acts()
def review_submit(request, pk):
    review = review_for_user_or_404(request.user, pk, own_only=True)
    return run_action(
        request,
        lambda: services.review_submit(review=review, by=request.user),
        success_url=reverse("appraisal:review_queue"),
        success_message=_("已提交对“%(unit)s”的评审，评分已锁定。")
        % {"unit": review.application.unit.name},
        refused_url=reverse("appraisal:review", args=[review.pk]),
    )


@login_required
def application_result(request, pk):
    """The department's results after the campaign closes: the aggregated scores
    and the reviewers' comments, never who gave them."""
    application = application_for_user_or_404(request.user, pk)
    if not request.user.has_perm("appraisal.view_application_result", application):
        raise Http404
    campaign = application.campaign
    # A yearly evaluation's results reach the unit when the party office publishes them.
    published = campaign.state == CampaignState.CLOSED and (
        not campaign.is_yearly_evaluation or campaign.results_published_at is not None
    )
    context = {"application": application, "campaign": application.campaign}
    if published:
        result, standards = ranking.application_result(application)
        comments = review_selectors.anonymous_comments(application)
        rows = []
        for index, standard in enumerate(standards):
            criteria = [
                (c, result.criteria.get(c.pk) if result else None, comments.get(c.pk, []))
                for c in standard.criteria
            ]
            rows.append((standard, result.subtotals[index] if result else None, criteria))
        context.update({"result": result, "rows": rows})
    context["published"] = published
    return render(request, "appraisal/application_result.html", context)
