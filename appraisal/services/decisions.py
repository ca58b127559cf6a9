"""The leading group's decision (领导小组审核, the process, step 5).

The leading group approves or rejects each recommended department with a
reason; a decision may change (approved ↔ rejected) until the list is fixed,
every change a new event with who, when and why. Never more approved than
the quota: every decision locks the campaign row first, so two approvals at
the same moment are counted one after the other. Nobody decides on their own
department. Fixing the list (审定名单) locks every decision; the party office
then opens the publicity.
"""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import users_with_role
from appraisal.enums import APPLICATION_DECIDABLE_STATES, ApplicationState, CampaignState
from appraisal.models import Application, ApplicationEvent, CampaignEvent
from appraisal.services.applications import request_application_forms
from appraisal.services.evaluations import refuse_yearly
from core.errors import DomainError, StaleStateError
from core.i18n import full_date, join_items, site_language
from core.permissions import require
from core.workflow import apply_transition, lock
from notifications.services import notify

DECIDE = "appraisal.decide_application"


def fixed_at_text(campaign):
    """When the list was fixed, as people read it: 2026年9月18日 14:30 (Asia/Shanghai)."""
    at = timezone.localtime(campaign.list_fixed_at)
    return f"{full_date(at)} {at:%H:%M}"


def require_leading_group(by):
    require(by, DECIDE, message=_("只有领导小组成员可以审定。"))


def _require_deciding(campaign):
    refuse_yearly(campaign, _("领导小组审定"))
    if campaign.state == CampaignState.DECIDING:
        return
    if campaign.list_fixed_at is not None:
        raise DomainError(
            _("名单已于%(at)s审定，审定意见不能再修改。") % {"at": fixed_at_text(campaign)}
        )
    raise DomainError(
        _("“%(campaign)s”当前为“%(state)s”，不在领导小组审定阶段。")
        % {"campaign": campaign.title, "state": campaign.get_state_display()}
    )


def _approved(campaign, *, excluding=None):
    approved = Application.objects.filter(campaign=campaign, state=ApplicationState.APPROVED)
    if excluding is not None:
        approved = approved.exclude(pk=excluding.pk)
    return list(approved.select_related("unit").order_by("unit__code"))


def _unit_names(applications):
    return join_items(a.unit.name for a in applications)


@transaction.atomic
def decision_record(*, application, by, approve, reason, seen_state=None):
    """The leading group approves (``approve=True``) or rejects a recommended
    application, with a reason; changes an earlier decision while the list is
    not fixed.

    ``seen_state`` is the state the member saw when they chose (the decision
    form sends it): when another member has decided meanwhile, the decision is
    refused with a ``StaleStateError`` naming the state now, instead of
    silently overturning a decision its author never saw.

    Refused for anyone outside the leading group, for a member who works in
    the department, without a reason, outside the deciding stage, for an
    application that was not recommended, and for an approval beyond the
    campaign's quota (the campaign row is locked before the approved ones are
    counted). Side effects: state → approved or rejected; an ApplicationEvent
    with the reason (who, when, why).
    """
    require_leading_group(by)
    reason = reason.strip()
    # The campaign row first, whatever the decision: concurrent decisions on one
    # campaign queue here, so the count below sees every approval committed before.
    campaign = lock(application.campaign)
    _require_deciding(campaign)
    application = lock(application)
    unit = application.unit
    if application.campaign_id != campaign.pk:  # pragma: no cover - lock() reloaded both by pk
        raise DomainError(_("该申报不属于本批次。"))
    if application.state not in APPLICATION_DECIDABLE_STATES:
        raise DomainError(
            _("“%(unit)s”的申报当前为“%(state)s”，不在报送领导小组的推荐名单内。")
            % {"unit": unit.name, "state": application.get_state_display()}
        )
    require(
        by,
        DECIDE,
        application,
        message=_("您是“%(unit)s”的人员，须回避，不能审定本科室的申报。") % {"unit": unit.name},
    )
    if not reason:
        raise DomainError(_("请填写审定理由。"))
    target = ApplicationState.APPROVED if approve else ApplicationState.REJECTED
    if application.state == target:
        raise DomainError(
            _("“%(unit)s”已是“%(state)s”，无需重复审定。")
            % {"unit": unit.name, "state": application.get_state_display()}
        )
    if seen_state and application.state != seen_state:
        raise StaleStateError(current=application.get_state_display())
    if approve:
        approved = _approved(campaign, excluding=application)
        if len(approved) >= campaign.quota:
            raise DomainError(
                _(
                    "评选名额为 %(quota)s 个，已审定通过 %(count)s 个：%(units)s。"
                    "如需通过“%(unit)s”，请先将其中一个改为不通过。"
                )
                % {
                    "quota": campaign.quota,
                    "count": len(approved),
                    "units": _unit_names(approved),
                    "unit": unit.name,
                }
            )
    return apply_transition(
        instance=application,
        transition="approve" if approve else "reject",
        by=by,
        event_model=ApplicationEvent,
        reason=reason,
    )


def _stale(application, seen_states):
    seen = (seen_states or {}).get(application.pk)
    return bool(seen) and application.state != seen


@transaction.atomic
def decisions_record_many(*, campaign, applications, by, approve, reason, seen_states=None):
    """The leading group approves (``approve=True``) or rejects several recommended
    applications of ``campaign`` with one reason: all of them, or none.

    ``seen_states`` maps an application's pk to the state the member saw when they
    ticked it: one changed meanwhile (another member decided) refuses the whole
    selection, naming the department and its state now.

    Refused, with nothing written, for anyone outside the leading group, without a
    reason or a selection, outside the deciding stage, when one of them is not in
    this campaign's recommended list, is the member's own department (naming it),
    already has this decision, changed since the page was loaded, or when approving
    them would pass the quota (naming the quota, the approved count so far and how
    many this would add). The campaign row is locked before the approved ones are
    counted, as ``decision_record`` does, so a single decision and a bulk one queue.

    Side effects, for each application, as ``decision_record``: state → approved or
    rejected; an ApplicationEvent with the reason (who, when, why). No notification,
    as for a single decision (the party office learns the list when it is fixed).
    Returns the applications, locked and saved, ordered by the unit's code.
    """
    require_leading_group(by)
    reason = reason.strip()
    campaign = lock(campaign)
    _require_deciding(campaign)
    pks = sorted({application.pk for application in applications})
    if not pks:
        raise DomainError(_("请先勾选要审定的科室。"))
    if not reason:
        raise DomainError(_("请填写审定理由。"))
    # Locked in one order (by pk) so two bulk decisions never wait on each other crosswise.
    locked = list(
        Application.objects.select_for_update(of=("self",))
        .filter(pk__in=pks)
        .select_related("unit")
        .order_by("pk")
    )
    if len(locked) != len(pks) or any(a.campaign_id != campaign.pk for a in locked):
        raise DomainError(_("所选的申报有的已不在本批次中，请刷新页面后重新选择。"))
    locked.sort(key=lambda a: a.unit.code)
    stale = [a for a in locked if _stale(a, seen_states)]
    if stale:
        raise DomainError(
            _("以下科室的审定情况已被他人改变：%(units)s。请刷新页面，看过最新状态后重新选择。")
            % {
                "units": join_items(
                    _("%(unit)s（现为“%(state)s”）")
                    % {"unit": a.unit.name, "state": a.get_state_display()}
                    for a in stale
                )
            }
        )
    outside = [a for a in locked if a.state not in APPLICATION_DECIDABLE_STATES]
    if outside:
        raise DomainError(
            _("以下科室的申报不在报送领导小组的推荐名单内：%(units)s。")
            % {"units": _unit_names(outside)}
        )
    own = [a for a in locked if not by.has_perm(DECIDE, a)]
    if own:
        raise DomainError(
            _("您须回避本科室的申报，不能审定：%(units)s。请取消勾选后再提交。")
            % {"units": _unit_names(own)}
        )
    target = ApplicationState.APPROVED if approve else ApplicationState.REJECTED
    already = [a for a in locked if a.state == target]
    if already:
        raise DomainError(
            _("以下科室已是“%(state)s”，无需重复审定：%(units)s。请取消勾选后再提交。")
            % {"state": target.label, "units": _unit_names(already)}
        )
    if approve:
        approved = _approved(campaign)
        if len(approved) + len(locked) > campaign.quota:
            raise DomainError(
                _(
                    "评选名额为 %(quota)s 个，已审定通过 %(count)s 个，本次将再通过 %(adding)s 个"
                    "（%(units)s），共 %(total)s 个，超过名额。请减少勾选的科室，"
                    "或先将已通过的科室改为不通过。"
                )
                % {
                    "quota": campaign.quota,
                    "count": len(approved),
                    "adding": len(locked),
                    "units": _unit_names(locked),
                    "total": len(approved) + len(locked),
                }
            )
    return [
        apply_transition(
            instance=application,
            transition="approve" if approve else "reject",
            by=by,
            event_model=ApplicationEvent,
            reason=reason,
        )
        for application in locked
    ]


@transaction.atomic
def campaign_fix_list(*, campaign, by, now=None):
    """The leading group fixes the list (审定名单): campaign deciding → decided.

    Refused while a recommended application has no decision (naming them),
    when nothing is approved and above the quota. Side effects: the campaign's
    state, ``list_fixed_at``/``list_fixed_by``; a CampaignEvent listing the
    approved departments; the party office is notified to open the publicity.
    """
    require_leading_group(by)
    campaign = lock(campaign)
    _require_deciding(campaign)
    applications = list(
        Application.objects.filter(campaign=campaign, state__in=APPLICATION_DECIDABLE_STATES)
        .select_related("unit")
        .order_by("unit__code")
    )
    undecided = [a for a in applications if a.state == ApplicationState.RECOMMENDED]
    if undecided:
        raise DomainError(
            _("以下推荐的科室尚未审定：%(units)s。请逐一审定通过或不通过后再审定名单。")
            % {"units": _unit_names(undecided)}
        )
    approved = [a for a in applications if a.state == ApplicationState.APPROVED]
    if not approved:
        raise DomainError(_("没有审定通过的科室，不能审定名单。"))
    if len(approved) > campaign.quota:  # decision_record never lets this happen
        raise DomainError(
            _("审定通过 %(count)s 个，超过评选名额 %(quota)s 个：%(units)s。")
            % {"count": len(approved), "quota": campaign.quota, "units": _unit_names(approved)}
        )
    with site_language():
        reason = _("审定通过 %(count)s 个：%(units)s") % {
            "count": len(approved),
            "units": _unit_names(approved),
        }
    campaign = apply_transition(
        instance=campaign,
        transition="fix_list",
        by=by,
        event_model=CampaignEvent,
        reason=reason,
        update_fields=["list_fixed_at", "list_fixed_by"],
        fixed_by=by,
        fixed_at=now or timezone.now(),
    )
    # The forms print the leading group's decision from now on (appraisal/documents.py).
    request_application_forms(applications)
    with site_language():
        notify(
            recipients=users_with_role("party_office"),
            subject=_("领导小组已审定“%(campaign)s”的名单（通过 %(count)s 个），请发布公示")
            % {"campaign": campaign.title, "count": len(approved)},
            body=reason,
            url=reverse("appraisal:campaign", args=[campaign.pk]),
        )
    return campaign
