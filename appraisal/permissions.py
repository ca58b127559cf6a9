"""Who may see an application (STYLE.md §3): one place, tested alone.

The party office holds the model permission ``view_application``; a reviewer
will hold it as a django-guardian grant on the applications assigned to them;
the unit's applicants, its head and the secretary of its party branch see
their own unit's. Everyone else gets 404.
"""

from django.http import Http404

from appraisal.models import Application
from appraisal.services.applications import is_applicant, is_branch_secretary, is_head

VIEW = "appraisal.view_application"


def may_view_application(user, application):
    unit = application.unit
    return (
        user.has_perm(VIEW)
        or user.has_perm(VIEW, application)
        or is_applicant(user, unit)
        or is_head(user, unit)
        or is_branch_secretary(user, unit)
    )


def application_for_user_or_404(user, pk, *, queryset=None):
    queryset = queryset if queryset is not None else Application.objects.all()
    try:
        application = queryset.select_related(
            "campaign__rubric", "unit__head", "unit__party_branch__secretary", "unit__parent"
        ).get(pk=pk)
    except (Application.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not may_view_application(user, application):
        raise Http404
    return application
