from django.urls import path

from supervision.views import ledger, visits

app_name = "supervision"
urlpatterns = [
    path("visits/", visits.visit_list, name="visits"),
    path("visits/new/", visits.visit_new, name="visit_new"),
    path("visits/<int:pk>/", visits.visit_detail, name="visit"),
    path("visits/<int:pk>/complete/", visits.visit_complete, name="visit_complete"),
    path("visits/<int:pk>/cancel/", visits.visit_cancel, name="visit_cancel"),
    path("visits/<int:pk>/findings/", visits.finding_new, name="finding_new"),
    # The rectification ledger (整改台账).
    path("ledger/", ledger.ledger, name="ledger"),
    path("units/<int:pk>/", ledger.unit_ledger, name="unit_ledger"),
    path("items/<int:pk>/", ledger.item_detail, name="item"),
    path("items/<int:pk>/rectify/", ledger.item_rectify, name="item_rectify"),
    path("items/<int:pk>/close/", ledger.item_close, name="item_close"),
    path("items/<int:pk>/send-back/", ledger.item_send_back, name="item_send_back"),
    path("items/<int:pk>/evidence/<int:file_pk>/", ledger.evidence_file, name="evidence"),
]
