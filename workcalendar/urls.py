from django.urls import path

from . import views

app_name = "workcalendar"
urlpatterns = [
    path("", views.year_list, name="list"),
    path("new/", views.year_create, name="create"),
    path("<int:year>/", views.year_detail, name="year"),
    path("<int:year>/days/", views.day_set, name="day_set"),
    path("<int:year>/days/clear/", views.day_clear, name="day_clear"),
    path("<int:year>/prefill/", views.year_prefill, name="prefill"),
    path("<int:year>/confirm/", views.year_confirm, name="confirm"),
    path("<int:year>/reopen/", views.year_reopen, name="reopen"),
]
