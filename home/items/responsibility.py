"""What the responsibility lists have waiting (responsibility app, docs/yearwork.md): for a
holder of public power, this year's list to file and sign (due by the year's filing day)
and the items of their list past their due date; for the party office, the holders who
have not filed or not signed. Each function takes the user and returns ``HomeItem`` rows.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from core.i18n import join_items
from home.items import HomeItem
from responsibility.enums import FilingStatus, filing_due_on
from responsibility.models import Holder
from responsibility.selectors import filing_status, holders_of_year, with_list_state

# The holders named beside the party office's count.
NAMED_HOLDERS = 3


def holder_items(user):
    """The user's own list of this year: to file and sign while it is not signed (overdue
    after the filing day), and its items past their due date and not done."""
    if not user.is_authenticated:
        return []
    today = timezone.localdate()
    holder = (
        with_list_state(
            Holder.objects.filter(person__user=user, year=today.year, removed_on__isnull=True),
            today=today,
        )
        .select_related("person")
        .first()
    )
    if holder is None:
        return []
    url = reverse("responsibility:list", args=[holder.pk])
    items = []
    if not holder.signed_list_id:
        due_on = filing_due_on(holder.year, holder.added_on)
        items.append(
            HomeItem(
                label=_("填报并签名本年度问题清单和责任清单")
                if not holder.filed
                else _("本年度问题清单和责任清单尚未签名"),
                url=url,
                due_on=due_on,
                overdue=due_on < today,
            )
        )
    elif holder.items_overdue:
        items.append(
            HomeItem(
                label=_("问题清单和责任清单中有事项逾期未完成"),
                url=url,
                count=holder.items_overdue,
                overdue=True,
            )
        )
    return items


def party_office_items(user):
    """This year's holders who have not filed, and those who filed and not signed."""
    today = timezone.localdate()
    holders = list(holders_of_year(today.year, today=today).filter(signed_list_id__isnull=True))
    items = []
    for status, label in (
        (FilingStatus.NOT_FILED, _("尚未填报问题清单和责任清单的人员")),
        (FilingStatus.NOT_SIGNED, _("已填报、尚未签名备案清单的人员")),
    ):
        waiting = [h for h in holders if filing_status(h) == status]
        if not waiting:
            continue
        due_on = min(filing_due_on(h.year, h.added_on) for h in waiting)
        items.append(
            HomeItem(
                label=label,
                url=f"{reverse('responsibility:holders')}?{urlencode({'year': today.year, 'status': status.value})}",
                count=len(waiting),
                note=join_items(h.person.name for h in waiting[:NAMED_HOLDERS]),
                due_on=due_on,
                overdue=due_on < today,
            )
        )
    return items
