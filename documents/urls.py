from django.urls import path

from documents import views

# Mounted under publicity/documents/, where the downloads have always been.
app_name = "documents"
urlpatterns = [
    path("<int:pk>/", views.document_download, name="document"),
    path("<int:pk>/status/", views.document_status, name="document_status"),
]
