"""Account slips (开通通知单): kept for their creator a short while, printed, then gone.

An initial password is shown once. It is never written to the database: the
service that draws it hands the slips to ``keep_slips``, which puts them in the
cache under the batch and its creator for ``SLIPS_KEPT_SECONDS``; the creator
downloads them as PDF or Excel, then says they are printed (``forget_slips``).
After that, or after the hour, a new slip takes a password reset.

A slip is not an official document: no number, no issuing body. It is written
by ``onboarding.slip_pdf`` (a fixed layout, not WeasyPrint: 10,000 slips in a
few seconds) in the notices' Noto CJK, ten to an A4 page along dashed lines,
to be cut apart and handed out.
"""

from dataclasses import asdict, dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from core.i18n import site_language
from core.spreadsheets import write_xlsx

from .slip_pdf import SlipText, render

SLIPS_KEPT_SECONDS = 60 * 60


@dataclass(frozen=True)
class Slip:
    department_id: int
    department: str  # the unit's name at the time
    name: str
    username: str
    password: str


def _key(batch):
    return f"onboarding:slips:{batch.pk}:{batch.created_by_id}:{batch.slip_key.hex}"


def keep_slips(batch, slips):
    """Keep ``slips`` for ``batch``'s creator for ``SLIPS_KEPT_SECONDS``."""
    cache.set(_key(batch), [asdict(slip) for slip in slips], SLIPS_KEPT_SECONDS)


def kept_slips(batch):
    """The batch's slips, in department order, or None when they are gone (printed, expired)."""
    if batch.slips_done_at is not None:
        return None
    kept = cache.get(_key(batch))
    if kept is None:
        return None
    return [Slip(**slip) for slip in kept]


def forget_slips(batch):
    cache.delete(_key(batch))


def slips_by_department(slips):
    """``[(department_id, department name, [slips])]`` in the order of the slips."""
    groups = {}
    for slip in slips:
        groups.setdefault(slip.department_id, (slip.department, []))[1].append(slip)
    return [(pk, name, items) for pk, (name, items) in groups.items()]


def slips_pdf(slips):
    """The slips as PDF bytes: each department from a new page, ten slips to a page.

    The slips are in Chinese whatever the language of the page that asks: they
    are handed to the hospital's staff.
    """
    with site_language():
        title = _("【账号开通通知单】")
        labels = {
            "name": _("姓名"),
            "department": _("科室"),
            "username": _("用户名"),
            "password": _("初始密码"),
            "site": _("登录网址"),
        }
        notes = (
            _("首次登录须修改密码（至少 10 位，不能全是数字），"),
            _("以后可在页面右上角“修改密码”处修改。"),
            _("请本人妥善保管本单，勿交他人；"),
            _("忘记密码请联系党办或系统管理员重置。"),
        )
    labels = {key: label + "：" for key, label in labels.items()}
    site = labels["site"] + settings.SITE_URL
    return render(
        [
            [
                SlipText(
                    title=title,
                    name=labels["name"] + slip.name,
                    department=labels["department"] + department,
                    username=labels["username"] + slip.username,
                    password=(labels["password"], slip.password),
                    site=site,
                    notes=notes,
                )
                for slip in items
            ]
            for _pk, department, items in slips_by_department(slips)
        ]
    )


def slips_xlsx(slips):
    """The slips as an Excel workbook (bytes): one row a person, in Chinese."""
    with site_language():
        headers = [_("科室"), _("姓名"), _("用户名"), _("初始密码"), _("登录网址")]
        title = _("开通通知单")
    site_url = settings.SITE_URL
    rows = [[slip.department, slip.name, slip.username, slip.password, site_url] for slip in slips]
    return write_xlsx(headers, rows, title=title)
