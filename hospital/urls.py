from django.urls import path

from hospital import views

app_name = "hospital"
urlpatterns = [
    path("", views.settings_page, name="settings"),
    path("save/", views.settings_save, name="save"),
]
