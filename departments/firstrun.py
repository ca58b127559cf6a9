"""The first-run step this app owns: 任命角色 (core.firstrun, registered in ``apps.py``).

Done when the party office (who runs the campaign), the discipline office (who
handles objections and veto events) and at least one department contact (who
applies) are appointed: with fewer, the first campaign cannot go round.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.firstrun import FirstRunStep
from core.i18n import join_items

from .models import Post
from .rules import APPOINT
from .selectors import appointment_counts

NEEDED = (Post.PARTY_OFFICE, Post.DISCIPLINE_OFFICE, Post.CONTACT)


def _missing(counts):
    return [post for post in NEEDED if not counts[post]]


def appointments_done():
    return not _missing(appointment_counts())


def appointments_progress():
    counts = appointment_counts()
    held = join_items(
        _("%(post)s %(count)s 人") % {"post": Post(post).label, "count": counts[post]}
        for post in Post
        if counts[post]
    )
    missing = _missing(counts)
    done = _("已任命：%(held)s。") % {"held": held} if held else _("尚未任命任何人。")
    if not missing:
        return done
    return done + _("还须任命：%(missing)s。") % {
        "missing": join_items(Post(post).label for post in missing)
    }


STEP = FirstRunStep(
    key="appointments",
    order=40,
    title=gettext_lazy("任命角色"),
    url_name="departments:roles",
    perm=APPOINT,
    is_done=appointments_done,
    progress=appointments_progress,
)
