"""Re-checks (复核) of titled departments by the working group (seed 001 七.2).

The working group checks commended departments from time to time and reports
what it found to the discipline office; a re-check that finds a problem is
where a veto event may be reported from (its page links the report form).
"""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import users_with_role
from appraisal.enums import TitleStatus
from core.errors import DomainError
from core.history import changed_by
from core.i18n import full_date, site_language
from core.permissions import require
from notifications.services import notify
from veto.enums import RecheckResult
from veto.models import Recheck
from veto.rules import ADD_RECHECK as RECORD


@transaction.atomic
def recheck_record(*, title, by, checked_on, result, findings):
    """Record a re-check of ``title`` and its result.

    Only who holds ``veto.add_recheck`` (the party office, the discipline
    office); only a title still held; not dated in the future; the findings
    are required. Side effects: one Recheck row (history credited to ``by``);
    the discipline office is notified (the seed has re-checks reported to it).
    """
    require(by, RECORD, message=_("只有党办或纪检监察室可以记录复核。"))
    if title.status != TitleStatus.HELD:
        raise DomainError(
            _("“%(unit)s”的%(year)s年度清廉科室称号已撤销，不再复核。")
            % {"unit": title.unit.name, "year": title.year}
        )
    if checked_on > timezone.localdate():
        raise DomainError(_("复核日期不能晚于今天。"))
    findings = findings.strip()
    if not findings:
        raise DomainError(_("请填写复核情况。"))
    result = RecheckResult(result)
    recheck = Recheck(
        title=title, checked_on=checked_on, result=result, findings=findings, recorded_by=by
    )
    changed_by(recheck, by=by)
    recheck.save()
    with site_language():
        notify(
            recipients=users_with_role("discipline_office"),
            subject=_("复核：%(unit)s（%(result)s）")
            % {"unit": title.unit.name, "result": result.label},
            body=_("复核日期：%(date)s。%(findings)s")
            % {"date": full_date(checked_on), "findings": findings},
            url=reverse("veto:recheck", args=[recheck.pk]),
        )
    return recheck
