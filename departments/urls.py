from django.urls import path

from . import views

app_name = "departments"
urlpatterns = [
    path("", views.department_list, name="list"),
    path("<int:pk>/", views.department_detail, name="detail"),
    path("<int:pk>/appoint/", views.department_appoint, name="department_appoint"),
    path("<int:pk>/lifetime/", views.unit_lifetime, name="lifetime"),
    path("<int:pk>/lifetime/opened/", views.unit_opened, name="lifetime_opened"),
    path("<int:pk>/lifetime/close/", views.unit_close, name="lifetime_close"),
    path("people/", views.person_list, name="people"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("import/", views.roster_import, name="import"),
    path("import/<int:pk>/", views.roster_import_preview, name="import_preview"),
    path("import/<int:pk>/confirm/", views.roster_import_confirm, name="import_confirm"),
    path("export/<slug:roster>.<slug:fmt>", views.roster_export, name="export"),
    path("roles/", views.roles, name="roles"),
    path("roles/appoint/", views.appoint, name="appoint"),
    path("appointments/", views.appointment_list, name="appointments"),
    path("appointments/<int:pk>/remove/", views.appointment_remove, name="appointment_remove"),
]
