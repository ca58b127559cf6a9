from django.urls import path

from . import views

app_name = "onboarding"
urlpatterns = [
    path("", views.accounts, name="accounts"),
    path("batches/", views.batch_list, name="batches"),
    path("batches/<int:pk>/", views.batch_detail, name="batch"),
    path("batches/<int:pk>/slips.pdf", views.slips_pdf_download, name="slips_pdf"),
    path("batches/<int:pk>/slips.xlsx", views.slips_xlsx_download, name="slips_xlsx"),
    path("batches/<int:pk>/done/", views.slips_done, name="slips_done"),
    path("people/<int:pk>/reset/", views.person_reset, name="person_reset"),
]
