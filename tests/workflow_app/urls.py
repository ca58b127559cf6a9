"""The product's URLs plus the test workflow's pages (``pytest.mark.urls``)."""

from django.urls import include, path

from . import views

urlpatterns = [
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("proposals/<int:pk>/return/", views.proposal_return, name="proposal_return"),
    path("", include("qinglian.urls")),
]
