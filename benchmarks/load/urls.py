"""The product's URLs plus the minimal Django response the load figures are compared with."""

from django.http import HttpResponse
from django.urls import include, path


def minimal(request):
    """The whole middleware stack and nothing else: no database, no template."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/minimal/", minimal, name="bench_minimal"),
    path("", include("qinglian.urls")),
]
