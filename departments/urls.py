from django.urls import path

from . import views

app_name = "departments"
urlpatterns = [
    path("", views.department_list, name="list"),
    path("<int:pk>/", views.department_detail, name="detail"),
    path("people/", views.person_list, name="people"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("import/", views.roster_import, name="import"),
    path("import/<int:pk>/", views.roster_import_preview, name="import_preview"),
    path("import/<int:pk>/confirm/", views.roster_import_confirm, name="import_confirm"),
    path("export/<slug:roster>.<slug:fmt>", views.roster_export, name="export"),
]
