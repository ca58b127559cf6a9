"""The first-run step this app owns (core.firstrun): 导入名册, the hospital's
departments and people, imported from the roster file."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.firstrun import FirstRunStep, register_step
from departments.selectors import roster_counts


def roster_imported():
    counts = roster_counts()
    return counts["departments"] > 0 and counts["people"] > 0


def roster_progress():
    counts = roster_counts()
    if not (counts["departments"] and counts["people"]):
        return _("尚未导入：请上传科室与人员名册（Excel 或 CSV），预览无误后确认导入。")
    return _("已导入 %(departments)s 个科室、%(people)s 人。") % counts


def register():
    register_step(
        FirstRunStep(
            key="roster",
            order=20,
            title=gettext_lazy("导入名册"),
            url_name="departments:import",
            perm="departments.import_roster",
            is_done=roster_imported,
            progress=roster_progress,
        )
    )
