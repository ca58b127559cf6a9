"""The party office's page of one application's reviews (individual scores:
the party office only): assign, unassign, reassign, reopen, excuse, and the
review opinion with its recommendation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from appraisal import review_selectors
from appraisal.enums import CampaignState, ReviewState
from appraisal.forms import (
    AssignForm,
    ReasonForm,
    ReassignForm,
    ReviewOpinionForm,
)
from appraisal.models import Application, Review
from appraisal.ranking import application_result
from appraisal.services import assignment
from appraisal.services import reviews as services
from core.views import acts, run_action

MANAGE = "appraisal.manage_reviews"
VIEW_REVIEWS = "appraisal.view_review"


# --- one application's reviews ----------------------------------------------------------------------


def _application(pk):
    return get_object_or_404(Application.objects.select_related("unit", "campaign__rubric"), pk=pk)


@login_required
@permission_required([MANAGE, VIEW_REVIEWS], raise_exception=True)
def application_reviews(request, pk):
    """Every review of one application with the individual scores (the party office
    only), the aggregated result, assignment by hand and the review opinion."""
    application = _application(pk)
    campaign = application.campaign
    reviews = review_selectors.application_reviews(application)
    shown = [r for r in reviews if r.state != ReviewState.UNASSIGNED]
    result, standards = application_result(application)
    criteria = [c for s in standards for c in s.criteria]
    candidates = review_selectors.assignable_reviewers(application)
    for review in reviews:
        if review.state == ReviewState.ASSIGNED:
            review.reassign_form = ReassignForm(
                reviewers=candidates, auto_id=f"reassign-{review.pk}-%s"
            )
    return render(
        request,
        "appraisal/application_reviews.html",
        {
            "application": application,
            "campaign": campaign,
            "reviews": reviews,
            "shown": shown,
            "rows": [
                (criterion, cells, result.criteria.get(criterion.pk) if result else None)
                for criterion, cells in review_selectors.score_rows(criteria, shown)
            ],
            "result": result,
            "standards": standards,
            "assign_form": AssignForm(reviewers=candidates),
            "reason_form": ReasonForm(),
            "opinion_form": ReviewOpinionForm(),
            "opinions": list(application.review_opinions.select_related("written_by")),
            "reviewing": campaign.state == CampaignState.REVIEWING,
        },
    )


def _reviews_url(application):
    return reverse("appraisal:application_reviews", args=[application.pk])


def _back_to_application(application):
    return redirect(_reviews_url(application))


@acts(MANAGE)
def review_assign(request, pk):
    application = _application(pk)
    form = AssignForm(request.POST, reviewers=review_selectors.assignable_reviewers(application))
    if not form.is_valid():
        messages.error(request, _("请选择评审组中无需回避、尚未评审该申报的评审人员。"))
        return _back_to_application(application)
    reviewer = form.cleaned_data["reviewer"]
    return run_action(
        request,
        lambda: assignment.review_assign(
            application=application, reviewer=reviewer, by=request.user
        ),
        success_url=_reviews_url(application),
        success_message=_("已分配%(reviewer)s评审。") % {"reviewer": reviewer.name},
    )


@acts(MANAGE)
def review_opinion(request, pk):
    application = _application(pk)
    form = ReviewOpinionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择推荐或不推荐，并填写评审意见。"))
        return _back_to_application(application)
    return run_action(
        request,
        lambda: services.review_opinion_record(
            application=application, by=request.user, **form.cleaned_data
        ),
        success_url=_reviews_url(application),
        success_message=_("评审意见已保存。"),
    )


def _review(pk):
    return get_object_or_404(
        Review.objects.select_related("reviewer", "application__unit", "application__campaign"),
        pk=pk,
    )


def _review_action(request, pk, action, success, *, form_class=ReasonForm, missing=""):
    review = _review(pk)
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, missing)
        return _back_to_application(review.application)
    return run_action(
        request,
        lambda: action(review, form.cleaned_data),
        success_url=_reviews_url(review.application),
        success_message=success,
    )


@acts(MANAGE)
def review_unassign(request, pk):
    return _review_action(
        request,
        pk,
        lambda review, data: assignment.review_unassign(
            review=review, by=request.user, reason=data["reason"]
        ),
        _("已撤销该评审任务。"),
        missing=_("请说明撤销分配的理由。"),
    )


@acts(MANAGE)
def review_reassign(request, pk):
    review = _review(pk)
    form = ReassignForm(
        request.POST, reviewers=review_selectors.assignable_reviewers(review.application)
    )
    if not form.is_valid():
        messages.error(request, _("请选择改派给哪位评审人员（须无需回避），并说明理由。"))
        return _back_to_application(review.application)
    to = form.cleaned_data["reviewer"]
    return run_action(
        request,
        lambda: assignment.review_reassign(
            review=review, to=to, by=request.user, reason=form.cleaned_data["reason"]
        ),
        success_url=_reviews_url(review.application),
        success_message=_("已改派给%(reviewer)s。") % {"reviewer": to.name},
    )


@acts(MANAGE)
def review_reopen(request, pk):
    return _review_action(
        request,
        pk,
        lambda review, data: services.review_reopen(
            review=review, by=request.user, reason=data["reason"]
        ),
        _("已退回该评审人员重评，并已通知。"),
        missing=_("退回重评必须说明理由。"),
    )


@acts(MANAGE)
def review_excuse(request, pk):
    return _review_action(
        request,
        pk,
        lambda review, data: services.review_excuse(
            review=review, by=request.user, reason=data["reason"]
        ),
        _("已免评，该评审不计入排名。"),
        missing=_("免评必须说明理由。"),
    )
