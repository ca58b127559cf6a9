"""Integrity commitments (廉洁承诺书): recorded from a scan by the unit's head or
contact, or confirmed by the signer in their own account. One standing commitment per
person and year."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import AlreadySubmittedError, DomainError
from core.i18n import full_date
from departments.models import Person
from integrity.enums import DEFAULT_COMMITMENT_TEXT, SigningMethod
from integrity.models import Commitment, CommitmentScan

from .common import (
    checked_scan,
    require_day,
    require_keeper,
    require_member,
    require_new,
)


def standing_commitment(person, year):
    """The person's commitment of ``year`` that is not withdrawn, or None."""
    return (
        Commitment.objects.filter(person=person, year=year, withdrawn_at__isnull=True)
        .select_related("unit")
        .first()
    )


def _require_unsigned(person, year, *, mine=False):
    earlier = standing_commitment(person, year)
    if earlier is None:
        return
    values = {
        "person": person,
        "year": year,
        "date": full_date(earlier.signed_on),
        "unit": earlier.unit.name,
    }
    if mine:
        raise AlreadySubmittedError(
            _("您已于%(date)s签署%(year)s年度廉洁承诺书。") % values, existing=earlier
        )
    raise DomainError(
        _(
            "%(person)s已于%(date)s签署%(year)s年度廉洁承诺书（%(unit)s），不能重复记录；如记录有误，请先撤回。"
        )
        % values,
        field="person",
    )


@transaction.atomic
def commitment_record(
    *, unit, person, signed_on, by, upload, received_by=None, submission_key=None
):
    """Record ``person``'s commitment signed on paper on ``signed_on``, with its scan.

    Refused unless ``by`` keeps ``unit``'s records; the date is given and not in the
    future; ``person`` was a member of ``unit`` on that day; they have no standing
    commitment of that year; the scan is a PDF, JPG or PNG (by content, at most 20 MB);
    for the unit's head, who signs with the hospital, ``received_by`` (who received it
    for the hospital, not the head) is given. Staff sign with their head:
    ``received_by`` defaults to the unit's head.

    ``submission_key`` is the form's one-time key: the same form sent twice gives
    ``AlreadySubmittedError`` with the first record and writes nothing.

    Side effects: one Commitment (year of ``signed_on``), its scan stored privately, a
    history row.
    """
    require_keeper(by, unit)
    require_day(signed_on, field="signed_on")
    if upload is None:
        raise DomainError(_("请上传签署后的承诺书扫描件（PDF、JPG 或 PNG）。"), field="scan")
    require_member(person, unit, signed_on, field="person")
    signer_is_head = unit.head_id == person.pk
    if signer_is_head:
        if received_by is None:
            raise DomainError(
                _("科室负责人与医院签订廉洁承诺书：请填写代表医院接收承诺书的人。"),
                field="received_by",
            )
        if received_by.pk == person.pk:
            raise DomainError(_("接收人不能是签署人本人。"), field="received_by")
    elif received_by is None:
        received_by = unit.head
    checked = checked_scan(upload, field="scan")
    require_new(Commitment, by, submission_key, message=_("该承诺书已经记录过，没有重复登记。"))
    Person.objects.select_for_update().filter(pk=person.pk).first()
    _require_unsigned(person, signed_on.year)
    commitment = Commitment(
        unit=unit,
        person=person,
        year=signed_on.year,
        signed_on=signed_on,
        method=SigningMethod.SCAN,
        signer_is_head=signer_is_head,
        received_by=received_by,
        recorded_by=by,
        submission_key=submission_key,
    )
    commitment._history_user = by
    commitment.save()
    CommitmentScan.create_from(checked, commitment=commitment, uploaded_by=by)
    return commitment


def own_person(user):
    """The active roster entry of ``user`` (with its unit and head), or None."""
    if user is None or not user.is_authenticated:
        return None
    return Person.objects.select_related("department__head").filter(user=user, active=True).first()


@transaction.atomic
def commitment_confirm(*, by, text=DEFAULT_COMMITMENT_TEXT):
    """``by`` confirms this year's commitment in their own account.

    Refused unless ``by`` is on the roster (active); a second confirmation of the year
    (or one already recorded from a scan) gives ``AlreadySubmittedError`` with the
    standing one. The commitment is the unit's (their department now), dated today,
    with the text confirmed; a staff member signs with their head, the head with the
    hospital (no receiver: confirmed online). Side effects: one Commitment and a
    history row.
    """
    person = own_person(by)
    if person is None:
        raise DomainError(_("您不在在职人员名册上，无法签署廉洁承诺书。请联系党办。"))
    Person.objects.select_for_update().filter(pk=person.pk).first()
    today = timezone.localdate()
    _require_unsigned(person, today.year, mine=True)
    unit = person.department
    signer_is_head = unit.head_id == person.pk
    commitment = Commitment(
        unit=unit,
        person=person,
        year=today.year,
        signed_on=today,
        method=SigningMethod.ONLINE,
        signer_is_head=signer_is_head,
        received_by=None if signer_is_head else unit.head,
        text=text,
        recorded_by=by,
    )
    commitment._history_user = by
    commitment.save()
    return commitment
