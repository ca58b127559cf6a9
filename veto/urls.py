from django.urls import path

from veto.views import events, indicators, rechecks, rectifications

app_name = "veto"
urlpatterns = [
    path("indicators/", indicators.indicator_list, name="indicators"),
    path("indicators/new/", indicators.indicator_add, name="indicator_add"),
    path("indicators/<int:pk>/", indicators.indicator_edit, name="indicator_edit"),
    path("indicators/<int:pk>/retire/", indicators.indicator_retire, name="indicator_retire"),
    path("events/", events.event_list, name="events"),
    path("events/new/", events.event_report, name="event_report"),
    path("events/<int:pk>/", events.event_detail, name="event"),
    path("events/<int:pk>/verify/", events.event_verify, name="event_verify"),
    path("events/<int:pk>/dismiss/", events.event_dismiss, name="event_dismiss"),
    path("events/<int:pk>/confirm/", events.event_confirm, name="event_confirm"),
    path("events/<int:pk>/announce/", events.event_announce, name="event_announce"),
    path(
        "events/<int:pk>/evidence/<int:evidence_pk>/",
        events.evidence_download,
        name="evidence",
    ),
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
