"""Fetch and authorise in one step: a holder's list the user may not read does not exist
for them (404); one they read but may not act on is refused (403)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from responsibility.models import Holder, ListItem, ResponsibilityList
from responsibility.rules import VIEW


def holder_to_read(request, pk):
    holder = Holder.objects.select_related("person__department").filter(pk=pk).first()
    if holder is None or not request.user.has_perm(VIEW, holder):
        raise Http404
    return holder


def holder_to(request, pk, perm):
    holder = holder_to_read(request, pk)
    if not request.user.has_perm(perm, holder):
        raise PermissionDenied
    return holder


def item_to(request, pk, perm):
    item = ListItem.objects.select_related("list__holder__person").filter(pk=pk).first()
    if item is None or not request.user.has_perm(VIEW, item.list.holder):
        raise Http404
    if not request.user.has_perm(perm, item.list.holder):
        raise PermissionDenied
    return item


def version_to_read(request, pk):
    version = (
        ResponsibilityList.objects.select_related("holder__person", "scan").filter(pk=pk).first()
    )
    if version is None or not request.user.has_perm(VIEW, version.holder):
        raise Http404
    return version
