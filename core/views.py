import logging

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


def csrf_failure(request, reason=""):
    """A stale or forged form: say so in Chinese and suggest reloading."""
    return render(request, "core/csrf_failure.html", {"reason": reason}, status=403)


@never_cache
@require_safe
def health(request):
    """For load balancers and ``docker compose``: 200 when the database answers, else 503.

    No login, and nothing about the installation beyond ok / unavailable.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("health check: the database does not answer")
        return JsonResponse({"status": "unavailable", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
