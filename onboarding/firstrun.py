"""The first-run step 开通账号: done when every active person has an account."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.firstrun import FirstRunStep

from .rules import CREATE_ACCOUNTS
from .selectors import account_totals


def accounts_done():
    totals = account_totals()
    return totals["with"] > 0 and totals["without"] == 0


def accounts_progress():
    totals = account_totals()
    if not totals["with"] and not totals["without"]:
        return gettext("名册中还没有在职人员：请先导入人员名册。")
    return gettext("已有账号 %(with)s 人，尚未开通 %(without)s 人。") % totals


ACCOUNTS_STEP = FirstRunStep(
    key="accounts",
    order=30,
    title=_("开通账号"),
    url_name="onboarding:accounts",
    perm=CREATE_ACCOUNTS,
    is_done=accounts_done,
    progress=accounts_progress,
)
