from django.urls import path

from home import views

app_name = "home"
urlpatterns = [
    path("setup/", views.first_run, name="first_run"),
    path("setup/administrator/", views.first_administrator, name="first_administrator"),
]
