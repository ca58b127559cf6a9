from django.urls import path

from integrity import views

app_name = "integrity"
urlpatterns = [
    path("", views.coverage, name="coverage"),
    path("mine/", views.mine, name="mine"),
    path("mine/confirm/", views.mine_confirm, name="mine_confirm"),
    path("units/own/", views.own_unit, name="own_unit"),
    path("units/<int:pk>/<int:year>/", views.unit_records, name="unit"),
    path("units/<int:pk>/commitments/new/", views.commitment_new, name="commitment_new"),
    path("units/<int:pk>/talks/new/", views.talk_new, name="talk_new"),
    path("units/<int:pk>/sessions/new/", views.session_new, name="session_new"),
    path("records/<str:kind>/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("commitments/<int:pk>/scan/", views.commitment_scan, name="commitment_scan"),
    path("sessions/<int:pk>/file/", views.session_file, name="session_file"),
]
