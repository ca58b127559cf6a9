"""The first-run steps this app owns (core.firstrun, registered in ``apps.py``).

导入名册: the hospital's departments and people, imported from the roster file.

任命角色: done when the party office (who runs the campaign), the discipline
office (who handles objections and veto events) and at least one department
contact (who applies) are appointed: with fewer, the first campaign cannot go round.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.firstrun import FirstRunStep
from core.i18n import join_items

from .models import Post
from .rules import APPOINT
from .selectors import appointment_counts, roster_counts

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


APPOINTMENTS_STEP = FirstRunStep(
    key="appointments",
    order=40,
    title=gettext_lazy("任命角色"),
    url_name="departments:roles",
    perm=APPOINT,
    is_done=appointments_done,
    progress=appointments_progress,
)


def roster_imported():
    counts = roster_counts()
    return counts["departments"] > 0 and counts["people"] > 0


def roster_progress():
    counts = roster_counts()
    if not (counts["departments"] and counts["people"]):
        return _("尚未导入：请上传科室与人员名册（Excel 或 CSV），预览无误后确认导入。")
    return _("已导入 %(departments)s 个科室、%(people)s 人。") % counts


ROSTER_STEP = FirstRunStep(
    key="roster",
    order=20,
    title=gettext_lazy("导入名册"),
    url_name="departments:import",
    perm="departments.import_roster",
    is_done=roster_imported,
    progress=roster_progress,
)
