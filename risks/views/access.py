"""Fetch and authorise in one step: what the user may not read does not exist for them
(404); what they read but may not keep is refused (403)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from departments.models import Department
from risks import selectors
from risks.rules import KEEP, VIEW, keeps_records_of, reads_records_of


def _get(queryset, pk):
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def unit_to_read(request, pk):
    unit = _get(Department.objects.select_related("head"), pk)
    if not reads_records_of(request.user, unit):
        raise Http404
    return unit


def unit_to_keep(request, pk):
    unit = unit_to_read(request, pk)
    if not keeps_records_of(request.user, unit):
        raise PermissionDenied
    return unit


def _object(request, queryset, pk, *, keep):
    obj = _get(queryset, pk)
    if not request.user.has_perm(VIEW, obj):
        raise Http404
    if keep and not request.user.has_perm(KEEP, obj):
        raise PermissionDenied
    return obj


def point_to_read(request, pk):
    return _object(request, selectors.point_detail(pk), pk, keep=False)


def point_to_keep(request, pk):
    return _object(request, selectors.point_detail(pk), pk, keep=True)


def holding_to_read(request, pk):
    return _object(request, selectors.holding_detail(pk), pk, keep=False)


def holding_to_keep(request, pk):
    return _object(request, selectors.holding_detail(pk), pk, keep=True)
