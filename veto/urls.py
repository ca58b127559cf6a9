from django.urls import path

from veto.views import rechecks, rectifications

app_name = "veto"
urlpatterns = [
    # Rectification (整改).
    path("rectifications/", rectifications.rectification_list, name="rectifications"),
    path("rectifications/<int:pk>/", rectifications.rectification_detail, name="rectification"),
    path(
        "rectifications/<int:pk>/reports/",
        rectifications.rectification_report,
        name="rectification_report",
    ),
    path(
        "rectifications/<int:pk>/reports/<int:report_pk>/",
        rectifications.report_file,
        name="report_file",
    ),
    path(
        "rectifications/<int:pk>/accept/",
        rectifications.rectification_accept,
        name="rectification_accept",
    ),
    path(
        "rectifications/<int:pk>/extend/",
        rectifications.rectification_extend,
        name="rectification_extend",
    ),
    path("units/<int:pk>/", rectifications.unit_supervision, name="unit_supervision"),
    # Revoked titles, for the mid-level cadre meeting.
    path("revocations/", rectifications.revocations, name="revocations"),
    path("revocations.xlsx", rectifications.revocations_export, name="revocations_export"),
    # Re-checks (复核).
    path("rechecks/", rechecks.recheck_list, name="rechecks"),
    path("rechecks/new/", rechecks.recheck_new, name="recheck_new"),
    path("rechecks/<int:pk>/", rechecks.recheck_detail, name="recheck"),
]
