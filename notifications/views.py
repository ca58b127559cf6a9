from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from core.views import acts

from . import selectors, services


@login_required
def inbox(request):
    page = Paginator(selectors.inbox(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page": page})


@acts()
def mark_read(request):
    """All the user's notifications, or those whose ``id`` is posted; htmx gets the new badge."""
    posted = request.POST.getlist("id")
    ids = [i for i in posted if i.isdigit()] if posted else None
    services.mark_read(user=request.user, notification_ids=ids)
    if request.htmx:
        return render(
            request,
            "notifications/partials/nav_badge.html",
            {"unread_notifications": selectors.unread_count(request.user)},
        )
    return redirect("notifications:inbox")
