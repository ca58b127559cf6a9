"""The working group's hospital-wide lists: every unit's risk points, the rotation list,
and one row per unit (``risks.view_all_records``)."""

from django.contrib.auth.decorators import login_required, permission_required
from django.utils import timezone
from django.utils.translation import gettext as _

from core.lists import list_page
from risks import selectors
from risks.lists import (
    HospitalPointFilter,
    HospitalPointTable,
    OverviewFilter,
    OverviewTable,
    RotationFilter,
    RotationTable,
)
from risks.rotation import rotation_limit
from risks.rules import VIEW_ALL


@login_required
@permission_required(VIEW_ALL, raise_exception=True)
def points(request):
    return list_page(
        request,
        rows=selectors.all_points(),
        table_class=HospitalPointTable,
        filterset_class=HospitalPointFilter,
        template="risks/hospital_list.html",
        title=_("全院廉政风险点"),
        export_name=_("全院廉政风险点"),
        context={"tab": "points", "year": timezone.localdate().year},
    )


@login_required
@permission_required(VIEW_ALL, raise_exception=True)
def rotation(request):
    limit = rotation_limit()
    return list_page(
        request,
        rows=selectors.rotation_list(limit=limit),
        table_class=RotationTable,
        filterset_class=RotationFilter,
        template="risks/hospital_list.html",
        title=_("重点岗位轮岗名单"),
        export_name=_("重点岗位轮岗名单"),
        table_kwargs={"limit": limit},
        context={"tab": "rotation", "limit": limit},
    )


@login_required
@permission_required(VIEW_ALL, raise_exception=True)
def overview(request):
    return list_page(
        request,
        rows=selectors.unit_overview(),
        table_class=OverviewTable,
        filterset_class=OverviewFilter,
        template="risks/hospital_list.html",
        title=_("各科室风险点与重点岗位"),
        export_name=_("各科室风险点与重点岗位"),
        context={"tab": "overview", "year": timezone.localdate().year},
    )
