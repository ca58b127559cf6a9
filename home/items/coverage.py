"""The coverage toward the target on the party committee's and the party office's home
(coverage/selectors.py, docs/coverage.md): the share covered and the way to the target."""

from django.urls import reverse
from django.utils.translation import gettext as _

from coverage.rules import VIEW
from coverage.selectors import hospital_coverage
from home.items import HomeItem


def coverage_items(user):
    if not user.has_perm(VIEW):
        return []
    coverage = hospital_coverage()
    if not coverage.base_count:
        return []
    if coverage.reached:
        note = _("已实现全覆盖")
    elif coverage.missed:
        note = _("%(target)s年目标未能实现，仍有 %(left)s 个未覆盖") % {
            "target": coverage.target_year,
            "left": coverage.to_cover,
        }
    else:
        note = _("距%(target)s年目标尚有 %(left)s 个未覆盖，每年需新覆盖 %(needed)s 个") % {
            "target": coverage.target_year,
            "left": coverage.to_cover,
            "needed": coverage.needed_per_year,
        }
    return [
        HomeItem(
            label=_("全覆盖进度：已覆盖 %(covered)s/%(base)s 个科室和团队（%(share)s%%）")
            % {
                "covered": coverage.covered_count,
                "base": coverage.base_count,
                "share": coverage.share,
            },
            url=reverse("coverage:overview"),
            note=note,
        )
    ]
