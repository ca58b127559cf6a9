"""The party branch's opinion (党支部意见) on a submitted application.

When the campaign uses the branch step, a submitted application waits for
the secretary of its unit's party branch; agree or disagree, it then goes to
the party office with the opinion attached.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.roles import users_with_role
from appraisal.models import ApplicationEvent, BranchOpinion
from core.errors import DomainError
from core.i18n import site_language
from core.permissions import require
from core.workflow import apply_transition, lock
from departments.selectors import applicants_of
from notifications.services import notify

from .applications import application_url, request_application_form


@transaction.atomic
def branch_opinion_record(*, application, by, agrees, opinion):
    """The branch secretary's opinion on the submitted version.

    Only the secretary of the unit's party branch. Agree or disagree, the
    application then goes to the party office with the opinion attached.
    Side effects: one BranchOpinion; state → submitted; an event; notifications;
    the 申报表 PDF is requested again, now with the opinion.
    """
    application = lock(application)
    require(
        by,
        "appraisal.give_branch_opinion",
        application,
        message=_("只有“%(unit)s”所在党支部的书记可以填写党支部意见。")
        % {"unit": application.unit.name},
    )
    if not opinion.strip():
        raise DomainError(_("请填写党支部意见。"))
    BranchOpinion.objects.create(
        application=application,
        version=application.version,
        agrees=agrees,
        opinion=opinion.strip(),
        given_by=by,
    )
    application = apply_transition(
        instance=application,
        transition="record_branch_opinion",
        by=by,
        event_model=ApplicationEvent,
        reason=(_("同意：%(opinion)s") if agrees else _("不同意：%(opinion)s"))
        % {"opinion": opinion.strip()},
    )
    request_application_form(application)
    with site_language():
        subject = (
            _("%(unit)s申报已有党支部意见（同意）")
            if agrees
            else _("%(unit)s申报已有党支部意见（不同意）")
        ) % {"unit": application.unit.name}
        notify(
            recipients=[
                *users_with_role("party_office"),
                *applicants_of(application.unit),
            ],
            subject=subject,
            url=application_url(application),
        )
    return application
