"""The coverage toward the target reads what other apps keep (units, titles,
rectifications, yearly results) and keeps nothing of its own. ``CoverageUnit`` is a
proxy of a unit, so the permission to read the coverage is a model permission roles
are given (``accounts.roles``) and the cached navigation can ask."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from departments.models import Department


class CoverageUnit(Department):
    """A department or clean team as the coverage toward the target sees it."""

    class Meta:
        proxy = True
        default_permissions = ()
        permissions = [("view_coverage", "查看全覆盖进度")]
        verbose_name = _("全覆盖单元")
        verbose_name_plural = pgettext_lazy("plural", "全覆盖单元")
