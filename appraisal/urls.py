from django.urls import path

from . import views

app_name = "appraisal"
urlpatterns = [
    path("", views.campaign_list, name="campaigns"),
    path("new/", views.campaign_create, name="campaign_create"),
    path("<int:pk>/", views.campaign_detail, name="campaign"),
    path("<int:pk>/edit/", views.campaign_edit, name="campaign_edit"),
    path("<int:pk>/copy/", views.campaign_copy, name="campaign_copy"),
    path("<int:pk>/open/", views.campaign_open, name="campaign_open"),
    path("<int:pk>/rubric/", views.rubric_detail, name="rubric"),
    path("<int:pk>/rubric/standards/", views.standard_add, name="standard_add"),
    path("<int:pk>/rubric/standards/<int:standard_pk>/", views.standard_edit, name="standard_edit"),
    path(
        "<int:pk>/rubric/standards/<int:standard_pk>/remove/",
        views.standard_remove,
        name="standard_remove",
    ),
    path(
        "<int:pk>/rubric/standards/<int:standard_pk>/criteria/",
        views.criterion_add,
        name="criterion_add",
    ),
    path(
        "<int:pk>/rubric/criteria/<int:criterion_pk>/", views.criterion_edit, name="criterion_edit"
    ),
    path(
        "<int:pk>/rubric/criteria/<int:criterion_pk>/remove/",
        views.criterion_remove,
        name="criterion_remove",
    ),
]
