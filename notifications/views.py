from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.lists import list_page
from core.views import acts

from . import selectors, services
from .lists import InboxFilter, InboxTable


@login_required
def inbox(request):
    """One's own notifications, newest first: filtered, sorted, paged and exported like every
    list (core/lists.py)."""
    return list_page(
        request,
        rows=selectors.inbox(request.user),
        table_class=InboxTable,
        filterset_class=InboxFilter,
        template="notifications/inbox.html",
        title=_("通知"),
        export_name=_("通知"),
        table_kwargs={} if request.GET else {"empty_text": _("暂无通知。")},
    )


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
