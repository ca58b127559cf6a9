from django.urls import path

from veto.views import events, indicators

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
    path(
        "events/<int:pk>/evidence/<int:evidence_pk>/",
        events.evidence_download,
        name="evidence",
    ),
]
