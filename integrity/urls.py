from django.urls import path

from integrity.views import coverage, mine, records

app_name = "integrity"
urlpatterns = [
    path("", coverage.coverage, name="coverage"),
    path("mine/", mine.mine, name="mine"),
    path("mine/confirm/", mine.mine_confirm, name="mine_confirm"),
    path("units/own/", records.own_unit, name="own_unit"),
    path("units/<int:pk>/<int:year>/", records.unit_records, name="unit"),
    path("units/<int:pk>/commitments/new/", records.commitment_new, name="commitment_new"),
    path("units/<int:pk>/talks/new/", records.talk_new, name="talk_new"),
    path("units/<int:pk>/sessions/new/", records.session_new, name="session_new"),
    path("records/<str:kind>/<int:pk>/withdraw/", records.withdraw, name="withdraw"),
    path("commitments/<int:pk>/scan/", records.commitment_scan, name="commitment_scan"),
    path("sessions/<int:pk>/file/", records.session_file, name="session_file"),
]
