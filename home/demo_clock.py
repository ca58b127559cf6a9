"""The demo clock's control (DEBUG only): what waits on the clock, and moving it forward.

The clock itself is ``core/demo_clock.py`` (an offset of whole days that
``timezone.now`` adds, with DEBUG on). Moving it forward here also runs the
deadline sweeps at once, as beat would within the next minutes: the application
window, the publicity deadline and the end of a rectification. Lives in home, the
top layer, because it reads and sweeps appraisal, publicity and veto.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from appraisal.enums import CampaignState
from appraisal.models import Campaign
from appraisal.services.deadlines import close_due_applications
from appraisal.services.reminders import send_due_review_reminders
from core import demo_clock
from core.errors import DomainError
from core.i18n import full_date
from publicity.enums import PublicityState
from publicity.models import Publicity
from publicity.services.publicities import close_due_publicities
from veto.enums import RectificationState
from veto.models import Rectification
from veto.services.rectifications import end_due_rectifications

ONE_DAY = datetime.timedelta(days=1)


def demo_clock_available():
    """The demo clock exists only with DEBUG on (and its ``now`` installed at start-up)."""
    return settings.DEBUG and demo_clock.installed()


@dataclass(frozen=True)
class Waiting:
    """One thing the clock will move on: what it is, and the first day it is past due."""

    kind: str
    name: str
    due_on: datetime.date
    url: str


def _first_day_past(moment):
    """The first day on which, at any hour, ``moment`` has passed."""
    local = timezone.localtime(moment)
    return local.date() if local.time() == datetime.time.min else local.date() + ONE_DAY


def waiting_on_the_clock():
    """What the sweeps will close as the clock moves: open application windows, open
    publicities, rectifications under way; soonest first. Three queries."""
    waiting = [
        Waiting(
            kind=_("申报截止"),
            name=campaign.title,
            due_on=_first_day_past(campaign.closes_at),
            url=reverse("appraisal:campaign", args=[campaign.pk]),
        )
        for campaign in Campaign.objects.filter(state=CampaignState.OPEN)
    ]
    waiting += [
        Waiting(
            kind=_("公示截止"),
            name=publicity.campaign.title,
            due_on=_first_day_past(publicity.ends_at),
            url=reverse("publicity:detail", args=[publicity.pk]),
        )
        for publicity in Publicity.objects.filter(state=PublicityState.OPEN).select_related(
            "campaign"
        )
    ]
    waiting += [
        Waiting(
            kind=_("整改期满"),
            name=rectification.unit.name,
            due_on=rectification.ends_on + ONE_DAY,
            url=reverse("veto:rectification", args=[rectification.pk]),
        )
        for rectification in Rectification.objects.filter(
            state=RectificationState.ACTIVE
        ).select_related("unit")
    ]
    return sorted(waiting, key=lambda item: (item.due_on, item.kind, item.name))


@dataclass
class Moved:
    """What moving the clock did."""

    days: int
    today: datetime.date
    campaigns: list = field(default_factory=list)
    publicities: list = field(default_factory=list)
    rectifications: list = field(default_factory=list)


def demo_clock_advance(*, to):
    """Move the demo clock forward to the day ``to`` (same hour), then run the deadline sweeps.

    Refused with DEBUG off, and for a day that is not after the clock's today.
    Side effects: the offset file under VAR_DIR (read by every process within a
    second); the expiry of the sessions still valid moves as many days; then, as beat would, in one transaction: open application windows
    now past their deadline close (appraisal), open publicities past theirs close
    (publicity), rectifications past their last day become due (veto), each with
    its event row and notifications. If a sweep fails, the clock goes back.
    Returns a ``Moved``.
    """
    if not demo_clock_available():
        raise DomainError(_("演示时钟只在开发调试模式（DEBUG 开启）下可用。"))
    today = timezone.localdate()
    if to is None or to <= today:
        raise DomainError(
            _("演示时钟只能向后拨：请选择今天（%(today)s）之后的日期。")
            % {"today": full_date(today)},
            field="to",
        )
    before = demo_clock.offset_days()
    days = (to - today).days
    demo_clock.write_offset_days(before + days)
    try:
        with transaction.atomic():
            _keep_sessions(days)
            now = timezone.now()
            moved = Moved(
                days=days,
                today=timezone.localdate(now),
                campaigns=close_due_applications(now=now),
                publicities=close_due_publicities(now=now),
                rectifications=end_due_rectifications(today=timezone.localdate(now)),
            )
            # The review's reminders go out as beat would send them (nothing to show).
            send_due_review_reminders(now=now)
    except Exception:
        demo_clock.write_offset_days(before)
        raise
    return moved


def _keep_sessions(days):
    """Sessions expire on the clock too: move their expiry with it, so nobody signed in
    is signed out by the jump (only the database sessions this product uses)."""
    if settings.SESSION_ENGINE == "django.contrib.sessions.backends.db":
        Session.objects.filter(expire_date__gt=timezone.now() - days * ONE_DAY).update(
            expire_date=F("expire_date") + days * ONE_DAY
        )


def demo_clock_reset():
    """Back to the real clock. Refused with DEBUG off. Side effects: the offset file only;
    what the sweeps did while the clock was ahead stays done (and dated then)."""
    if not demo_clock_available():
        raise DomainError(_("演示时钟只在开发调试模式（DEBUG 开启）下可用。"))
    demo_clock.write_offset_days(0)


def moved_summary(moved):
    """One sentence for the page and the command: the new today and what closed."""
    return _(
        "演示时钟已前进 %(days)s 天，今天是%(today)s：截止申报 %(campaigns)s 个批次，"
        "结束公示 %(publicities)s 个，整改期满 %(rectifications)s 项。"
    ) % {
        "days": moved.days,
        "today": full_date(moved.today),
        "campaigns": len(moved.campaigns),
        "publicities": len(moved.publicities),
        "rectifications": len(moved.rectifications),
    }
