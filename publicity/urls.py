from django.urls import path

from publicity.views import documents

app_name = "publicity"
urlpatterns = [
    path("documents/<int:pk>/", documents.document_download, name="document"),
    path("documents/<int:pk>/status/", documents.document_status, name="document_status"),
]
