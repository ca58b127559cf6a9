from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from . import services
from .models import Notification


@login_required
def inbox(request):
    notifications = Notification.objects.filter(recipient=request.user).only(
        "pk", "subject", "body", "url", "created_at", "read_at"
    )
    page = Paginator(notifications, 30).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page": page})


@login_required
@require_POST
def mark_read(request):
    ids = request.POST.getlist("id")
    services.mark_read(user=request.user, notification_ids=[i for i in ids if i.isdigit()] or None)
    if request.htmx:
        return render(request, "notifications/partials/nav_badge.html", {"unread_notifications": 0})
    return redirect("notifications:inbox")
