"""The party committee's confirmation of the final list (党委确认) and the
commendation that follows it: the last step of a campaign, after the publicity.

Who may confirm and when is checked here, whatever the caller: only the party
committee (``appraisal.confirm_campaign``), only once the publicity has closed
with every objection settled, on a meeting day that is neither in the future
nor before the publicity's last day.
"""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import users_with_role
from appraisal.enums import ApplicationState, CampaignKind, CampaignState, TitleStatus
from appraisal.models import ApplicationEvent, CampaignEvent, Title, TitleEvent
from appraisal.services.applications import request_application_forms
from core.errors import DomainError
from core.history import changed_by
from core.i18n import full_date, join_items, site_language
from core.permissions import require
from core.workflow import apply_transition, lock
from departments.selectors import applicants_and_head
from documents.enums import DocumentKind
from documents.numbers import document_number_next
from documents.services import document_request
from hospital.enums import IssuerRole
from hospital.selectors import title_label
from notifications.services import notify
from publicity.enums import OBJECTION_OPEN_STATES, PublicityState
from publicity.models import Publicity
from publicity.services.board import board_changed

CONFIRM = "appraisal.confirm_campaign"
REFERENCE_MAX_LENGTH = 200


def certificate_prefix(year):
    return f"QL{year}-"


def _next_certificate_serial(year):
    """The first free serial of ``year``'s certificate numbers (QL2026-001, QL2026-002…).

    Numbers already given in the year (another campaign of the same year) are
    skipped, so a certificate number is never given twice.
    """
    prefix = certificate_prefix(year)
    taken = Title.objects.filter(certificate_number__startswith=prefix).values_list(
        "certificate_number", flat=True
    )
    serials = [int(number[len(prefix) :]) for number in taken if number[len(prefix) :].isdigit()]
    return max(serials, default=0) + 1


def confirmation_refusal(campaign, publicity):
    """Why the list of ``campaign`` cannot be confirmed yet (a sentence), or None.

    Only the campaign's and the publicity's states: the page shows it before
    anyone types a date, and ``campaign_confirm`` raises it.
    """
    if campaign.kind == CampaignKind.YEARLY_EVALUATION:
        return _("“%(campaign)s”是年度清廉考评，其结果由院党委在考评结果页确认，没有公示名单。") % {
            "campaign": campaign.title
        }
    if campaign.state == CampaignState.CLOSED:
        return _("“%(campaign)s”的名单已于%(date)s经党委确认，不能再次确认。") % {
            "campaign": campaign.title,
            "date": full_date(campaign.confirmed_on),
        }
    if campaign.state != CampaignState.PUBLICITY or publicity is None:
        return _("“%(campaign)s”当前为“%(state)s”，公示结束后才能由党委确认名单。") % {
            "campaign": campaign.title,
            "state": campaign.get_state_display(),
        }
    if publicity.state == PublicityState.OPEN:
        return _("公示尚未结束：公示期至%(last_day)s 24:00，期满且异议全部办结后才能确认。") % {
            "last_day": full_date(publicity.last_day)
        }
    if publicity.state == PublicityState.CLOSED_PENDING:
        unsettled = publicity.objections.filter(state__in=OBJECTION_OPEN_STATES).count()
        return _("公示期已满，但尚有 %(count)s 件异议未办结。纪检监察室全部办结后才能确认。") % {
            "count": unsettled
        }
    return None


@transaction.atomic
def campaign_confirm(*, campaign, by, confirmed_on, reference, today=None):
    """The party committee confirms the final list of ``campaign`` at the meeting
    ``reference`` held on ``confirmed_on``: the listed departments are commended.

    Refused unless ``by`` holds ``appraisal.confirm_campaign``; while the
    campaign is not in publicity, while its publicity is open or has
    unsettled objections; without a date, with a date in the future or before
    the publicity's last day; without the meeting; when no approved
    application is left on the list.

    Side effects, in one transaction: the next document number (the
    commendation notice's 文号); the campaign → closed with the date, meeting,
    recorder and number, and a CampaignEvent naming the meeting; each approved
    application → commended with an ApplicationEvent; one Title per commended
    application (awarded on ``confirmed_on``, certificate numbers QL<year>-001…
    in unit code order) with a TitleEvent ``award``; the commendation notice,
    one certificate per title and the ZIP of all certificates requested
    (rendered after commit); the publicity board's cache cleared; the
    applicants and heads of the commended units, the party office and the
    leading group notified. Returns the closed campaign.
    """
    require(by, CONFIRM, message=_("只有院党委可以确认名单。"))
    campaign = lock(campaign)
    publicity = Publicity.objects.select_for_update().filter(campaign=campaign).first()
    refusal = confirmation_refusal(campaign, publicity)
    if refusal:
        raise DomainError(refusal)
    today = today or timezone.localdate()
    if confirmed_on is None:
        raise DomainError(_("请填写党委确认日期（党委会召开的日期）。"))
    if confirmed_on > today:
        raise DomainError(
            _("党委确认日期不能晚于今天（%(today)s）。") % {"today": full_date(today)}
        )
    if confirmed_on < publicity.last_day:
        raise DomainError(
            _("党委确认日期不能早于公示截止日期（%(last_day)s）。")
            % {"last_day": full_date(publicity.last_day)}
        )
    reference = (reference or "").strip()
    if not reference:
        raise DomainError(_("请填写确认名单的会议，例如：院党委会2026年第12次会议。"))
    if len(reference) > REFERENCE_MAX_LENGTH:
        raise DomainError(_("会议名称最多 %(limit)s 个字。") % {"limit": REFERENCE_MAX_LENGTH})
    approved = list(
        campaign.applications.filter(state=ApplicationState.APPROVED)
        .select_related("unit__head")
        .order_by("unit__code")
    )
    if not approved:
        raise DomainError(
            _("名单上已没有审定通过的科室（均因异议成立撤出名单），没有可以表扬的科室。")
        )

    commendation_number = document_number_next(
        year=campaign.year, issuer=IssuerRole.PARTY_COMMITTEE
    )
    units = join_items(a.unit.name for a in approved)
    campaign = apply_transition(
        instance=campaign,
        transition="confirm",
        by=by,
        actor_argument="by",
        event_model=CampaignEvent,
        reason=_("%(reference)s确认名单，表扬 %(count)s 个：%(units)s；表扬通报 %(number)s")
        % {
            "reference": reference,
            "count": len(approved),
            "units": units,
            "number": commendation_number,
        },
        update_fields=[
            "confirmed_by",
            "confirmed_on",
            "confirmation_reference",
            "commendation_number",
        ],
        on=confirmed_on,
        reference=reference,
        commendation_number=commendation_number,
    )
    serial = _next_certificate_serial(campaign.year)
    titles = []
    for offset, application in enumerate(approved):
        application = apply_transition(
            instance=application,
            transition="commend",
            by=by,
            event_model=ApplicationEvent,
            reason=reference,
        )
        title = Title(
            application=application,
            campaign=campaign,
            unit=application.unit,
            year=campaign.year,
            awarded_on=confirmed_on,
            certificate_number=f"{certificate_prefix(campaign.year)}{serial + offset:03d}",
        )
        changed_by(title, by=by, reason="award")
        title.save()
        TitleEvent.objects.create(
            subject=title,
            actor=by,
            transition="award",
            from_state="",
            to_state=TitleStatus.HELD,
            reason=reference,
        )
        titles.append(title)

    document_request(kind=DocumentKind.COMMENDATION, subject=campaign, campaign=campaign)
    for title in titles:
        document_request(
            kind=DocumentKind.CERTIFICATE, subject=title, campaign=campaign, title=title
        )
    document_request(kind=DocumentKind.CERTIFICATES, subject=campaign, campaign=campaign)
    # The commended departments' forms print the party committee's opinion.
    request_application_forms(approved)
    board_changed()
    _notify_confirmed(campaign, approved, commendation_number)
    return campaign


def _notify_confirmed(campaign, approved, commendation_number):
    url = reverse("appraisal:campaign", args=[campaign.pk])
    with site_language():
        title = title_label()
        for application in approved:
            unit = application.unit
            notify(
                recipients=applicants_and_head(unit),
                subject=_("%(unit)s获评%(year)s年度%(title)s")
                % {
                    "unit": unit.name,
                    "year": campaign.year,
                    "title": title,
                },
                body=_(
                    "院党委于%(date)s（%(reference)s）确认名单，%(unit)s予以通报表扬"
                    "（%(number)s），授予%(title)s称号。"
                )
                % {
                    "title": title,
                    "date": full_date(campaign.confirmed_on),
                    "reference": campaign.confirmation_reference,
                    "unit": unit.name,
                    "number": commendation_number,
                },
                url=reverse("appraisal:application", args=[application.pk]),
            )
        notify(
            recipients=[*users_with_role("party_office"), *users_with_role("leading_group")],
            subject=_("院党委已确认“%(campaign)s”名单（%(count)s 个）")
            % {"campaign": campaign.title, "count": len(approved)},
            body=_("%(date)s，%(reference)s。表扬：%(units)s。表扬通报 %(number)s。")
            % {
                "date": full_date(campaign.confirmed_on),
                "reference": campaign.confirmation_reference,
                "units": join_items(a.unit.name for a in approved),
                "number": commendation_number,
            },
            url=url,
        )
