"""Account slips (开通通知单): kept for their creator a short while, printed, then gone.

An initial password is shown once. It is never written to the database: the
service that draws it hands the slips to ``keep_slips``, which puts them in the
cache under the batch and its creator for ``SLIPS_KEPT_SECONDS``; the creator
downloads them as PDF or Excel, then says they are printed (``forget_slips``).
After that, or after the hour, a new slip takes a password reset.

A slip is not an official document: no number, no issuing body. It is laid out
by ``documents.notices.render_html`` in the notices' fonts, ten to an A4 page
along dashed lines, to be cut apart and handed out.
"""

from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from core.i18n import site_language
from core.spreadsheets import write_xlsx
from documents.notices import render_html

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
    template_dir = Path(settings.BASE_DIR) / "templates" / "onboarding" / "pdf"
    with site_language():
        html = render_to_string(
            "onboarding/pdf/slips.html",
            {"departments": slips_by_department(slips), "site_url": settings.SITE_URL},
        )
    return render_html(html, template_dir=template_dir)


def slips_xlsx(slips):
    """The slips as an Excel workbook (bytes): one row a person, in Chinese."""
    with site_language():
        headers = [_("科室"), _("姓名"), _("用户名"), _("初始密码"), _("登录网址")]
        title = _("开通通知单")
    site_url = settings.SITE_URL
    rows = [[slip.department, slip.name, slip.username, slip.password, site_url] for slip in slips]
    return write_xlsx(headers, rows, title=title)
