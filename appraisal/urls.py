from django.urls import path

from appraisal.views import applications, campaigns

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
    path("<int:campaign_pk>/applications/", applications.application_list, name="applications"),
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
]
