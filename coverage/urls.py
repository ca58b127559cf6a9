from django.urls import path

from coverage import views

app_name = "coverage"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("units/", views.unit_list, name="units"),
]
