"""The party office's bulk actions from the applications list: return, recommend,
assign a reviewer, move to another reviewer (appraisal/services/bulk.py). One form
on the list posts the ticked applications; each button names its own URL
(``formaction``), so each action keeps its own permission. Back to the list as it
was filtered, with the service's sentence either way."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from appraisal.forms import ApplicationBulkForm
from appraisal.models import Application, Campaign
from appraisal.services import bulk as services
from appraisal.services.applications import RETURN
from appraisal.services.assignment import MANAGE
from core.errors import DomainError
from core.middleware import page_the_form_was_on
from core.views import acts, run_action


def _back_to_list(request, campaign):
    """The list as the party office left it (its filters, sort and page), else its start."""
    url = reverse("appraisal:applications", args=[campaign.pk])
    came_from = page_the_form_was_on(request)
    return came_from if url in came_from else url


def _bulk(request, pk, action, message):
    """Run ``action(campaign, applications, form)`` on the ticked applications."""
    campaign = get_object_or_404(Campaign, pk=pk)
    form = ApplicationBulkForm(request.POST, campaign=campaign)

    def call():
        if not form.is_valid():
            raise DomainError(_("请重新选择评审人员后再提交。"))
        applications = list(Application.objects.filter(pk__in=form.selected))
        return action(campaign, applications, form.cleaned_data)

    back = _back_to_list(request, campaign)
    return run_action(
        request,
        call,
        success_url=back,
        success_message=lambda result: message(len(result)),
    )


def _reviewer(data, field, missing):
    if data.get(field) is None:
        raise DomainError(missing)
    return data[field]


@acts(RETURN)
def applications_return(request, pk):
    return _bulk(
        request,
        pk,
        lambda campaign, applications, data: services.applications_return_many(
            campaign=campaign, applications=applications, by=request.user, reason=data["reason"]
        ),
        lambda count: (
            ngettext(
                "已退回 %(count)s 份申报，并已通知各科室申报人。",
                "已退回 %(count)s 份申报，并已通知各科室申报人。",
                count,
            )
            % {"count": count}
        ),
    )


@acts(MANAGE)
def applications_recommend(request, pk):
    return _bulk(
        request,
        pk,
        lambda campaign, applications, data: services.applications_recommend_many(
            campaign=campaign, applications=applications, by=request.user, opinion=data["reason"]
        ),
        lambda count: (
            ngettext(
                "已将 %(count)s 份申报列为拟推荐，报送领导小组时一并报送。",
                "已将 %(count)s 份申报列为拟推荐，报送领导小组时一并报送。",
                count,
            )
            % {"count": count}
        ),
    )


@acts(MANAGE)
def reviews_assign(request, pk):
    return _bulk(
        request,
        pk,
        lambda campaign, applications, data: services.reviews_assign_many(
            campaign=campaign,
            applications=applications,
            reviewer=_reviewer(data, "reviewer", _("请选择要分配的评审人员。")),
            by=request.user,
        ),
        lambda count: (
            ngettext(
                "已分配 %(count)s 份评审任务，并已通知评审人员。",
                "已分配 %(count)s 份评审任务，并已通知评审人员。",
                count,
            )
            % {"count": count}
        ),
    )


@acts(MANAGE)
def reviews_move(request, pk):
    return _bulk(
        request,
        pk,
        lambda campaign, applications, data: services.reviews_move_many(
            campaign=campaign,
            applications=applications,
            from_reviewer=_reviewer(data, "from_reviewer", _("请选择原评审人员。")),
            to=_reviewer(data, "reviewer", _("请选择接手的评审人员。")),
            by=request.user,
            reason=data["reason"],
        ),
        lambda count: (
            ngettext(
                "已改派 %(count)s 份评审任务，并已通知两位评审人员。",
                "已改派 %(count)s 份评审任务，并已通知两位评审人员。",
                count,
            )
            % {"count": count}
        ),
    )
