"""What the offices have waiting: the party office (campaigns, reviews, the roster
files), the discipline office (objections, veto events), their supervision of
rectifications, and the administrator.

Each function takes the user and returns ``HomeItem`` rows (``home.selectors``).
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from appraisal import selectors as appraisal_selectors
from appraisal.review_selectors import campaigns_in_review
from departments import selectors as department_selectors
from home.items import HomeItem
from publicity.objection_selectors import open_objection_counts
from veto.selectors import (
    event_counts,
    rectification_counts,
)
from workcalendar import selectors as calendar_selectors


def party_office_items(user):
    counts = department_selectors.roster_counts()
    campaigns = [
        HomeItem(
            label=_("%(campaign)s（%(state)s）")
            % {"campaign": campaign.title, "state": campaign.get_state_display()},
            url=reverse("appraisal:applications", args=[campaign.pk]),
            count=campaign.submitted_count,
            note=_("已提交的申报"),
        )
        for campaign in appraisal_selectors.running_campaigns()
    ]
    return [
        *campaigns,
        HomeItem(label=pgettext("plural", "评选批次"), url=reverse("appraisal:campaigns")),
        HomeItem(
            label=_("科室与清廉团队"), url=reverse("departments:list"), count=counts["departments"]
        ),
        HomeItem(label=_("在职人员"), url=reverse("departments:people"), count=counts["people"]),
    ]


def party_office_review_items(user):
    return [
        HomeItem(
            label=_("%(campaign)s：评审中") % {"campaign": campaign.title},
            url=reverse("appraisal:review_overview", args=[campaign.pk]),
            count=campaign.unfinished,
            note=_("未完成评审 %(count)s 份") % {"count": campaign.unfinished},
        )
        for campaign in campaigns_in_review()
    ]


def roster_file_items(user):
    """Import and export of the roster, and the previews this user has not confirmed yet."""
    items = []
    if user.has_perm("departments.import_roster"):
        items.append(HomeItem(label=_("导入科室与人员名册"), url=reverse("departments:import")))
        items.extend(
            HomeItem(
                label=_("待确认的导入：%(name)s") % {"name": upload.original_name},
                url=reverse("departments:import_preview", args=[upload.pk]),
                note=_("%(roster)s，上传于 %(at)s")
                % {
                    "roster": upload.roster_title,
                    "at": f"{timezone.localtime(upload.uploaded_at):%Y-%m-%d %H:%M}",
                },
            )
            for upload in department_selectors.roster_imports_waiting(user)
        )
    if user.has_perm("departments.export_roster"):
        items.append(
            HomeItem(
                label=_("导出人员名册（Excel）"),
                url=reverse("departments:export", args=["people", "xlsx"]),
            )
        )
        items.append(
            HomeItem(
                label=_("导出科室名册（Excel）"),
                url=reverse("departments:export", args=["departments", "xlsx"]),
            )
        )
    return items


def supervision_items(user):
    """The offices' way into ongoing supervision: rectifications and re-checks."""
    counts = rectification_counts()
    items = [
        HomeItem(
            label=_("整改"),
            url=reverse("veto:rectifications"),
            count=(counts["active"] + counts["due"]) or None,
            note=_("整改中 %(active)s 个，期满待验收 %(due)s 个") % counts,
        ),
        HomeItem(label=_("复核记录"), url=reverse("veto:rechecks")),
    ]
    if user.has_perm("appraisal.view_title"):
        items.append(HomeItem(label=_("撤销称号通报名单"), url=reverse("veto:revocations")))
    return items


def discipline_office_items(user):
    """Objections to take up and in investigation, with their counts."""
    counts = open_objection_counts(user)
    url = reverse("publicity:objections")
    return [
        HomeItem(label=_("待受理的异议"), url=f"{url}?state=submitted", count=counts["submitted"]),
        HomeItem(label=_("调查中的异议"), url=f"{url}?state=taken_up", count=counts["taken_up"]),
    ]


def veto_events_to_verify(user):
    """Veto events reported and waiting for the discipline office's verification."""
    url = reverse("veto:events")
    return [
        HomeItem(
            label=_("待核实的否决事项"),
            url=f"{url}?state=reported",
            count=event_counts()["reported"],
        ),
        HomeItem(label=_("报告否决事项"), url=reverse("veto:event_report")),
    ]


def admin_items(user):
    items = [
        HomeItem(label=_("系统管理（账号、科室、人员）"), url=reverse("admin:index")),
        HomeItem(label=_("首次使用向导"), url=reverse("home:first_run")),
        HomeItem(label=_("工作日历"), url=reverse("workcalendar:list")),
    ]
    year = calendar_selectors.year_needing_entry()
    if year is not None:
        items.append(
            HomeItem(
                label=_("%(year)s 年工作日历尚未确认") % {"year": year},
                url=reverse("workcalendar:year", args=[year]),
                note=_("国务院办公厅发布放假安排后请录入并确认，否则涉及该年的公示期无法计算。"),
            )
        )
    return items
