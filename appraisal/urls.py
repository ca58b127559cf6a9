from django.urls import path

from appraisal.views import (
    application_reviews,
    applications,
    bulk,
    campaigns,
    computed,
    confirmation,
    decisions,
    evaluations,
    honours,
    records,
    review_office,
    reviews,
)

app_name = "appraisal"
urlpatterns = [
    path("", campaigns.campaign_list, name="campaigns"),
    path("new/", campaigns.campaign_create, name="campaign_create"),
    path("<int:pk>/", campaigns.campaign_detail, name="campaign"),
    path("<int:pk>/edit/", campaigns.campaign_edit, name="campaign_edit"),
    path("<int:pk>/copy/", campaigns.campaign_copy, name="campaign_copy"),
    path("<int:pk>/open/", campaigns.campaign_open, name="campaign_open"),
    path("<int:pk>/rubric/", campaigns.rubric_detail, name="rubric"),
    path("<int:pk>/rubric/standards/", campaigns.standard_add, name="standard_add"),
    path(
        "<int:pk>/rubric/standards/<int:standard_pk>/",
        campaigns.standard_edit,
        name="standard_edit",
    ),
    path(
        "<int:pk>/rubric/standards/<int:standard_pk>/remove/",
        campaigns.standard_remove,
        name="standard_remove",
    ),
    path(
        "<int:pk>/rubric/standards/<int:standard_pk>/criteria/",
        campaigns.criterion_add,
        name="criterion_add",
    ),
    path(
        "<int:pk>/rubric/criteria/<int:criterion_pk>/",
        campaigns.criterion_edit,
        name="criterion_edit",
    ),
    path(
        "<int:pk>/rubric/criteria/<int:criterion_pk>/remove/",
        campaigns.criterion_remove,
        name="criterion_remove",
    ),
    # Computed criteria of a yearly campaign (docs/evaluation.md, "Computed criteria").
    path(
        "<int:pk>/rubric/criteria/<int:criterion_pk>/formula/",
        computed.formula_edit,
        name="formula",
    ),
    path(
        "<int:pk>/rubric/criteria/<int:criterion_pk>/formula/remove/",
        computed.formula_remove,
        name="formula_remove",
    ),
    path("<int:pk>/computed/", computed.computed_scores, name="computed_scores"),
    path("<int:pk>/computed/progress/", computed.computation_progress, name="computation_progress"),
    path("<int:pk>/computed/compute/", computed.computation_start, name="computation_start"),
    path("applications/<int:pk>/computed/", computed.computed_draft, name="computed_draft"),
    path(
        "applications/<int:pk>/computed/<int:criterion_pk>/explain/",
        computed.explanation_add,
        name="explanation_add",
    ),
    path("<int:campaign_pk>/applications/", applications.application_list, name="applications"),
    # The party office on the ticked applications of the list (all or none).
    path("<int:pk>/applications/return/", bulk.applications_return, name="applications_return"),
    path(
        "<int:pk>/applications/recommend/",
        bulk.applications_recommend,
        name="applications_recommend",
    ),
    path("<int:pk>/applications/assign/", bulk.reviews_assign, name="applications_assign"),
    path("<int:pk>/applications/move/", bulk.reviews_move, name="applications_move"),
    path("<int:campaign_pk>/units/<int:unit_pk>/", applications.unit_home, name="unit_home"),
    path("applications/<int:pk>/", applications.application_detail, name="application"),
    path("applications/<int:pk>/edit/", applications.application_edit, name="application_edit"),
    path(
        "applications/<int:pk>/criteria/<int:criterion_pk>/self-assessment/",
        applications.self_assessment,
        name="self_assessment",
    ),
    path("applications/<int:pk>/evidence/", applications.evidence_add, name="evidence_add"),
    path(
        "applications/<int:pk>/evidence/<int:evidence_pk>/",
        applications.evidence_download,
        name="evidence",
    ),
    path(
        "applications/<int:pk>/evidence/<int:evidence_pk>/remove/",
        applications.evidence_remove,
        name="evidence_remove",
    ),
    # The unit's year-round records as evidence (本年度台账).
    path("applications/<int:pk>/records/", records.application_records, name="application_records"),
    path(
        "applications/<int:pk>/criteria/<int:criterion_pk>/records/attach/",
        records.record_attach,
        name="record_attach",
    ),
    path(
        "applications/<int:pk>/records/<int:attached_pk>/detach/",
        records.record_detach,
        name="record_detach",
    ),
    path("applications/<int:pk>/confirm/", applications.head_confirm, name="head_confirm"),
    path(
        "applications/<int:pk>/submit/", applications.application_submit, name="application_submit"
    ),
    path(
        "applications/<int:pk>/withdraw/",
        applications.application_withdraw,
        name="application_withdraw",
    ),
    path(
        "applications/<int:pk>/branch-opinion/", applications.branch_opinion, name="branch_opinion"
    ),
    path(
        "applications/<int:pk>/return/", applications.application_return, name="application_return"
    ),
    path("applications/<int:pk>/result/", reviews.application_result, name="application_result"),
    # The reviewer's side.
    path("reviews/", reviews.review_queue, name="review_queue"),
    path("reviews/<int:pk>/", reviews.review_sheet, name="review"),
    path(
        "reviews/<int:pk>/criteria/<int:criterion_pk>/",
        reviews.review_score,
        name="review_score",
    ),
    path("reviews/<int:pk>/submit/", reviews.review_submit, name="review_submit"),
    # The party office's review.
    path("<int:pk>/review/", review_office.review_overview, name="review_overview"),
    path("<int:pk>/review/team/", review_office.pool_add, name="pool_add"),
    path(
        "<int:pk>/review/team/<int:user_pk>/remove/",
        review_office.pool_remove,
        name="pool_remove",
    ),
    path(
        "<int:pk>/review/team/<int:user_pk>/away/",
        review_office.reviewer_away,
        name="reviewer_away",
    ),
    path(
        "<int:pk>/review/team/<int:user_pk>/back/",
        review_office.reviewer_back,
        name="reviewer_back",
    ),
    path(
        "<int:pk>/review/assign/", review_office.assign_automatically, name="assign_automatically"
    ),
    path("<int:pk>/review/progress/", review_office.review_progress, name="review_progress"),
    path("<int:pk>/review/remind/", review_office.reviewers_remind, name="reviewers_remind"),
    path("<int:pk>/review/forward/", review_office.campaign_forward, name="campaign_forward"),
    path("<int:pk>/ranking/", review_office.ranking, name="ranking"),
    path("<int:pk>/ranking/charts/", review_office.ranking_charts, name="ranking_charts"),
    path("<int:pk>/ranking/export/", review_office.scores_export, name="scores_export"),
    path(
        "applications/<int:pk>/reviews/",
        application_reviews.application_reviews,
        name="application_reviews",
    ),
    path(
        "applications/<int:pk>/reviews/assign/",
        application_reviews.review_assign,
        name="review_assign",
    ),
    path(
        "applications/<int:pk>/opinion/", application_reviews.review_opinion, name="review_opinion"
    ),
    path("reviews/<int:pk>/unassign/", application_reviews.review_unassign, name="review_unassign"),
    path("reviews/<int:pk>/reassign/", application_reviews.review_reassign, name="review_reassign"),
    path("reviews/<int:pk>/reopen/", application_reviews.review_reopen, name="review_reopen"),
    path("reviews/<int:pk>/excuse/", application_reviews.review_excuse, name="review_excuse"),
    # The leading group's decision.
    path("<int:pk>/decision/", decisions.decision, name="decision"),
    path("applications/<int:pk>/decision/", decisions.decision_record, name="decision_record"),
    path(
        "<int:pk>/decision/selected/",
        decisions.decision_record_many,
        name="decision_record_many",
    ),
    path("<int:pk>/fix-list/", decisions.fix_list, name="fix_list"),
    # The staff bonus (the party committee's confirmation: publicity.urls).
    path("<int:pk>/bonus/", confirmation.bonus_list, name="bonus_list"),
    path("<int:pk>/bonus.xlsx", confirmation.bonus_export, name="bonus_export"),
    path("honours/", honours.honour_roll, name="honour_roll"),
    # The yearly evaluation (docs/evaluation.md).
    path("evaluations/new/", evaluations.evaluation_create, name="evaluation_create"),
    path("<int:pk>/evaluation/open/", evaluations.evaluation_open, name="evaluation_open"),
    path("<int:pk>/grades/", evaluations.grade_bands, name="grade_bands"),
    path("<int:pk>/results/", evaluations.evaluation_results, name="evaluation_results"),
    path("<int:pk>/results/confirm/", evaluations.results_confirm, name="results_confirm"),
    path("<int:pk>/results/publish/", evaluations.results_publish, name="results_publish"),
    path("<int:pk>/results.xlsx", evaluations.results_export, name="results_export"),
    path("evaluation-results/", evaluations.my_results, name="my_results"),
    path("evaluation-results/<int:pk>/", evaluations.evaluation_result, name="evaluation_result"),
]
