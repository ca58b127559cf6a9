"""What the deciding bodies have waiting: the leading group's recommendation list,
the party committee's confirmations, veto events and rectifications to accept.

Each function takes the user and returns ``HomeItem`` rows (``home.selectors``).
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from appraisal.decision_selectors import campaigns_awaiting_decision
from core.i18n import full_date
from home.items import HomeItem
from publicity.selectors import awaiting_confirmation
from veto.selectors import (
    event_counts,
    rectifications_due,
)


def leading_group_items(user):
    return [
        HomeItem(
            label=_("%(campaign)s：待审定推荐名单") % {"campaign": campaign.title},
            url=reverse("appraisal:decision", args=[campaign.pk]),
            count=campaign.undecided,
            note=_("待审定 %(undecided)s 个，已通过 %(approved)s / 名额 %(quota)s")
            % {
                "undecided": campaign.undecided,
                "approved": campaign.approved,
                "quota": campaign.quota,
            },
        )
        for campaign in campaigns_awaiting_decision()
    ]


def party_committee_items(user):
    return [
        HomeItem(
            label=_("待党委确认：%(campaign)s") % {"campaign": campaign.title},
            url=reverse("confirmation:confirm", args=[campaign.pk]),
            note=_("公示已于%(date)s结束，异议均已办结")
            % {"date": full_date(campaign.publicity.last_day)},
        )
        for campaign in awaiting_confirmation()
    ]


def veto_events_to_confirm(user):
    """Veto events verified and waiting for the party committee's confirmation."""
    return [
        HomeItem(
            label=_("待院党委确认的否决事项"),
            url=reverse("veto:events") + "?state=verified",
            count=event_counts()["verified"],
        )
    ]


def rectification_items_of_committee(user):
    items = [
        HomeItem(
            label=_("待验收的整改：%(unit)s") % {"unit": rectification.unit.name},
            url=reverse("veto:rectification", args=[rectification.pk]),
            note=_("整改期已于%(date)s届满") % {"date": full_date(rectification.ends_on)},
        )
        for rectification in rectifications_due()
    ]
    items.append(HomeItem(label=_("撤销称号通报名单"), url=reverse("veto:revocations")))
    return items
