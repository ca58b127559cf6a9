from django.urls import path

from analysis import views

app_name = "analysis"
urlpatterns = [
    path("", views.report_list, name="reports"),
    path("new/", views.report_new, name="report_new"),
    path("versions/<int:pk>/", views.version_detail, name="version"),
    path("versions/<int:pk>/commentary/", views.version_commentary, name="version_commentary"),
    path("versions/<int:pk>/issue/", views.version_issue, name="version_issue"),
    path("versions/<int:pk>/conclusions/", views.version_conclusions, name="version_conclusions"),
]
